import type { fi } from './fi';

/** dashboard: the Swedish messages, with exactly the Finnish keys. */
export const sv: Record<keyof typeof fi, string> = {
	'dashboard.title': 'Uppföljning',
	'dashboard.cardText': 'Uppföljnings- och effektivitetsuppgifter om avtal och tjänsteproducenter: budget, hänvisningar, deltaganden, ARVI, fakturor.',
	'dashboard.intro': 'Siffrorna gäller den valda perioden; budgeten gäller hela avtalsperioden. Siffror om färre än fem personer visas inte.',
	'dashboard.filters': 'Urval',
	'dashboard.from': 'Från (månad)',
	'dashboard.to': 'Till (månad)',
	'dashboard.serviceType': 'Tjänst',
	'dashboard.allServiceTypes': 'Alla tjänster',
	'dashboard.provider': 'Tjänsteproducent',
	'dashboard.allProviders': 'Alla tjänsteproducenter',
	'dashboard.apply': 'Visa',
	'dashboard.invalidFilter': 'En del av urvalet dugde inte (månad i formen åååå-mm, perioden högst 24 månader), och standardvärdet visas i stället.',
	'dashboard.small': '<5',
	'dashboard.smallExplained': '<5 = färre än fem personer, eller en siffra ur vilken en sådan kunde räknas fram; siffran visas inte.',
	'dashboard.smallLabel': 'färre än fem',
	'dashboard.none': '–',
	'dashboard.noneLabel': 'inget att räkna',
	'dashboard.contract': 'Avtal',
	'dashboard.total': 'Totalt',
	'dashboard.month': 'Månad',
	'dashboard.distribution': 'Fördelning',
	'dashboard.category': 'Kategori',
	'dashboard.people': 'Personer',
	'dashboard.declineReasons': 'Orsaker till avböjda hänvisningar',
	'dashboard.interruptionReasons': 'Orsaker till avbrott',
	'dashboard.outcomes': 'Situationen när tjänsten slutade (godkända ARVI-responser)',
	'dashboard.area': 'Sysselsättningsområde',
	'dashboard.indicator': 'Mätare',
	'dashboard.value': 'Värde',
	'dashboard.areaAverage': 'Områdets genomsnitt',
	'dashboard.noAverage': 'Området har färre än tre tjänsteproducenter: områdets genomsnitt visas inte, eftersom de andras siffror kunde härledas ur det.',
	'dashboard.csv': 'Ladda ner tabellen (CSV)',
	'dashboard.budget': 'Budget per avtal',
	'dashboard.budgetChart': 'Budgetanvändning: fakturerat och godkänt i förhållande till bindningen',
	'dashboard.trends': 'Utveckling per månad',
	'dashboard.trendsChart': 'Hänvisningar, starter, avslutade och avbrott per månad',
	'dashboard.chartNote': 'Samma siffror finns i tabellen under diagrammet.',
	'dashboard.views': 'Uppföljningens vyer',
	'dashboard.view.overview': 'Översikt',
	'dashboard.view.budget': 'Budget',
	'dashboard.budgetTotal': 'Budget totalt',
	'dashboard.view.budgetLink': 'Budgeten per avtal och som diagram',
	'dashboard.byContract': 'Per avtal',
	'dashboard.byProvider': 'Per tjänsteproducent',
	'dashboard.keyFigures': 'Nyckeltal',
	'dashboard.scorecard': 'Tjänsteproducentens resultatkort',
	'dashboard.scorecardFor': 'Resultatkort: {name}',
	'dashboard.scorecardCardText': 'Egna mätare per avtal med områdets genomsnitt som jämförelse.',
	'dashboard.scorecardLink': 'Resultatkort',
	'dashboard.providerTotal': 'Tjänsteproducenten totalt',
	'dashboard.howTitle': 'Hur siffrorna räknas',
	'dashboard.howLink': 'Hur {name} räknas',
	'dashboard.noContracts': 'Urvalet har inga avtal.',
	'dashboard.exceeds': 'Prognosen överskrider bindningen',
	'dashboard.invoicedOf': 'fakturerat {invoiced} / bindning {committed}',
	'dashboard.privacy':
		'Integritet: ingen siffra gäller färre än fem personer. Små siffror visas som <5, och om en liten siffra kunde räknas fram som skillnaden ' +
		'mellan andra siffror döljs också en annan siffra. Procent, medianer och medelvärden visas bara när minst fem personer ligger bakom dem.',

	'dashboard.indicator.referrals': 'Hänvisningar',
	'dashboard.indicator.answeredInTimePct': 'Besvarade i tid %',
	'dashboard.indicator.answerHoursMedian': 'Svarstid, median (h)',
	'dashboard.indicator.accepted': 'Godkända',
	'dashboard.indicator.declined': 'Avböjda',
	'dashboard.indicator.starts': 'Starter',
	'dashboard.indicator.completions': 'Avslutade',
	'dashboard.indicator.interruptions': 'Avbrott',
	'dashboard.indicator.avgDurationDays': 'Längd i genomsnitt (d)',
	'dashboard.indicator.attendancePct': 'Närvarograd %',
	'dashboard.indicator.notices': 'Anmälningar',
	'dashboard.indicator.noticeDaysMedian': 'Handläggning av anmälan, median (d)',
	'dashboard.indicator.arviOnTimePct': 'ARVI i tid %',
	'dashboard.indicator.arviAccepted': 'Godkända ARVI-responser',
	'dashboard.indicator.employedPct': 'Sysselsatta %',
	'dashboard.indicator.invoicedCents': 'Fakturerat (€)',
	'dashboard.indicator.daysToCheck': 'Skickad → granskad (d)',
	'dashboard.indicator.daysToApprove': 'Granskad → godkänd (d)',
	'dashboard.indicator.daysToPay': 'Godkänd → betald (d)',
	'dashboard.budget.committed': 'Bindning (€)',
	'dashboard.budget.invoiced': 'Fakturerat (€)',
	'dashboard.budget.approved': 'Godkänt (€)',
	'dashboard.budget.remaining': 'Kvar (€)',
	'dashboard.budget.projected': 'Prognos till periodens slut (€)',

	'dashboard.how.referrals': 'Hänvisningar gjorda under perioden (hänvisningsdag i finsk tid), oavsett status.',
	'dashboard.how.answeredInTimePct':
		'Av periodens hänvisningar som tjänsteproducenten har besvarat: andelen som besvarades senast på svarsdagen (räknad i avtalets arbetsdagar).',
	'dashboard.how.answerHoursMedian':
		'Tiden i timmar mellan hänvisningen och tjänsteproducentens svar (godkännande eller avböjande), median för besvarade hänvisningar.',
	'dashboard.how.accepted': 'De av periodens hänvisningar som tjänsteproducenten har godkänt.',
	'dashboard.how.declined': 'De av periodens hänvisningar som tjänsteproducenten har avböjt; orsakerna i fördelningstabellen.',
	'dashboard.how.starts': 'Deltaganden vars startdag är under perioden och som har startat (första närvaro eller registrerad start).',
	'dashboard.how.completions': 'Deltaganden som avslutades som genomförda under perioden (enligt slutdagen).',
	'dashboard.how.interruptions': 'Deltaganden som avbröts under perioden; orsakerna i fördelningstabellen.',
	'dashboard.how.avgDurationDays':
		'Längden i kalenderdagar (från startdagen till den sista dagen) av deltaganden som avslutades eller avbröts under perioden, medelvärde.',
	'dashboard.how.attendancePct':
		'Andelen närvaromarkeringar av periodens gällande markeringar (gruppdagar och möten). Rättade markeringar räknas enligt den senaste.',
	'dashboard.how.notices': 'Anmälningar till området under perioden (olovlig frånvaro, frånvaroperioder, avbrott, begäran om förlängning).',
	'dashboard.how.noticeDaysMedian': 'Tiden i dagar mellan att anmälan gjordes och områdets beslut, median för avgjorda anmälningar.',
	'dashboard.how.arviOnTimePct': 'Av ARVI-responser vars sista dag är under perioden: andelen som skickades senast på den sista dagen.',
	'dashboard.how.arviAccepted': 'ARVI-responser som området godkände under perioden; situationen när tjänsten slutade i fördelningstabellen.',
	'dashboard.how.employedPct': 'Av ARVI-responser godkända under perioden: andelen där kunden var i arbete när tjänsten slutade.',
	'dashboard.how.invoicedCents':
		'Skickade, granskade, godkända och betalda fakturor vars faktureringsperiod börjar under perioden, med moms; kreditnotor dras av.',
	'dashboard.how.daysToCheck': 'Tiden i dagar mellan att fakturan skickades och sakgranskningen, median.',
	'dashboard.how.daysToApprove': 'Tiden i dagar mellan sakgranskningen och godkännandet, median.',
	'dashboard.how.daysToPay': 'Tiden i dagar mellan godkännandet och betalningsdagen, median.',
	'dashboard.how.budget':
		'Budgeten gäller hela avtalsperioden: bindningen är pengarna som reserverats för avtalet; fakturerat = skickade ' +
		'och senare fakturor, godkänt = godkända och betalda, kvar = bindning − fakturerat (kreditnotor dras av). Prognos: ' +
		'faktureringen per fakturerad månad gånger avtalsperiodens återstående månader, lagt till det fakturerade.',
	'dashboard.how.average':
		'Områdets genomsnitt räknas ur alla områdets avtal med samma urval (inte som ett medelvärde av avtalens ' +
		'medelvärden): närvarograden är till exempel andelen av alla närvaromarkeringar av alla markeringar.',
	'dashboard.how.periods':
		'Perioder och differenser: en period är alltid hela kalendermånader, och månaden är den minsta cell som ' +
		'publiceras. Ett antal för en period visas bara om varje månads antal i den är 0 eller minst 5; annars visas ' +
		'det som <5. Därför är differensen mellan två perioders siffror (till exempel januari–juni minus januari–maj) ' +
		'alltid en summa av hela månader som var och en är 0 eller minst 5: den avslöjar aldrig 1–4 personer.',
	'dashboard.how.freshness':
		'Närvaron läses ur en månatlig sammanställning som uppdateras i samma transaktion som markeringen. ' +
		'Färdiga siffror hålls på servern i högst en minut: sidan kan ligga en minut efter de senaste ändringarna.',
	'dashboard.quality.title': 'Kvalitet: kvalitetsanmärkningar och deltagarrespons',
	'dashboard.quality.remarks': 'Kvalitetsanmärkningar',
	'dashboard.quality.remarksCaption': 'Kvalitetsanmärkningar under perioden per kategori',
	'dashboard.quality.overdue': 'Svaret försenat',
	'dashboard.quality.daysToAnswer': 'Svarstid, medeltal (dygn)',
	'dashboard.quality.daysToClose': 'Handläggningstid till avslut, medeltal (dygn)',
	'dashboard.quality.feedbackCaption': 'Deltagarrespons (alla svar)',
	'dashboard.quality.answers': 'Svar',
	'dashboard.quality.responseRate': 'Svarsprocent %',
	'dashboard.quality.fewAnswers': 'Färre än fem svar: resultaten visas inte.',
	'dashboard.how.remarks':
		'Kvalitetsanmärkningar: anmärkningar som lämnats under perioden (dag enligt finsk tid) per kategori; försenade = ' +
		'obesvarade och svarets förfallodag har passerat. Svarstiden räknas från anmärkningen till det första svaret och ' +
		'handläggningstiden till avslutet, i kalenderdagar. Tal under fem visas som <5, och om en enskild kategori kunde ' +
		'räknas ut ur de andra döljs också en annan; ett medeltal bara när minst fem anmärkningar ligger bakom det.',
	'dashboard.how.feedback':
		'Deltagarrespons: alla anonyma svar hittills (inte begränsat till perioden), medeltal på skalan 1–5 och svarsprocenten av de inbjudna. Resultaten visas bara när det finns minst fem svar.'
};
