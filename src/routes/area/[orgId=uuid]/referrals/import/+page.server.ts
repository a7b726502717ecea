import { fail } from '@sveltejs/kit';
import { msg } from '$lib/i18n';
import { checkForm } from '$lib/forms/form';
import { importForm } from '$lib/forms/referrals';
import { auditContext } from '$lib/server/audit';
import { getDb } from '$lib/server/db';
import { authorizeInOrg } from '$lib/server/policy';
import { importReferralsCsv, IMPORT_COLUMNS } from '$lib/server/referrals/import';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, params }) => {
	authorizeInOrg(locals.actor, 'referral.create', params.orgId);
	return { columns: [...IMPORT_COLUMNS] };
};

export const actions: Actions = {
	default: async (event) => {
		authorizeInOrg(event.locals.actor, 'referral.create', event.params.orgId);
		const checked = checkForm(importForm, await event.request.formData());
		if (!checked.ok) return fail(400, { errors: checked.errors, message: msg('errors.checkFields') });
		const file = checked.value.file!;
		const result = await importReferralsCsv(await getDb(), auditContext(event, event.params.orgId), event.params.orgId, await file.text());
		if (!result.ok) return fail(400, { problems: result.problems, message: msg('errors.csvRejected') });
		return { imported: result.count };
	}
};
