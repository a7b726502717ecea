import { fail } from '@sveltejs/kit';
import { msg } from '$lib/i18n';
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
		const file = (await event.request.formData()).get('file');
		if (!(file instanceof File) || file.size === 0) return fail(400, { message: msg('errors.fileEmpty') });
		if (file.size > 2 * 1024 * 1024) return fail(400, { message: msg('errors.fileTooLarge') });
		const result = await importReferralsCsv(await getDb(), auditContext(event, event.params.orgId), event.params.orgId, await file.text());
		if (!result.ok) return fail(400, { problems: result.problems, message: msg('errors.csvRejected') });
		return { imported: result.count };
	}
};
