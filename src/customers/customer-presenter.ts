import type { customers } from './customers.tables.js';
import type { TCustomer } from './customers.schemas.js';
import { profileOf } from './profile-fields.js';

export type CustomerRow = typeof customers.$inferSelect;

const DAY_MS = 86_400_000;

/** The API shape of a profile: its fields, custom attributes and computed traits. */
export function presentCustomer(c: CustomerRow, baseCurrency: string): TCustomer {
  return {
    id: c.id,
    ...profileOf(c),
    traits: {
      orderCount: c.orderCount,
      totalSpend: c.totalSpend,
      baseCurrency,
      spendByCurrency: c.spendByCurrency,
      avgOrderValue: c.avgOrderValue,
      refundTotal: c.refundTotal,
      clv: c.clv,
      firstPurchaseAt: c.firstPurchaseAt,
      lastPurchaseAt: c.lastPurchaseAt,
      lastActivityAt: c.lastActivityAt,
      daysSinceLastActivity: c.lastActivityAt ? Math.floor((Date.now() - c.lastActivityAt.getTime()) / DAY_MS) : null,
      lifecycleStage: c.lifecycleStage,
      npsScore: c.npsScore,
      npsCategory: c.npsCategory,
      csatScore: c.csatScore,
      cesScore: c.cesScore,
      lastSurveyAt: c.lastSurveyAt,
      supportCases: c.supportCases,
      openSupportCases: c.openSupportCases,
      eventCount: c.eventCount,
    },
    churnRisk: c.churnRisk,
    churnFactors: c.churnFactors,
    createdAt: c.createdAt,
    firstSeenAt: c.firstSeenAt,
    lastSeenAt: c.lastSeenAt,
    updatedAt: c.updatedAt,
    erasedAt: c.erasedAt,
  };
}
