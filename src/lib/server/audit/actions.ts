/**
 * Every audit action code, in one list (like the policy's actions): `recordAudit` takes only these, and the
 * audit search offers them. A code is stored in the append-only log, so a code once written is never
 * renamed (a renamed code would split a customer's history in two); new codes are `area.verb_object` in
 * snake_case.
 */
export const AUDIT_ACTIONS = [
	// Sign-in and accounts
	'auth.login',
	'auth.login_failed',
	'auth.login_throttled',
	'auth.login_recovery_code',
	'auth.login_oidc',
	'auth.oidc_failed',
	'auth.password_ok',
	'auth.mfa_failed',
	'auth.totp_enrolled',
	'auth.recovery_codes_issued',
	'auth.reset_requested',
	'auth.password_reset',
	'auth.invite_accepted',
	'auth.logout',
	'auth.logout_everywhere',
	'auth.session_ended',
	'auth.other_sessions_ended',
	'auth.passkey_added',
	'auth.passkey_removed',
	'auth.passkey_clone_suspected',
	'push.subscribe',
	// The person's own notifications: opened (read) or all marked read
	'notification.read',
	'notification.read_all',
	// Members of an organisation
	'user.invite',
	'user.invitation_created',
	'user.invitation_accepted',
	'user.invitation_declined',
	'user.update_roles',
	'user.deactivate',
	'user.set_locale',
	// The log itself, the outbox, API keys
	'audit.search',
	'audit.export',
	'audit.customer_report',
	'outbox.read',
	// The platform admin: organisations and background work
	'organisation.create_area',
	'organisation.deactivate',
	'organisation.reactivate',
	'jobs.retry',
	'api_key.create',
	'api_key.revoke',
	'api.referral_read',
	// Providers, contracts, assignments
	'provider.register',
	'provider.link',
	'provider.update',
	'provider.bank_account_change',
	'provider.supplier_record_update',
	'area.einvoice_update',
	'contract.create',
	'contract.update',
	'contract.price_line_add',
	'contract.cohort_add',
	'contract.option_add',
	'contract.option_use',
	'contract.contact_add',
	'contract.document_add',
	// Written before the style was settled (`contract.${part}_remove` with the part's camelCase name).
	'contract.priceLine_remove',
	'contract.cohort_remove',
	'contract.option_remove',
	'contract.contact_remove',
	'contract.document_remove',
	'contract.document_download',
	'assignment.create',
	'assignment.end',
	// Customers: referrals, reads, consent
	'referral.create',
	'referral.accept',
	'referral.decline',
	'referral.withdraw',
	'customer.read',
	'customer.list',
	'customer.reveal_personal_id',
	'consent.revoke',
	// The customer's own report (GDPR art. 15) and a correction of their contact data (art. 16)
	'customer.report',
	'customer.contact_correct',
	// A participation's life (participations/lifecycle.ts: `participation.<event>`), attendance, notices
	'participation.started',
	'participation.interrupted',
	'participation.completed',
	'participation.extension_requested',
	'participation.extension_approved',
	'participation.extension_declined',
	'participation.resumed',
	'participation.report',
	'attendance.record',
	'attendance.lock_period',
	'notice.create',
	'notice.acknowledge',
	'notice.decide',
	// ARVI ('arvi.draftSave' was written before the style was settled)
	'arvi.create',
	'arvi.draftSave',
	'arvi.submit',
	'arvi.accept',
	'arvi.return',
	'arvi.pdf',
	// Invoices (`invoice.<event>` for the invoice's events, `invoice.export_<format>` for downloads)
	'invoice.created',
	'invoice.recomputed',
	'invoice.manual_line',
	'invoice.submitted',
	'invoice.returned',
	'invoice.checked',
	'invoice.approved',
	'invoice.paid',
	'invoice.credited',
	'invoice.discarded',
	'invoice.language',
	'invoice.approval_limit',
	'invoice.export_finvoice',
	'invoice.export_ubl',
	'invoice.export_csv',
	// Quality remarks (reklamaatio): filing, the provider's answer, the area's handling, downloads and exports
	'remark.file',
	'remark.answer',
	'remark.request_more',
	'remark.close',
	'remark.price_reduction',
	'remark.attachment_download',
	'remark.export',
	// Anonymous participant feedback: invitations (never the answer's link to a person), results, free texts
	'feedback.invitation_create',
	'feedback.invitation_show',
	'feedback.invitation_send',
	'feedback.answer',
	'feedback.texts_read',
	'feedback.text_release',
	'feedback.text_withhold'
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export function isAuditAction(code: string): code is AuditAction {
	return (AUDIT_ACTIONS as readonly string[]).includes(code);
}
