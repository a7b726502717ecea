/** The OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json; its schemas are generated. */
import { toJsonSchema } from '@valibot/to-json-schema';
import type * as v from 'valibot';
import { createdSchema, errorSchema, newReferralSchema, referralStateSchema } from './schemas';

// OpenAPI 3.1 uses JSON Schema 2020-12. Custom checks (business rules) have no JSON Schema form: they are
// left out of the description rather than failing the generation.
const jsonSchema = (schema: v.GenericSchema) => {
	const { $schema: _draft, ...rest } = toJsonSchema(schema, { target: 'draft-2020-12', errorMode: 'ignore' });
	return rest;
};

const problem = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };

export const openapi = {
	openapi: '3.1.0',
	info: {
		title: 'Palveluntuottajaportaali API',
		version: '1.0.0',
		description:
			"For an employment area's own systems. Authenticate with an API key created by the area's admin: `Authorization: Bearer ptp_…`. " +
			'Every call is audited. Errors are `{ error, details? }` with codes, never free text. ' +
			'Request bodies are validated strictly: unknown keys and values of the wrong type are refused (422).'
	},
	servers: [{ url: '/api/v1' }],
	components: {
		securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'ptp_<prefix>_<secret>' } },
		schemas: {
			NewReferral: jsonSchema(newReferralSchema),
			Referral: jsonSchema(referralStateSchema),
			Created: jsonSchema(createdSchema),
			Error: jsonSchema(errorSchema)
		}
	},
	security: [{ apiKey: [] }],
	paths: {
		'/referrals': {
			post: {
				summary: 'Refer a customer (scope referrals:write)',
				requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/NewReferral' } } } },
				responses: {
					'201': { description: 'Created', content: { 'application/json': { schema: { $ref: '#/components/schemas/Created' } } } },
					'400': { description: 'Not JSON, or text that cannot be stored (NUL)', content: problem },
					'401': { description: 'No valid key' },
					'403': { description: 'The key lacks the scope' },
					'415': { description: 'The body is not application/json', content: problem },
					'422': { description: 'Refused by the schema or the rules (field codes in details)', content: problem }
				}
			}
		},
		'/referrals/{id}': {
			get: {
				summary: 'A referral’s state (scope referrals:read)',
				parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
				responses: {
					'200': { description: 'The referral', content: { 'application/json': { schema: { $ref: '#/components/schemas/Referral' } } } },
					'401': { description: 'No valid key' },
					'403': { description: 'The key lacks the scope' },
					'404': { description: 'No such referral in the key’s area' }
				}
			}
		}
	}
};
