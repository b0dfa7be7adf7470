import type { TNewRule } from './routing.schemas.js';

/**
 * Ready-made rules for the categories CX teams sort by. Keywords in English, Danish, German, Spanish,
 * French, Turkish and Chinese; a workspace copies one and edits it (the copy is theirs, later preset
 * changes do not touch it).
 */
export const RULE_PRESETS: Record<string, Omit<TNewRule, 'enabled' | 'position'> & { position: number }> = {
  crisis: {
    name: 'Crisis: strongly negative and many similar messages within an hour',
    position: 0,
    match: 'all',
    conditions: [
      { field: 'sentimentScore', max: -0.5 },
      { field: 'similarInLastHour', min: 5 },
    ],
    actions: { tags: ['crisis'], priority: 'urgent' },
  },
  sales_lead: {
    name: 'Sales lead',
    position: 10,
    match: 'any',
    conditions: [
      {
        field: 'text',
        anyOf: ['pricing', 'quote', 'price list', 'demo', 'buy', 'purchase', 'enterprise plan', 'volume discount',
          'tilbud', 'pris', 'købe', 'angebot', 'preis', 'kaufen', 'presupuesto', 'precio', 'comprar', 'devis', 'tarif', 'acheter',
          'fiyat', 'teklif', 'satın almak', '报价', '价格', '购买'],
      },
    ],
    actions: { tags: ['sales-lead'], team: 'sales' },
  },
  feature_request: {
    name: 'Feature request',
    position: 20,
    match: 'any',
    conditions: [
      { field: 'featureRequest', is: true },
      { field: 'text', anyOf: ['feature request', 'would be great if', 'please add', 'it would be nice', 'ønske', 'funktionswunsch', 'sugerencia', 'suggestion', 'özellik isteği', '功能建议', '希望增加'] },
    ],
    actions: { tags: ['feature-request'] },
  },
  technical_issue: {
    name: 'Technical issue',
    position: 30,
    match: 'any',
    conditions: [
      {
        field: 'text',
        anyOf: ['error', 'bug', 'crash', 'crashes', 'not working', "doesn't work", 'does not work', 'broken', 'cannot log in', "can't log in", 'login', 'password reset', 'outage', '500',
          'fejl', 'virker ikke', 'fehler', 'funktioniert nicht', 'absturz', 'no funciona', 'erreur', 'ne fonctionne pas', 'hata', 'çalışmıyor', '错误', '无法登录', '崩溃'],
      },
    ],
    actions: { tags: ['technical'], team: 'support', priority: 'normal' },
  },
  user_generated_content: {
    name: 'User-generated content (reviews, posts, photos worth sharing)',
    position: 40,
    match: 'all',
    conditions: [
      { field: 'sentiment', is: 'positive' },
      { field: 'channel', anyOf: ['twitter', 'instagram', 'facebook', 'tiktok', 'review', 'reviews', 'trustpilot', 'google'] },
    ],
    actions: { tags: ['ugc'] },
  },
};
