import type { OrganisationKind, Role } from '../../domain/roles';

/** Demo data only: every demo account has this password and a fixed TOTP secret (README lists them). */
export const DEMO_PASSWORD = 'Kesä-Lounas-Tori-2026';

/** Keys that the demo data uses to refer to organisations (areas, providers, the platform). */
export const DEMO_ORG_KEYS = ['pohjanmaa', 'keskisuomi', 'pohjola', 'rannikko', 'uraohjaus', 'kotoutumispolku', 'tyokyky', 'platform'] as const;
export type DemoOrgKey = (typeof DEMO_ORG_KEYS)[number];

export interface DemoOrganisation {
	key: DemoOrgKey;
	kind: OrganisationKind;
	name: string;
	nameSv: string | null;
	businessId: string | null;
	iban: string | null;
	languages: ('fi' | 'sv')[];
	/** Postal address, bank and e-invoice address: what an exported invoice needs of both parties. */
	streetAddress?: string;
	postalCode?: string;
	city?: string;
	bic?: string;
	ovt?: string;
	einvoiceOperator?: string;
	/** An area's municipalities. */
	municipalities?: string[];
}

export const DEMO_ORGANISATIONS: DemoOrganisation[] = [
	{
		key: 'pohjanmaa',
		kind: 'area',
		name: 'Pohjanmaan työllisyysalue',
		nameSv: 'Österbottens sysselsättningsområde',
		businessId: '2841572-6',
		iban: null,
		languages: ['fi', 'sv'],
		municipalities: ['Vaasa', 'Mustasaari', 'Närpiö', 'Kristiinankaupunki', 'Laihia', 'Vöyri'],
		streetAddress: 'Kauppapuistikko 11',
		postalCode: '65100',
		city: 'Vaasa',
		ovt: '003728415726',
		einvoiceOperator: '003721291126'
	},
	{
		key: 'keskisuomi',
		kind: 'area',
		name: 'Keski-Suomen työllisyysalue',
		nameSv: null,
		businessId: '3012458-1',
		iban: null,
		languages: ['fi'],
		municipalities: ['Jyväskylä', 'Laukaa', 'Muurame', 'Uurainen'],
		streetAddress: 'Hannikaisenkatu 17',
		postalCode: '40100',
		city: 'Jyväskylä',
		ovt: '003730124581',
		einvoiceOperator: '003721291126'
	},
	{
		key: 'pohjola',
		kind: 'provider',
		name: 'Valmennus Pohjola Oy',
		nameSv: null,
		businessId: '2654119-8',
		iban: 'FI8310123500012345',
		languages: ['fi'],
		streetAddress: 'Hovioikeudenpuistikko 5',
		postalCode: '65100',
		city: 'Vaasa',
		bic: 'NDEAFIHH',
		ovt: '003726541198',
		einvoiceOperator: '003721291126'
	},
	{
		key: 'rannikko',
		kind: 'provider',
		name: 'Rannikon Koulutus Ab',
		nameSv: 'Kustens Utbildning Ab',
		businessId: '3155027-5',
		iban: 'FI2340055010456789',
		languages: ['fi', 'sv'],
		streetAddress: 'Strandgatan 3',
		postalCode: '68600',
		city: 'Jakobstad',
		bic: 'HELSFIHH'
	},
	{
		key: 'uraohjaus',
		kind: 'provider',
		name: 'Uraohjaus Keskinen Oy',
		nameSv: null,
		businessId: '2987341-1',
		iban: 'FI1557001120098765',
		languages: ['fi'],
		streetAddress: 'Kauppakatu 20',
		postalCode: '40100',
		city: 'Jyväskylä',
		bic: 'OKOYFIHH'
	},
	{
		key: 'kotoutumispolku',
		kind: 'provider',
		name: 'Kotoutumispolku Oy',
		nameSv: null,
		businessId: '0209602-6',
		iban: 'FI2380001900123456',
		languages: ['fi'],
		streetAddress: 'Väinönkatu 7',
		postalCode: '40100',
		city: 'Jyväskylä',
		bic: 'DABAFIHH'
	},
	{
		key: 'tyokyky',
		kind: 'provider',
		name: 'Työkyky Partners Oy',
		nameSv: null,
		businessId: '0204819-8',
		iban: 'FI2947101020567890',
		languages: ['fi'],
		streetAddress: 'Rewell Center 1',
		postalCode: '65100',
		city: 'Vaasa',
		bic: 'POPFFI22'
	},
	{
		key: 'platform',
		kind: 'platform',
		name: 'Palveluntuottajaportaali, ylläpito',
		nameSv: 'Palveluntuottajaportaali, underhåll',
		businessId: null,
		iban: null,
		languages: ['fi']
	}
];

export interface DemoUser {
	email: string;
	name: string;
	locale: 'fi' | 'sv' | 'en';
	memberships: { org: DemoOrgKey; roles: Role[] }[];
	totpSecret: string;
}

