import type { PublicFeedbackKey } from '../../labels/feedback';

export type { PublicFeedbackKey };

/**
 * The public answer page in plain Finnish (selkosuomi): short sentences, common words, one thing at a time.
 * Chosen on the page with `?selko=1`; the page is Finnish (`lang="fi"`).
 */
export const plainFi: Record<PublicFeedbackKey, string> = {
	'feedback.public.title': 'Kerro, mitä mieltä olit',
	'feedback.public.intro': 'Olit mukana palvelussa. Kerro meille, oliko palvelu hyvä. Vastaaminen on nopeaa.',
	'feedback.public.anonymous': 'Emme kysy nimeäsi. Kukaan ei tiedä, mitä sinä vastasit.',
	'feedback.public.scaleHelp': 'Valitse numero 1, 2, 3, 4 tai 5. Numero 1 on huonoin. Numero 5 on paras.',
	'feedback.public.q.content': 'Oliko palvelu hyvä?',
	'feedback.public.q.coachSupport': 'Auttoiko valmentaja tai opettaja sinua?',
	'feedback.public.q.usefulness': 'Auttoiko palvelu sinua löytämään työtä?',
	'feedback.public.q.recommend': 'Sanoisitko ystävälle, että tämä palvelu on hyvä?',
	'feedback.public.scale1': '1 – tosi huono',
	'feedback.public.scale2': '2 – huono',
	'feedback.public.scale3': '3 – ei hyvä eikä huono',
	'feedback.public.scale4': '4 – hyvä',
	'feedback.public.scale5': '5 – tosi hyvä',
	'feedback.public.freeText': 'Voit kirjoittaa tähän lisää. Tämä ei ole pakollista.',
	'feedback.public.freeTextWarning': 'Älä kirjoita kenenkään nimeä. Älä kirjoita sairauksista tai terveydestä.',
	'feedback.public.submit': 'Lähetä',
	'feedback.public.thanks': 'Kiitos!',
	'feedback.public.thanksMore': 'Saimme vastauksesi. Voit nyt sulkea sivun.',
	'feedback.public.unavailable': 'Tämä linkki ei toimi',
	'feedback.public.unavailableMore': 'Linkkiä on ehkä jo käytetty. Tai linkki on liian vanha. Pyydä uusi linkki valmentajalta tai opettajalta.',
	'feedback.public.throttled': 'Yritit monta kertaa. Odota vähän aikaa. Yritä sitten uudelleen.',
	'feedback.public.answerAll': 'Vastaa kaikkiin neljään kysymykseen.',
	'feedback.public.plain': 'Selkosuomeksi',
	'feedback.public.standard': 'Yleiskielellä'
};
