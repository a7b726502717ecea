/** Inviting a person to an organisation (the users page, and an area inviting a provider's first admin). */
import * as v from 'valibot';
import { defineForm, field } from './form';

export const inviteSchema = v.object({
	email: v.pipe(v.string(), v.trim(), v.nonEmpty('emailRequired'), v.maxLength(254, 'emailInvalid'), v.email('emailInvalid')),
	name: v.pipe(v.string(), v.trim(), v.nonEmpty('nameRequired'), v.maxLength(200, 'nameTooLong')),
	locale: v.picklist(['fi', 'sv', 'en'], 'localeInvalid'),
	// A role ticked twice (a forged or doubled form) is the same role once.
	roles: v.pipe(
		v.array(v.string()),
		v.minLength(1, 'rolesRequired'),
		v.transform((roles) => [...new Set(roles)])
	)
});

/** The users page's invitation: the roles ticked. */
export const inviteForm = defineForm(inviteSchema, (data) => ({
	email: field(data, 'email'),
	name: field(data, 'name'),
	locale: field(data, 'locale'),
	roles: data.getAll('roles').filter((r): r is string => typeof r === 'string')
}));

/** An area inviting a provider's first admin: the role is always the provider's admin. */
export const firstAdminForm = defineForm(inviteSchema, (data) => ({
	email: field(data, 'email'),
	name: field(data, 'name'),
	locale: field(data, 'locale'),
	roles: ['provider_admin']
}));
