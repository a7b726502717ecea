import type { CatalogueOf } from '../../core';
import type { fi } from './fi';

/** retention: the Swedish messages, with exactly the Finnish keys. */
export const sv: CatalogueOf<typeof fi> = {
	'retention.title': 'Lagringstider för uppgifter',
	'retention.cardText': 'Hur länge kundernas personuppgifter sparas, vad nästa körning tar bort och tidigare körningar',
	'retention.intro':
		'När lagringstiden har gått ut anonymiserar den nattliga körningen kundens uppgifter: namn, kontaktuppgifter, ' +
		'personbeteckning och fria texter tas bort. Fakturor, statistik och resultatkort förblir oförändrade, utan personuppgifter.',
	'retention.rulesHeading': 'Lagringstider i månader',
	'retention.usingDefaults': 'Området använder standardtiderna tills de sparas.',
	'retention.defaultHint': { one: 'Standard 1 månad.', other: 'Standard {n} månader.' },
	'retention.rule.customerMonths': 'Kundens personuppgifter efter att deltagandet avslutats (när dess fakturor godkänts och betalats)',
	'retention.rule.consentMonths': 'Samtycken efter att tjänsten avslutats',
	'retention.rule.referralTextMonths': 'Hänvisningarnas texter efter att hänvisningen avslutats',
	'retention.rule.absenceReasonMonths': 'Frånvaroorsakernas texter efter frånvarodagen (när perioden fakturerats och betalats)',
	'retention.rule.arviTextMonths': 'ARVI-responsernas texter efter att deltagandet avslutats',
	'retention.rule.auditMonths': 'Loggen (minst 12 månader)',
	'retention.auditNote':
		'Applikationen tar aldrig bort något ur loggen. Driften tar bort loggposter vars lagringstid gått ut med en separat underhållskörning med databasägarens behörighet.',
	'retention.saved': 'Lagringstiderna sparades. Nästa körning följer dem.',
	'retention.nextHeading': 'Nästa körning skulle ta bort',
	'retention.nextIntro': 'Läget {date}: antal per slag, inga namn. Körningen görs varje natt.',
	'retention.nothingNext': 'Nästa körning skulle inte ta bort något.',
	'retention.kindColumn': 'Uppgift',
	'retention.countColumn': 'Antal',
	'retention.kind.customers': 'Kunder som anonymiseras',
	'retention.kind.consents': 'Samtycken',
	'retention.kind.referralTexts': 'Hänvisningarnas texter',
	'retention.kind.absenceReasons': 'Frånvaroorsakernas texter',
	'retention.kind.arviTexts': 'ARVI-responsernas texter',
	'retention.kind.remarkAttachments': 'Bilagor till kvalitetsanmärkningar',
	'retention.runsHeading': 'Tidigare körningar',
	'retention.noRuns': 'Inga körningar ännu.',
	'errors.monthsInvalid': 'Ange antalet månader som ett heltal 1–120.',
	'errors.auditMonthsInvalid': 'Ange antalet månader som ett heltal 12–120.'
};
