/** Messages for the provider register, the provider's own master data and their notifications (Finnish is the source). */
export const fi = {
	'providers.masterData': 'Yhteiset perustiedot',
	'providers.masterDataOwner': 'Palveluntuottaja ylläpitää näitä tietoja itse, ja ne ovat samat kaikille alueille. Alue ei voi muuttaa niitä.',
	'providers.supplierRecord': 'Alueen toimittajatiedot',
	'providers.supplierNumber': 'Toimittajanumero',
	'providers.notes': 'Muistiinpanot',
	'providers.recordSaved': 'Alueen toimittajatiedot tallennettiin.',
	'providers.savedBankChanged':
		'Tiedot tallennettiin. Tilinumeron muutoksesta ilmoitettiin niiden alueiden laskujen tarkastajille ja hyväksyjille, joiden kanssa teillä on sopimus.',
	'providers.vatNumberHint': 'Tyhjänä Y-tunnuksesta muodostettu tunniste (FI ja Y-tunnuksen numerot).',
	'areaOrganisation.title': 'Alueen verkkolaskutiedot',
	'areaOrganisation.cardText': 'Verkkolaskuosoite, välittäjä ja Peppol-tunnus, joihin palveluntuottajat laskuttavat',
	'areaOrganisation.intro':
		'Nämä tiedot tulevat ostajan tiedoiksi jokaiseen alueelle lähetettävään verkkolaskuun (Finvoicen reititys ja Peppolin osoite). Jo lähetettyihin laskuihin muutos ei vaikuta.',
	'areaOrganisation.ovtHint': 'OVT-tunnus: 0037, Y-tunnus ilman väliviivaa ja mahdollinen tarkenne, esim. 003712345671001',
	'areaOrganisation.peppolHint': 'Muodossa tunniste:arvo, esim. 0216:003712345671 tai 0037:12345671',
	'areaOrganisation.saved': 'Verkkolaskutiedot tallennettiin.',
	'providers.own.title': 'Organisaation tiedot',
	'providers.own.cardText': 'Nimi, osoite, tilinumero ja verkkolaskuosoite',
	'providers.own.intro':
		'Nämä tiedot näkyvät kaikille alueille, joiden kanssa teillä on sopimus, ja niistä muodostetaan laskunne. Jo lähetettyihin laskuihin muutos ei vaikuta.',
	'providers.own.bankHint':
		'Tilinumeron muutoksesta ilmoitetaan alueiden laskujen tarkastajille ja hyväksyjille, ja seuraavassa laskussa näytetään siitä varoitus.',
	'errors.vatNumberInvalid': 'Anna ALV-tunniste muodossa FI12345678.',
	'invoices.bankChanged':
		'Palveluntuottajan tilinumero on muuttunut edellisen hyväksytyn laskun jälkeen: {previous} → {current}. Varmista muutos palveluntuottajalta ennen hyväksyntää.',
	'notificationKind.provider_bank_changed': 'Palveluntuottajan tilinumero muuttui',
	'notificationKind.provider_linked': 'Työllisyysalue liitti organisaationne rekisteriinsä',
	'notify.provider_bank_changed.subject': 'Palveluntuottajan tilinumero muuttui',
	'notify.provider_bank_changed.body':
		'Hei,\n\npalveluntuottaja, jonka kanssa alueellanne on sopimus, on muuttanut tilinumeronsa. Katso tiedot portaalista ennen seuraavan laskun hyväksyntää:\n{link}',
	'notify.provider_linked.subject': 'Työllisyysalue liitti organisaationne rekisteriinsä',
	'notify.provider_linked.body':
		'Hei,\n\ntyöllisyysalue on liittänyt organisaationne palveluntuottajarekisteriinsä. Organisaationne tiedot ovat omassa hallinnassanne:\n{link}'
} as const;
