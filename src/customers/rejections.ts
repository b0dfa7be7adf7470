/**
 * Why a profile or an event was refused, as a type rather than a sentence: callers branch on `kind`
 * (an erased person is a 409, a bad row a 422), and the API's per-row `error` text is made from it
 * in one place, at the edge.
 */
export type Rejection =
  | { kind: 'erased' }
  | { kind: 'customer_not_found'; customerId: string }
  | { kind: 'unnamed' }
  | { kind: 'invalid'; message: string };

export const ERASED: Rejection = { kind: 'erased' };

/** The per-row `error` text of the API (kept word for word: clients may show or log it). */
export function rejectionMessage(r: Rejection): string {
  switch (r.kind) {
    case 'erased':
      return 'customer was erased';
    case 'customer_not_found':
      return `customer ${r.customerId} was not found`;
    case 'unnamed':
      return 'name the customer: externalId, email, phone, anonymousId, social or id';
    case 'invalid':
      return r.message;
  }
}