export const DEMO_USERS: DemoUser[] = [
	{
		email: 'paakayttaja@pohjanmaa.demo.fi',
		name: 'Aino Laine',
		locale: 'fi',
		memberships: [{ org: 'pohjanmaa', roles: ['area_admin'] }],
		totpSecret: 'DVUHL3SBE53V7G4EL3F5QJLCCZDKN6NB'
	},
	{
		email: 'handlaggare@pohjanmaa.demo.fi',
		name: 'Johanna Björk',
		locale: 'sv',
		memberships: [{ org: 'pohjanmaa', roles: ['case_officer'] }],
		totpSecret: 'MHVFCE3KD2ZZ3M44RCOJYU7L2IPFZ2PH'
	},
	{
		email: 'tarkastaja@pohjanmaa.demo.fi',
		name: 'Mikko Heikkinen',
		locale: 'fi',
		memberships: [{ org: 'pohjanmaa', roles: ['invoice_reviewer'] }],
		totpSecret: '2K74QAS6USJVVADPYJPPUMUN2NER7M7I'
	},
	{
		email: 'hyvaksyja@pohjanmaa.demo.fi',
		name: 'Sari Koskinen',
		locale: 'fi',
		memberships: [{ org: 'pohjanmaa', roles: ['invoice_approver'] }],
		totpSecret: '5WECWRPH2I66A5ZM3NQCRQH6VJOXLCG6'
	},
	{
		email: 'auditor@pohjanmaa.demo.fi',
		name: 'Pekka Nieminen',
		locale: 'fi',
		memberships: [{ org: 'pohjanmaa', roles: ['auditor'] }],
		totpSecret: 'HJOB6KZTYJAYUVXPKLCPPE63SB7DQDNG'
	},
	{
		email: 'paakayttaja@keskisuomi.demo.fi',
		name: 'Laura Mäkinen',
		locale: 'fi',
		memberships: [{ org: 'keskisuomi', roles: ['area_admin', 'auditor'] }],
		totpSecret: 'YXXVNAQ2KQG4HHJCQWHYPT7ZT5GKGZS6'
	},
	{
		email: 'asiantuntija@keskisuomi.demo.fi',
		name: 'Timo Järvinen',
		locale: 'fi',
		memberships: [{ org: 'keskisuomi', roles: ['case_officer'] }],
		totpSecret: 'D7DEQATJ7EXXMCJV7KKPZWFSAYPAFUYV'
	},
	{
		email: 'paakayttaja@valmennuspohjola.demo.fi',
		name: 'Hanna Virtanen',
		locale: 'fi',
		memberships: [{ org: 'pohjola', roles: ['provider_admin'] }],
		totpSecret: '332KBMBBIY526JE6244SLORTLEZ2XU6I'
	},
	{
		email: 'valmentaja@valmennuspohjola.demo.fi',
		name: 'Eero Lehtonen',
		locale: 'fi',
		memberships: [{ org: 'pohjola', roles: ['coach'] }],
		totpSecret: '3TH2L7T37BKVUC4NONDBBQD7C2YVVZ62'
	},
	{
		email: 'talous@valmennuspohjola.demo.fi',
		name: 'Kirsi Salo',
		locale: 'fi',
		memberships: [{ org: 'pohjola', roles: ['finance'] }],
		totpSecret: 'SJN3V5QJIUQNF4NDYMN2YY373VPK4YWG'
	},
	{
		email: 'admin@rannikonkoulutus.demo.fi',
		name: 'Erik Lindqvist',
		locale: 'sv',
		memberships: [{ org: 'rannikko', roles: ['provider_admin'] }],
		totpSecret: 'NWM3AMNRY4GPQWYLUM2IPIMV46G44NZZ'
	},
	{
		email: 'tranare@rannikonkoulutus.demo.fi',
		name: 'Sofia Nyström',
		locale: 'sv',
		memberships: [{ org: 'rannikko', roles: ['coach'] }],
		totpSecret: 'MXKYMK2ICCQAWV5GIV7UB6ZCF5I3VTYG'
	},
	{
		email: 'yllapito@ptp.demo.fi',
		name: 'Ville Ahonen',
		locale: 'en',
		memberships: [{ org: 'platform', roles: ['platform_admin'] }],
		totpSecret: 'KRUGKIDROVSWY2LBNZ2GK3TBNZ2GS3TH'
	}
];

/**
 * Who works for which area (assignments give provider staff access to customer data). `from`/`until`
 * are days relative to today; the last one already ended yesterday, to show that access ends by itself.
 */
export const DEMO_ASSIGNMENTS: { email: string; provider: DemoOrgKey; area: DemoOrgKey; from: number; until: number }[] = [
	{ email: 'paakayttaja@valmennuspohjola.demo.fi', provider: 'pohjola', area: 'pohjanmaa', from: -30, until: 365 },
	{ email: 'valmentaja@valmennuspohjola.demo.fi', provider: 'pohjola', area: 'pohjanmaa', from: -30, until: 365 },
	{ email: 'tranare@rannikonkoulutus.demo.fi', provider: 'rannikko', area: 'pohjanmaa', from: -30, until: 365 },
	{ email: 'admin@rannikonkoulutus.demo.fi', provider: 'rannikko', area: 'pohjanmaa', from: -30, until: 365 },
	{ email: 'valmentaja@valmennuspohjola.demo.fi', provider: 'pohjola', area: 'keskisuomi', from: -90, until: -1 }
];

/** Which areas have which providers in their register. */
export const DEMO_REGISTERS: { area: DemoOrgKey; providers: DemoOrgKey[] }[] = [
	{ area: 'pohjanmaa', providers: ['pohjola', 'rannikko', 'kotoutumispolku', 'tyokyky'] },
	{ area: 'keskisuomi', providers: ['pohjola', 'uraohjaus', 'tyokyky'] }
];
