import type { ImportKind } from './field-catalog.js';

/**
 * Folds a header to its bare letters and digits so "Customer ID", "customer_id", "customerID" and
 * "Müşteri No" compare equal to their synonyms: lower case, accents and separators dropped.
 */
export function normaliseHeader(header: string): string {
  return header
    .toLowerCase()
    .replace(/ø/g, 'o')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss')
    .replace(/ı/g, 'i')
    .replace(/[đð]/g, 'd')
    .replace(/ł/g, 'l')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^a-z0-9\p{L}\p{N}]/gu, '');
}

const words = (s: string) => s.split(/\s+/).filter(Boolean);

// Headers as they come out of shops, CRMs and spreadsheets (English, Danish, German, Turkish,
// French, Spanish), already folded by normaliseHeader.
const COMMON: Record<string, string[]> = {
  email: words('email emailaddress emailadresse mail mailadresse epost eposta epostaadresi courriel correo correoelectronico'),
  phone: words(
    'phone phonenumber mobile mobilephone mobilenumber telephone tel telefon telefonnummer telefonnumarasi mobil mobilnummer cep ceptelefonu handy cell cellphone telefono',
  ),
  anonymousId: words('anonymousid anonid visitorid deviceid cookieid'),
};

const CUSTOMER_ID = words(
  'customerid customer customerno customernumber customernr custid clientid userid memberid accountid externalid kundeid kundenr kundenummer kundennummer kundenid musteriid musterino musterinumarasi idcliente clienteid',
);

const CUSTOMERS: Record<string, string[]> = {
  ...COMMON,
  externalId: [...CUSTOMER_ID, 'id'],
  name: words('name fullname customername navn fuldtnavn kundenavn adsoyad adisoyadi isimsoyisim nom nombre nomecompleto'),
  firstName: words('firstname givenname forename fornavn vorname ad adi isim prenom'),
  lastName: words('lastname surname familyname efternavn nachname soyad soyadi soyisim nomdefamille apellido'),
  language: words('language lang locale sprog sprache dil langue idioma'),
  country: words('country countrycode land ulke pays pais'),
  city: words('city town by stadt ort sehir il ville ciudad cidade'),
  birthDate: words('birthdate dateofbirth dob birthday fodselsdato geburtsdatum dogumtarihi'),
  ageBand: words('ageband agegroup agerange aldersgruppe altersgruppe yasgrubu'),
  gender: words('gender sex kon geschlecht cinsiyet genre sexo'),
  incomeBand: words('incomeband incomegroup income indkomst einkommen gelir'),
  marketingConsent: words('marketingconsent marketingoptin optin newsletter acceptsmarketing emailoptin nyhedsbrev'),
  surveyConsent: words('surveyconsent surveyoptin'),
};

const EVENTS: Record<string, string[]> = {
  ...COMMON,
  externalId: CUSTOMER_ID,
  id: words('id eventid uuid'),
  type: words('type event eventtype eventname action haendelse ereignis'),
  occurredAt: words('date timestamp time datetime createdat occurredat eventdate eventtime orderdate purchasedate dato tarih datum'),
  channel: words('channel kanal'),
  touchpoint: words('touchpoint'),
  amount: words('amount total price revenue value sum belob betrag tutar fiyat totalamount ordertotal'),
  amountMinor: words('amountminor amountcents cents'),
  currency: words('currency valuta wahrung parabirimi curr'),
  'properties.orderId': words('orderid ordernumber orderno ordernr ordrenr ordrenummer bestellnummer siparisno'),
  'properties.score': words('score rating npsscore reviewscore'),
  'properties.metric': words('metric'),
  'properties.comment': words('comment comments message feedback kommentar yorum'),
  'properties.caseId': words('caseid ticketid ticket casenumber'),
  'properties.team': words('team'),
  'properties.reason': words('reason'),
  'properties.surveyName': words('surveyname survey'),
};

const index = (table: Record<string, string[]>) => {
  const m = new Map<string, string>();
  for (const [field, list] of Object.entries(table)) for (const w of list) if (!m.has(w)) m.set(w, field);
  return m;
};
const BY_KIND: Record<ImportKind, Map<string, string>> = { customers: index(CUSTOMERS), events: index(EVENTS) };

/** The field a header most likely means, or undefined when it is the customer's own data. */
export function synonymFor(kind: ImportKind, header: string): string | undefined {
  const n = normaliseHeader(header);
  const exact = BY_KIND[kind].get(n);
  if (exact) return exact;
  // Event exports name their time column in many ways: review_creation_date, created_at, sent_on.
  if (kind === 'events' && (/(date|timestamp|datetime)$/.test(n) || /^(created|occurred|sent|submitted)/.test(n))) return 'occurredAt';
  return undefined;
}
