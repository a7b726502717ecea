/** dashboard: the area's dashboard and the provider scorecard (Finnish, the source). */
export const fi = {
	'dashboard.title': 'Seuranta',
	'dashboard.cardText': 'Sopimusten ja palveluntuottajien seuranta- ja vaikuttavuustiedot: budjetti, ohjaukset, osallistumiset, ARVI, laskut.',
	'dashboard.intro': 'Luvut koskevat valittua ajanjaksoa; budjetti koskee koko sopimuskautta. Alle viiden henkilön lukuja ei näytetä.',
	'dashboard.filters': 'Rajaus',
	'dashboard.from': 'Alkaen (kuukausi)',
	'dashboard.to': 'Päättyen (kuukausi)',
	'dashboard.serviceType': 'Palvelu',
	'dashboard.allServiceTypes': 'Kaikki palvelut',
	'dashboard.provider': 'Palveluntuottaja',
	'dashboard.allProviders': 'Kaikki palveluntuottajat',
	'dashboard.apply': 'Näytä',
	'dashboard.invalidFilter': 'Osa rajauksesta ei kelvannut (kuukausi muodossa vvvv-kk, ajanjakso enintään 24 kuukautta), ja sen sijaan näytetään oletus.',
	'dashboard.small': '<5',
	'dashboard.smallExplained': '<5 = alle viisi henkilöä tai luku, josta sellainen voitaisiin päätellä; lukua ei näytetä.',
	'dashboard.smallLabel': 'alle viisi',
	'dashboard.none': '–',
	'dashboard.noneLabel': 'ei laskettavaa',
	'dashboard.contract': 'Sopimus',
	'dashboard.total': 'Yhteensä',
	'dashboard.month': 'Kuukausi',
	'dashboard.distribution': 'Jakauma',
	'dashboard.category': 'Luokka',
	'dashboard.people': 'Henkilöitä',
	'dashboard.declineReasons': 'Ohjausten hylkäämisen syyt',
	'dashboard.interruptionReasons': 'Keskeyttämisen syyt',
	'dashboard.outcomes': 'Tilanne palvelun päättyessä (hyväksytyt ARVI-palautteet)',
	'dashboard.area': 'Työllisyysalue',
	'dashboard.indicator': 'Mittari',
	'dashboard.value': 'Arvo',
	'dashboard.areaAverage': 'Alueen keskiarvo',
	'dashboard.noAverage': 'Alueella on alle kolme palveluntuottajaa: alueen keskiarvoa ei näytetä, koska siitä voisi päätellä muiden luvut.',
	'dashboard.csv': 'Lataa taulukko (CSV)',
	'dashboard.budget': 'Budjetti sopimuksittain',
	'dashboard.budgetChart': 'Budjetin käyttö: laskutettu ja hyväksytty suhteessa sidontaan',
	'dashboard.trends': 'Kehitys kuukausittain',
	'dashboard.trendsChart': 'Ohjaukset, aloitukset, päättymiset ja keskeytykset kuukausittain',
	'dashboard.chartNote': 'Samat luvut ovat taulukossa kaavion alla.',
	'dashboard.views': 'Seurannan näkymät',
	'dashboard.view.overview': 'Yleiskuva',
	'dashboard.view.budget': 'Budjetti',
	'dashboard.budgetTotal': 'Budjetti yhteensä',
	'dashboard.view.budgetLink': 'Budjetti sopimuksittain ja kaaviona',
	'dashboard.byContract': 'Sopimuksittain',
	'dashboard.byProvider': 'Palveluntuottajittain',
	'dashboard.keyFigures': 'Tunnusluvut',
	'dashboard.scorecard': 'Palveluntuottajan tuloskortti',
	'dashboard.scorecardFor': 'Tuloskortti: {name}',
	'dashboard.scorecardCardText': 'Omat mittarit sopimuksittain ja alueen keskiarvo vertailuna.',
	'dashboard.scorecardLink': 'Tuloskortti',
	'dashboard.providerTotal': 'Palveluntuottaja yhteensä',
	'dashboard.howTitle': 'Miten luvut lasketaan',
	'dashboard.howLink': 'Miten {name} lasketaan',
	'dashboard.noContracts': 'Valinnalla ei ole sopimuksia.',
	'dashboard.exceeds': 'Ennuste ylittää sidonnan',
	'dashboard.invoicedOf': 'laskutettu {invoiced} / sidonta {committed}',
	'dashboard.privacy':
		'Yksityisyys: mikään luku ei koske alle viittä henkilöä. Pienet luvut näytetään muodossa <5, ja ' +
		'jos pienen luvun voisi laskea muiden lukujen erotuksena, myös jokin toinen luku piilotetaan. ' +
		'Prosentit, mediaanit ja keskiarvot näytetään vain, kun niiden takana on vähintään viisi henkilöä.',

	'dashboard.indicator.referrals': 'Ohjaukset',
	'dashboard.indicator.answeredInTimePct': 'Vastattu ajoissa %',
	'dashboard.indicator.answerHoursMedian': 'Vastausaika, mediaani (h)',
	'dashboard.indicator.accepted': 'Hyväksytyt',
	'dashboard.indicator.declined': 'Hylätyt',
	'dashboard.indicator.starts': 'Aloitukset',
	'dashboard.indicator.completions': 'Päättyneet',
	'dashboard.indicator.interruptions': 'Keskeytykset',
	'dashboard.indicator.avgDurationDays': 'Kesto keskimäärin (pv)',
	'dashboard.indicator.attendancePct': 'Läsnäoloaste %',
	'dashboard.indicator.notices': 'Ilmoitukset',
	'dashboard.indicator.noticeDaysMedian': 'Ilmoituksen käsittely, mediaani (pv)',
	'dashboard.indicator.arviOnTimePct': 'ARVI ajoissa %',
	'dashboard.indicator.arviAccepted': 'Hyväksytyt ARVI-palautteet',
	'dashboard.indicator.employedPct': 'Työllistyneet %',
	'dashboard.indicator.invoicedCents': 'Laskutettu (€)',
	'dashboard.indicator.daysToCheck': 'Lähetetty → tarkastettu (pv)',
	'dashboard.indicator.daysToApprove': 'Tarkastettu → hyväksytty (pv)',
	'dashboard.indicator.daysToPay': 'Hyväksytty → maksettu (pv)',
	'dashboard.budget.committed': 'Sidonta (€)',
	'dashboard.budget.invoiced': 'Laskutettu (€)',
	'dashboard.budget.approved': 'Hyväksytty (€)',
	'dashboard.budget.remaining': 'Jäljellä (€)',
	'dashboard.budget.projected': 'Ennuste kauden loppuun (€)',

	'dashboard.how.referrals': 'Ajanjaksolla tehdyt ohjaukset (ohjauspäivä Suomen aikaa), tilasta riippumatta.',
	'dashboard.how.answeredInTimePct':
		'Ajanjakson ohjauksista, joihin palveluntuottaja on vastannut: osuus, joihin vastattiin viimeistään vastauksen määräpäivänä (sopimuksen työpäivinä laskettu).',
	'dashboard.how.answerHoursMedian':
		'Ohjauksen ja palveluntuottajan vastauksen (hyväksyntä tai hylkäys) välinen aika tunteina, vastattujen ohjausten mediaani.',
	'dashboard.how.accepted': 'Ajanjakson ohjauksista ne, jotka palveluntuottaja on hyväksynyt.',
	'dashboard.how.declined': 'Ajanjakson ohjauksista ne, jotka palveluntuottaja on hylännyt; syyt jakaumataulukossa.',
	'dashboard.how.starts': 'Osallistumiset, joiden alkamispäivä on ajanjaksolla ja jotka ovat alkaneet (ensimmäinen läsnäolo tai kirjattu aloitus).',
	'dashboard.how.completions': 'Osallistumiset, jotka päättyivät suoritettuina ajanjaksolla (päättymispäivän mukaan).',
	'dashboard.how.interruptions': 'Osallistumiset, jotka keskeytyivät ajanjaksolla; syyt jakaumataulukossa.',
	'dashboard.how.avgDurationDays':
		'Ajanjaksolla päättyneiden ja keskeytyneiden osallistumisten kesto kalenteripäivinä (alkamispäivästä viimeiseen päivään), keskiarvo.',
	'dashboard.how.attendancePct':
		'Ajanjakson voimassa olevista läsnäolomerkinnöistä (ryhmäpäivät ja tapaamiset) läsnä-merkintöjen osuus. Korjatut merkinnät lasketaan viimeisimmän mukaan.',
	'dashboard.how.notices': 'Ajanjaksolla syntyneet ilmoitukset alueelle (luvattomat poissaolot, poissaolojaksot, keskeytykset, jatkopyynnöt).',
	'dashboard.how.noticeDaysMedian': 'Ilmoituksen syntymisen ja alueen päätöksen välinen aika päivinä, päätettyjen ilmoitusten mediaani.',
	'dashboard.how.arviOnTimePct': 'ARVI-palautteista, joiden määräpäivä on ajanjaksolla: osuus, joka lähetettiin viimeistään määräpäivänä.',
	'dashboard.how.arviAccepted': 'ARVI-palautteet, jotka alue hyväksyi ajanjaksolla; tilanne palvelun päättyessä jakaumataulukossa.',
	'dashboard.how.employedPct': 'Ajanjaksolla hyväksytyistä ARVI-palautteista osuus, joissa asiakas oli palvelun päättyessä työssä.',
	'dashboard.how.invoicedCents':
		'Lähetetyt, tarkastetut, hyväksytyt ja maksetut laskut, joiden laskutuskausi alkaa ajanjaksolla, verollisina; hyvityslaskut vähennetään.',
	'dashboard.how.daysToCheck': 'Laskun lähettämisen ja asiatarkastuksen välinen aika päivinä, mediaani.',
	'dashboard.how.daysToApprove': 'Asiatarkastuksen ja hyväksynnän välinen aika päivinä, mediaani.',
	'dashboard.how.daysToPay': 'Hyväksynnän ja maksupäivän välinen aika päivinä, mediaani.',
	'dashboard.how.budget':
		'Budjetti koskee koko sopimuskautta: sidonta on sopimukseen varattu raha; laskutettu = lähetetyt ja myöhemmät laskut, ' +
		'hyväksytty = hyväksytyt ja maksetut, jäljellä = sidonta − laskutettu (hyvityslaskut vähennetään). Ennuste: laskutus ' +
		'laskutettua kuukautta kohden kerrottuna sopimuskauden jäljellä olevilla kuukausilla, lisättynä laskutettuun.',
	'dashboard.how.average':
		'Alueen keskiarvo lasketaan kaikista alueen sopimuksista samalla rajauksella (ei sopimusten keskiarvojen ' +
		'keskiarvona): esimerkiksi läsnäoloaste on kaikkien läsnä-merkintöjen osuus kaikista merkinnöistä.',
	'dashboard.how.periods':
		'Jaksot ja erotukset: jakso on aina kokonaisia kalenterikuukausia, ja kuukausi on pienin julkaistava solu. ' +
		'Jakson lukumäärä näytetään vain, jos sen jokaisen kuukauden luku on 0 tai vähintään 5; muuten se näytetään ' +
		'muodossa <5. Siksi kahden jakson lukujen erotus (esimerkiksi tammi–kesäkuu miinus tammi–toukokuu) on aina ' +
		'kokonaisten kuukausien summa, joista kukin on 0 tai vähintään 5: se ei koskaan paljasta 1–4 henkilöä.',
	'dashboard.how.freshness':
		'Läsnäolo luetaan kuukausittaisesta yhteenvedosta, joka päivittyy samassa tapahtumassa kuin merkintä. Valmiit ' +
		'luvut pidetään palvelimella enintään minuutin: sivu voi olla minuutin jäljessä uusimmista muutoksista.',
	'dashboard.quality.title': 'Laatu: reklamaatiot ja osallistujapalaute',
	'dashboard.quality.remarks': 'Reklamaatiot',
	'dashboard.quality.remarksCaption': 'Reklamaatiot jaksolla luokittain',
	'dashboard.quality.overdue': 'Vastaus myöhässä',
	'dashboard.quality.daysToAnswer': 'Vastausaika, keskiarvo (vrk)',
	'dashboard.quality.daysToClose': 'Käsittelyaika sulkemiseen, keskiarvo (vrk)',
	'dashboard.quality.feedbackCaption': 'Osallistujapalaute (kaikki vastaukset)',
	'dashboard.quality.answers': 'Vastauksia',
	'dashboard.quality.responseRate': 'Vastausprosentti %',
	'dashboard.quality.fewAnswers': 'Alle viisi vastausta: tuloksia ei näytetä.',
	'dashboard.how.remarks':
		'Reklamaatiot: jaksolla jätetyt reklamaatiot (jättöpäivä Suomen aikaa) luokittain; myöhässä = vastaamatta ja ' +
		'vastauksen määräpäivä on ohi. Vastausaika on jättämisestä ensimmäiseen vastaukseen ja käsittelyaika jättämisestä ' +
		'sulkemiseen, kalenteripäivinä. Alle viiden luvut näytetään muodossa <5, ja jos yksittäisen luokan voisi laskea ' +
		'muista, myös toinen luokka piilotetaan; keskiarvo vain, kun sen takana on vähintään viisi reklamaatiota.',
	'dashboard.how.feedback':
		'Osallistujapalaute: kaikki tähänastiset nimettömät vastaukset (ei rajattu jaksoon), keskiarvot asteikolla ' +
		'1–5 ja vastausprosentti kutsutuista. Tulokset näytetään vain, kun vastauksia on vähintään viisi.'
};
