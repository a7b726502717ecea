/**
 * The area's customer page (`/area/:id/customers/:customerId`): contact data and its correction, and the
 * customer's own report as JSON and PDF. Only the area's admins and case officers (`customer.report`,
 * `customer.rectify`), only for the area's own customers: a customer of another area is not there (404).
 */
import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { and, eq } from 'drizzle-orm';
import { msg } from '$lib/i18n';
import { auditContext } from '../audit';
import { customers } from '../db/schema';
import { refuse } from '../forms';
import { checkForm } from '$lib/forms/form';
import { canInOrg, type OrgAction } from '../policy';
import { customerOfArea } from '../policy/scope';
import { authorizeInWorkspace, resolveInWorkspace } from '../workspace';
import { customerReportPdf } from './pdf';
import { customerReport } from './report';
import { rectificationForm } from './schemas';
import { getCustomer, rectifyContact } from './service';

type Ev = Pick<RequestEvent, 'locals' | 'request' | 'getClientAddress'> & { params: { orgId: string; customerId: string } };

/** The customer, found in SQL among the area's own customers only; 404 for anyone else's. */
function customerFor(event: Ev, action: OrgAction) {
	return resolveInWorkspace(event, event.params.customerId, {
		gate: () => authorizeInWorkspace(event.locals.actor, action, event.params.orgId, 'area'),
		load: async (db, id) => {
			const actor = event.locals.actor!;
			const [row] = await db
				.select({ id: customers.id, areaId: customers.areaId })
				.from(customers)
				.where(and(eq(customers.id, id), customerOfArea(actor, event.params.orgId)));
			return row ? { ...row, providerId: null } : undefined;
		},
		authorize: (a, row) => {
			if (!a || !row) error(404, 'notFound');
			return a;
		}
	});
}

export async function loadCustomerPage(event: Ev) {
	const { actor, db, scope } = await customerFor(event, 'customer.report');
	const data = await getCustomer(db, auditContext(event, event.params.orgId), scope.areaId, scope.id);
	if (!data) error(404, 'notFound');
	return { ...data, canRectify: canInOrg(actor, 'customer.rectify', event.params.orgId) };
}

export const customerActions = {
	rectify: async (event: Ev) => {
		const { db, scope } = await customerFor(event, 'customer.rectify');
		const data = await event.request.formData();
		const checked = checkForm(rectificationForm, data);
		const values = checked.values;
		if (!checked.ok) return fail(400, { form: 'rectify', values, errors: checked.errors, message: msg('errors.checkFields') });
		const r = await rectifyContact(db, auditContext(event, event.params.orgId), scope.areaId, scope.id, checked.value);
		return r.ok ? { success: msg('privacy.corrected') } : refuse(r.error, { form: 'rectify', values });
	}
};

async function reportOf(event: Ev) {
	const { db, scope } = await customerFor(event, 'customer.report');
	const report = await customerReport(db, auditContext(event, event.params.orgId), scope.areaId, scope.id);
	if (!report) error(404, 'notFound');
	return report;
}

const fileName = (number: string, ext: string) => `customer-report-${number.replace(/[^A-Za-z0-9_-]/g, '')}.${ext}`;

/** The report as machine-readable JSON (schema `ptp.customer-report/1`, see the README). */
export async function customerReportJson(event: Ev) {
	const report = await reportOf(event);
	return new Response(JSON.stringify(report, null, 2), {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-disposition': `attachment; filename="${fileName(report.customer.customerNumber, 'json')}"`,
			'cache-control': 'no-store'
		}
	});
}

/** The report as a PDF in the customer's language. */
export async function customerReportPdfResponse(event: Ev) {
	const report = await reportOf(event);
	const pdf = await customerReportPdf(report);
	return new Response(new Uint8Array(pdf), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="${fileName(report.customer.customerNumber, 'pdf')}"`,
			'cache-control': 'no-store'
		}
	});
}
