/** The OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json. */
export const openapi = {
	openapi: '3.1.0',
	info: {
		title: 'Palveluntuottajaportaali API',
		version: '1.0.0',
		description:
			"For an employment area's own systems. Authenticate with an API key created by the area's admin: `Authorization: Bearer ptp_…`. Every call is audited. Errors are `{ error, details? }` with codes, never free text."
	},
	servers: [{ url: '/api/v1' }],
	components: {
		securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'ptp_<prefix>_<secret>' } },
		schemas: {
			NewReferral: {
				type: 'object',
				required: ['officerEmail', 'contractId', 'customerNumber', 'name', 'language', 'consentFormVersion', 'consentScope', 'consentGivenOn'],
				properties: {
					officerEmail: { type: 'string', format: 'email', description: 'A case officer of the key’s area, on whose behalf the referral is made' },
					contractId: { type: 'string', format: 'uuid' },
					cohortId: { type: ['string', 'null'], format: 'uuid' },
					customerNumber: { type: 'string', maxLength: 40 },
					name: { type: 'string', maxLength: 200 },
					phone: { type: ['string', 'null'] },
					email: { type: ['string', 'null'], format: 'email' },
					language: { enum: ['fi', 'sv', 'en'] },
					personalId: { type: ['string', 'null'], description: 'Henkilötunnus, only when the contract requires it' },
					needs: { type: ['string', 'null'], maxLength: 500 },
					plannedStart: { type: ['string', 'null'], format: 'date' },
					consentFormVersion: { type: 'string', maxLength: 40 },
					consentScope: { type: 'string', maxLength: 200 },
					consentGivenOn: { type: 'string', format: 'date' }
				}
			},
			Referral: {
				type: 'object',
				properties: {
					id: { type: 'string', format: 'uuid' },
					status: { enum: ['waiting', 'accepted', 'declined', 'withdrawn'] },
					contractId: { type: 'string', format: 'uuid' },
					cohortId: { type: ['string', 'null'], format: 'uuid' },
					customerNumber: { type: 'string' },
					answerDue: { type: 'string', format: 'date', description: 'Europe/Helsinki calendar day' },
					answeredAt: { type: ['string', 'null'], format: 'date-time' },
					declineReason: { enum: ['no_capacity', 'not_suitable', 'no_response', 'other', null] }
				}
			},
			Error: { type: 'object', properties: { error: { type: 'string' }, details: { type: 'object', additionalProperties: { type: 'string' } } } }
		}
	},
	security: [{ apiKey: [] }],
	paths: {
		'/referrals': {
			post: {
				summary: 'Refer a customer (scope referrals:write)',
				requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/NewReferral' } } } },
				responses: {
					'201': { description: 'Created', content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } } } } } },
					'400': { description: 'Not JSON', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
					'401': { description: 'No valid key' },
					'403': { description: 'The key lacks the scope' },
					'422': { description: 'Refused by the rules (field codes in details)', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }
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
} as const;
