import { describe, expect, it } from 'vitest';
import { buildPlan, cleanHeaders, resolvePlan } from './mapping.js';
import { keyFromHeader } from './field-catalog.js';
import { detectDelimiter } from './csv-reader.js';
import { coerce, inferType, parseDate, parseNumber } from './value-types.js';
import { contentEventId, toCustomerInput, toEventInput } from './row-mapper.js';
import { neutraliseCell } from './error-report.js';

const TELCO = 'customerID,gender,SeniorCitizen,Partner,Dependents,tenure,PhoneService,MultipleLines,InternetService,OnlineSecurity,OnlineBackup,DeviceProtection,TechSupport,StreamingTV,StreamingMovies,Contract,PaperlessBilling,PaymentMethod,MonthlyCharges,TotalCharges,Churn'.split(',');
const TELCO_ROWS = [
  '7590-VHVEG,Female,0,Yes,No,1,No,No phone service,DSL,No,Yes,No,No,No,No,Month-to-month,Yes,Electronic check,29.85,29.85,No',
  '5575-GNVDE,Male,0,No,No,34,Yes,No,DSL,Yes,No,Yes,No,No,No,One year,No,Mailed check,56.95,1889.5,No',
  '4472-LVYGI,Female,1,Yes,Yes,0,No,No phone service,DSL,Yes,No,Yes,Yes,Yes,No,Two year,Yes,Bank transfer (automatic),52.55, ,No',
].map((l) => l.split(',').map((v) => (v.trim() === '' ? null : v)));

const fieldOf = (plan: ReturnType<typeof buildPlan>, column: string) => plan.columns.find((c) => c.column === column)!;

