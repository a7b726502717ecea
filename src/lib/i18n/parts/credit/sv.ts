import type { CatalogueOf } from '../../core';
import type { fi } from './fi';

/** credit: the Swedish messages, with exactly the Finnish keys. */
export const sv: CatalogueOf<typeof fi> = {
	'invoices.error.notCreditable': 'Fakturan kan inte krediteras: endast en godkänd eller betald faktura med positivt belopp kan krediteras.',
	'invoices.error.nothingToCredit': 'Välj minst en rad och ange kvantitet eller belopp som ska krediteras.',
	'invoices.error.overCredit': 'Ingen kreditering gjordes: kontrollera de markerade raderna. Inget sparades.',
	'credit.lineError.overCredit': 'Mer än vad som återstår att kreditera av raden.',
	'credit.lineError.notCreditable': 'Raden kan inte krediteras.',
	'credit.lineError.invalid': 'Ange ett positivt tal med högst två decimaler (kvantiteten högst radens kvantitet).',
	'credit.lineError.required': 'Ange kvantitet eller belopp som ska krediteras.',
	'credit.title': 'Kreditera fakturarader',
	'credit.titleOf': 'Kreditera rader på faktura {number}',
	'credit.intro':
		'Välj raderna som ska krediteras och ange för var och en en kvantitet i radens enhet eller ett ' +
		'belopp i euro (utan moms). Av en rad kan högst det krediteras som tidigare kreditnotor har lämnat ' +
		'kvar. Kreditnotan blir ett utkast som du skickar för granskning och godkännande som en faktura.',
	'credit.back': 'Tillbaka till fakturan',
	'credit.linesCaption': 'Fakturans rader: fakturerat, krediterat och kvar',
	'credit.col.line': 'Rad',
	'credit.col.invoiced': 'Fakturerat (moms 0 %)',
	'credit.col.credited': 'Krediterat',
	'credit.col.remaining': 'Kvar att kreditera',
	'credit.col.credit': 'Kreditera',
	'credit.choose': 'Kreditera rad {n}: {description}',
	'credit.by': 'Krediteras',
	'credit.by.quantity': 'kvantitet ({unit})',
	'credit.by.amount': 'belopp (€, moms 0 %)',
	'credit.value': 'Kvantitet eller belopp att kreditera, rad {n}',
	'credit.lineOf': '{quantity} × {price}',
	'credit.nothingLeft': 'Inget att kreditera',
	'credit.reason': 'Orsak till krediteringen',
	'credit.reasonHint': 'Granskaren och godkännaren ser orsaken. Högst {max} tecken.',
	'credit.reasonRequired': 'Skriv orsaken till krediteringen.',
	'credit.submit': 'Gör kreditnota av valda rader',
	'credit.summary.title': 'Krediteringar',
	'credit.summary.none': 'Fakturan har inte krediterats.',
	'credit.summary.credited': 'Krediterat sammanlagt (moms 0 %)',
	'credit.summary.remaining': 'Kvar att kreditera (moms 0 %)',
	'credit.summary.notes': 'Kreditnotor',
	'credit.summary.note': '{name}, {amount}',
	'credit.summary.partialLink': 'Kreditera valda rader eller belopp',
	'credit.negativeNotice':
		'Fakturans belopp är negativt, så den skickas som kreditnota: inget förfallodatum och inget att betala, och den hänvisar till avtalets föregående faktura.',
	'credit.wholeHint': 'Krediterar alla rader helt. Endast möjligt när inget av fakturan har krediterats ännu.',
	'bulk.title': 'Öppna nästa period för alla avtal',
	'bulk.hint':
		'Öppnar för varje avtal med fakturerbara registreringar ett fakturautkast för den tidigaste ofakturerade perioden. Avtalen behandlas vart för sig; redan öppna fakturor öppnas inte på nytt.',
	'bulk.submit': 'Öppna alla nästa perioder',
	'bulk.running': 'Fakturor öppnas ett avtal i taget…',
	'bulk.results': 'Resultat per avtal',
	'bulk.summary': 'Öppnade {opened}, redan öppna {open}, inget att fakturera {nothing}, inte öppnade {refused}.',
	'bulk.opened': 'Utkast öppnat för perioden {period}: {amount}.',
	'bulk.alreadyOpen': 'Avtalet har redan en öppen faktura.',
	'bulk.nothing': 'Inget att fakturera.',
	'bulk.refused': 'Inte öppnad: {reason}',
	'bulk.review': 'Granska och skicka',
	'bulk.toOpen': 'Gå till den öppna fakturan',
	'bulk.failed': 'Öppnandet misslyckades oväntat. Försök igen senare.',
	'credit.unitPieces': 'st'
};
