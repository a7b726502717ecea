/** Messages for the area's retention rules, the dry run and the history of runs (Finnish is the source). */
export const fi = {
	'retention.title': 'Tietojen säilytysajat',
	'retention.cardText': 'Kuinka kauan asiakkaiden henkilötiedot säilyvät, seuraavan ajon poistot ja aiemmat ajot',
	'retention.intro':
		'Kun säilytysaika on kulunut, yöllinen ajo anonymisoi asiakkaan tiedot: nimi, yhteystiedot, henkilötunnus ' +
		'ja vapaat tekstit poistetaan. Laskut, tilastot ja tuloskortti säilyvät ennallaan ilman henkilötietoja.',
	'retention.rulesHeading': 'Säilytysajat kuukausina',
	'retention.usingDefaults': 'Alue käyttää oletusaikoja, kunnes ne tallennetaan.',
	'retention.defaultHint': { one: 'Oletus 1 kuukausi.', other: 'Oletus {n} kuukautta.' },
	'retention.rule.customerMonths': 'Asiakkaan henkilötiedot osallistumisen päättymisestä (kun sen laskut on hyväksytty ja maksettu)',
	'retention.rule.consentMonths': 'Suostumukset palvelun päättymisestä',
	'retention.rule.referralTextMonths': 'Ohjausten tekstit ohjauksen päättymisestä',
	'retention.rule.absenceReasonMonths': 'Poissaolojen syytekstit poissaolopäivästä (kun jakso on laskutettu ja maksettu)',
	'retention.rule.arviTextMonths': 'ARVI-palautteiden tekstit osallistumisen päättymisestä',
	'retention.rule.auditMonths': 'Lokitiedot (vähintään 12 kuukautta)',
	'retention.auditNote':
		'Sovellus ei koskaan poista lokia. Ylläpito poistaa säilytysajan ylittäneet lokitiedot erillisellä huoltoajolla tietokannan omistajan tunnuksilla.',
	'retention.saved': 'Säilytysajat tallennettiin. Seuraava ajo noudattaa niitä.',
	'retention.nextHeading': 'Seuraava ajo poistaisi',
	'retention.nextIntro': 'Tilanne {date}: määrät lajeittain, ei nimiä. Ajo tehdään joka yö.',
	'retention.nothingNext': 'Seuraava ajo ei poistaisi mitään.',
	'retention.kindColumn': 'Tieto',
	'retention.countColumn': 'Määrä',
	'retention.kind.customers': 'Anonymisoitavat asiakkaat',
	'retention.kind.consents': 'Suostumukset',
	'retention.kind.referralTexts': 'Ohjausten tekstit',
	'retention.kind.absenceReasons': 'Poissaolojen syytekstit',
	'retention.kind.arviTexts': 'ARVI-palautteiden tekstit',
	'retention.kind.remarkAttachments': 'Reklamaatioiden liitteet',
	'retention.runsHeading': 'Aiemmat ajot',
	'retention.noRuns': 'Ajoja ei ole vielä tehty.',
	'errors.monthsInvalid': 'Anna kuukausien määrä kokonaislukuna 1–120.',
	'errors.auditMonthsInvalid': 'Anna kuukausien määrä kokonaislukuna 12–120.'
} as const;