describe('mapping suggestions', () => {
  it('recognises the Telco churn headers and keeps the rest as typed attributes', () => {
    const plan = buildPlan({ kind: 'customers', headers: TELCO, sample: TELCO_ROWS });
    expect(fieldOf(plan, 'customerID')).toMatchObject({ field: 'externalId', source: 'suggested' });
    expect(fieldOf(plan, 'gender')).toMatchObject({ field: 'gender', source: 'suggested' });
    expect(fieldOf(plan, 'Contract')).toMatchObject({ field: 'attributes.Contract', type: 'string', source: 'custom' });
    expect(fieldOf(plan, 'SeniorCitizen')).toMatchObject({ field: 'attributes.SeniorCitizen', type: 'number' });
    expect(fieldOf(plan, 'Partner')).toMatchObject({ type: 'boolean' });
    expect(fieldOf(plan, 'tenure')).toMatchObject({ type: 'number' });
    // " " in TotalCharges is a blank, not a string that would make the column text.
    expect(fieldOf(plan, 'TotalCharges')).toMatchObject({ type: 'number' });
    expect(fieldOf(plan, 'MultipleLines')).toMatchObject({ type: 'string' });
  });

  it('honours --map over suggestions', () => {
    const plan = buildPlan({ kind: 'customers', headers: TELCO, sample: TELCO_ROWS, mapping: { customerID: 'externalId', gender: 'attributes.sex', Churn: 'ignore', tenure: 'attributes.tenure:string' } });
    expect(fieldOf(plan, 'gender')).toMatchObject({ field: 'attributes.sex', source: 'mapped' });
    expect(fieldOf(plan, 'Churn').field).toBe('ignore');
    expect(fieldOf(plan, 'tenure')).toMatchObject({ field: 'attributes.tenure', type: 'string' });
  });

  it('understands Danish and Turkish headers', () => {
    const da = buildPlan({ kind: 'customers', headers: ['Kundenummer', 'Fornavn', 'Efternavn', 'E-mail', 'Mobil', 'Sprog', 'Land', 'By', 'Køn', 'Fødselsdato'], sample: [] });
    expect(da.columns.map((c) => c.field)).toEqual(['externalId', 'firstName', 'lastName', 'email', 'phone', 'language', 'country', 'city', 'gender', 'birthDate']);
    const tr = buildPlan({ kind: 'customers', headers: ['Müşteri No', 'Ad', 'Soyad', 'E-posta', 'Cep Telefonu', 'Dil', 'Ülke', 'Şehir', 'Cinsiyet', 'Doğum Tarihi'], sample: [] });
    expect(tr.columns.map((c) => c.field)).toEqual(['externalId', 'firstName', 'lastName', 'email', 'phone', 'language', 'country', 'city', 'gender', 'birthDate']);
  });

  it('suggests event fields: type, time, order id, amount, currency', () => {
    const plan = buildPlan({ kind: 'events', headers: ['event_id', 'Event', 'customer_id', 'created_at', 'order_id', 'Total', 'Currency', 'Gift wrap'], sample: [['e1', 'purchase', 'c1', '2024-01-02 10:00:00', 'o1', '129.95', 'DKK', 'yes']] });
    expect(plan.columns.map((c) => c.field)).toEqual(['id', 'type', 'externalId', 'occurredAt', 'properties.orderId', 'amount', 'currency', 'properties.Gift_wrap']);
    expect(fieldOf(plan, 'Gift wrap').type).toBe('boolean');
  });

  it('refuses unknown columns and fields, two columns on one field, and files without an identifier', () => {
    const bad = (mapping: Record<string, string>, headers = TELCO) => resolvePlan({ kind: 'customers', headers, sample: [], mapping }).problems.map((p) => `${p.path} ${p.message}`).join('\n');
    expect(bad({ nope: 'email' })).toMatch(/mapping.nope is not a column/);
    expect(bad({ gender: 'favouriteColour' })).toMatch(/unknown field "favouriteColour"/);
    expect(bad({ gender: 'attributes.1x' })).toMatch(/not a valid key/);
    expect(bad({ gender: 'attributes.x:money' })).toMatch(/type "money"/);
    expect(bad({ gender: 'externalId', customerID: 'externalId' })).toMatch(/maps to externalId, like column/);
    expect(bad({}, ['a', 'b'])).toMatch(/no column identifies the customer/);
    expect(resolvePlan({ kind: 'events', headers: ['email'], sample: [] }).problems[0].message).toMatch(/event type/);
    expect(() => buildPlan({ kind: 'events', headers: ['email'], sample: [], defaults: { type: 'purchase' } })).not.toThrow();
  });

  it('names blank and repeated headers and makes attribute keys from any header', () => {
    expect(cleanHeaders(['', 'a', 'a', ' number'])).toEqual(['column_1', 'a', 'a_2', 'number']);
    expect(keyFromHeader('Monthly Charges', 0)).toBe('Monthly_Charges');
    expect(keyFromHeader('Købt i butik', 0)).toBe('Kobt_i_butik');
    expect(keyFromHeader('Görüş', 0)).toBe('Gorus');
    expect(keyFromHeader('2024 spend', 0)).toBe('c_2024_spend');
    expect(keyFromHeader('评论', 4)).toBe('column_5');
  });
});

describe('types', () => {
  it('infers 0/1 as numbers, yes/no as booleans, dates, and keeps codes with leading zeros as text', () => {
    expect(inferType(['0', '1', null, '1'])).toEqual({ type: 'number', decimal: '.' });
    expect(inferType(['Yes', 'No', 'yes'])).toEqual({ type: 'boolean' });
    expect(inferType(['ja', 'nej', 'evet'])).toEqual({ type: 'boolean' });
    expect(inferType(['2024-01-31', '1.2.2023'])).toEqual({ type: 'date' });
    expect(inferType(['0123', '4000'])).toEqual({ type: 'string' });
    expect(inferType(['29,85', '1.889,50'], true)).toEqual({ type: 'number', decimal: ',' });
    expect(inferType(['29,85'], false)).toEqual({ type: 'string' });
    expect(inferType([null, null])).toEqual({ type: 'string' });
  });

  it('parses numbers and dates strictly', () => {
    expect(parseNumber('1.889,50', ',')).toBe(1889.5);
    expect(parseNumber('1e3')).toBe(1000);
    expect(parseNumber('12abc')).toBeUndefined();
    expect(parseDate('2018-01-18 21:46:59')?.instant).toBe('2018-01-18T21:46:59.000Z');
    expect(parseDate('2024-03-01T10:00:00+02:00')?.instant).toBe('2024-03-01T08:00:00.000Z');
    expect(parseDate('31.12.1999')?.date).toBe('1999-12-31');
    expect(parseDate('2023-02-30')).toBeUndefined();
    expect(parseDate('03/04/2024')).toBeUndefined();
    expect(coerce('maybe', 'boolean')).toEqual({ ok: false, message: '"maybe" is not yes/no' });
  });

  it('detects comma, semicolon and tab separators, ignoring those inside quotes', () => {
    expect(detectDelimiter('a,b,c\n1,2,3\n')).toBe(',');
    expect(detectDelimiter('navn;beløb;by\n"Hansen, Ole";29,85;Aarhus\n')).toBe(';');
    expect(detectDelimiter('a\tb\n1\t2\n')).toBe('\t');
    expect(detectDelimiter('single\nx\n')).toBe(',');
  });
});

