/** The words the pages say, from the catalogues (so that a test follows a wording change). */
import { LOCALES, translate, type MessageKey } from '../../../src/lib/i18n';

export type Params = Record<string, string | number>;

export const fi = (key: MessageKey, params?: Params) => translate('fi', key, params);

/** The message in any of the three languages (for people whose own language is not Finnish). */
export function anyLanguage(key: MessageKey, params?: Params): RegExp {
	return new RegExp(LOCALES.map((l) => translate(l, key, params).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));
}

/** The whole text of a control is the message, in any language. */
export const exactly = (key: MessageKey, params?: Params) => new RegExp(`^(${anyLanguage(key, params).source})$`);
