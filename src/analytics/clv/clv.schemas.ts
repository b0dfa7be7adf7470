import { z } from 'zod';

export const ZClvParameters = z.object({
  r: z.number(), alpha: z.number(), a: z.number(), b: z.number(),
  p: z.number(), q: z.number(), gamma: z.number(),
}).describe('BG/NBD r, α (weeks), a, b and Gamma-Gamma p, q, γ (minor units)');

export const ZClvModel = z.object({
  parameters: ZClvParameters,
  customers: z.number().describe('Buyers the fit used'),
  repeatCustomers: z.number().describe('Buyers with at least one repeat purchase'),
  horizonWeeks: z.number(),
  fittedAt: z.date(),
});

export const ZClvModelState = z.object({ model: ZClvModel.nullable() });

export const ZFitClvRequest = z.object({}).strict();

export const ZCustomerClvPrediction = z.object({
  expectedPurchases: z.number().describe('Expected purchases over the horizon'),
  probabilityAlive: z.number(),
  expectedValue: z.number().describe('Expected value over the horizon × margin, minor units of the base currency'),
  fittedAt: z.date(),
});

export const ZMarginQuery = z.object({
  margin: z.coerce.number().min(0).max(1).optional().describe('Gross margin applied to value (0–1); default the workspace gross margin (PATCH /customer-settings grossMargin, 1 until set)'),
});

export const ZCustomerClv = z.object({
  customerId: z.uuid(),
  margin: z.number().describe('The margin applied (0–1)'),
  marginSource: z.enum(['query', 'workspace']).describe('query: the margin parameter; workspace: the workspace gross margin setting'),
  prediction: ZCustomerClvPrediction.nullable().describe('Null when the customer has not bought, or before the first fit'),
});

export const ZPredictiveClv = ZClvModel.extend({
  formula: z.string(),
  value: z.number().nullable().describe('Mean predicted value per buyer over the horizon × margin, minor units'),
  median: z.number().nullable(),
  total: z.number(),
  expectedPurchases: z.number().nullable().describe('Mean expected purchases per buyer over the horizon'),
  n: z.number(),
});