describe('rows', () => {
  const customers = buildPlan({ kind: 'customers', headers: ['id', 'email', 'first name', 'last name', 'born', 'Newsletter', 'plan'], sample: [['1', 'a@x.dk', 'Ole', 'Hansen', '1980-02-01', 'yes', 'gold']] });
  it('builds a profile: name from first + last, consent as boolean, blanks left out', () => {
    const r = toCustomerInput(customers, ['1', ' A@X.dk ', 'Ole', 'Hansen', '', 'ja', 'gold']);
    expect(r).toEqual({ ok: true, input: { externalId: '1', email: 'A@X.dk', name: 'Ole Hansen', marketingConsent: true, attributes: { plan: 'gold' } } });
  });
  it('points a bad cell at its column', () => {
    expect(toCustomerInput(customers, ['1', 'not-an-email', 'Ole', '', '', '', ''])).toMatchObject({ ok: false, column: 'email' });
    expect(toCustomerInput(customers, ['1', 'a@x.dk', '', '', '1980-13-01', '', ''])).toMatchObject({ ok: false, column: 'born' });
    expect(toCustomerInput(customers, ['', '', 'Ole', '', '', '', ''])).toMatchObject({ ok: true });
  });
  it('says how to keep text when a value does not fit a guessed type', () => {
    const plan = buildPlan({ kind: 'customers', headers: ['email', 'visits'], sample: [['a@x.dk', '1'], ['b@x.dk', '2']] });
    const r = toCustomerInput(plan, ['c@x.dk', 'many']);
    expect(r).toMatchObject({ ok: false, column: 'visits' });
    expect(!r.ok && r.message).toMatch(/"many" is not a number .*attributes.visits:string/);
  });

  const events = buildPlan({ kind: 'events', headers: ['email', 'type', 'when', 'total', 'currency'], sample: [], mapping: { when: 'occurredAt' } });
  it('converts amounts to minor units of their currency and derives a stable id from the content', () => {
    const a = toEventInput(events, ['a@x.dk', 'purchase', '2024-05-01 12:00', '129.95', 'dkk']);
    expect(a).toMatchObject({ ok: true, input: { type: 'purchase', customer: { email: 'a@x.dk' }, occurredAt: '2024-05-01T12:00:00.000Z', properties: { amount: 12995, currency: 'DKK' } } });
    expect(toEventInput(events, ['a@x.dk', 'purchase', '2024-05-01 12:00', '1500', 'JPY'])).toMatchObject({ input: { properties: { amount: 1500 } } });
    const again = toEventInput(events, ['a@x.dk', 'purchase', '2024-05-01 12:00', '129.95', 'DKK']);
    expect(a.ok && again.ok && a.input.id === again.input.id).toBe(true);
    const other = toEventInput(events, ['a@x.dk', 'purchase', '2024-05-02 12:00', '129.95', 'DKK']);
    expect(other.ok && a.ok && other.input.id !== a.input.id).toBe(true);
    expect(contentEventId({ type: 'x', customer: { email: 'a' } })).toMatch(/^csv-/);
    expect(toEventInput(events, ['a@x.dk', 'purchase', '2024-05-01', '10', 'XYZ1'])).toMatchObject({ ok: false, column: 'currency' });
  });
});

it('neutralises cells a spreadsheet would run as formulas', () => {
  expect(['=1+1', '+45 1234', '-2', '@SUM(A1)', 'ok'].map(neutraliseCell)).toEqual(["'=1+1", "'+45 1234", "'-2", "'@SUM(A1)", 'ok']);
});
