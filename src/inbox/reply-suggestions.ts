import type { Db } from '../platform/db/client.js';
import { termsOf } from '../text/terms.service.js';
import { requireConversation } from './conversations.service.js';
import type { TReplySuggestion } from './reply-suggestions.schemas.js';
import { findRecentlyResolved, findVisibleMessages, type ExchangeMessageRow } from './reply-suggestions.queries.js';

/** How many resolved conversations are compared: the newest answers reflect today's products and policies, and it bounds the work per request. */
export const CANDIDATES = 1000;
/** At most this many suggestions. */
const SUGGESTIONS = 3;
/** Below this cosine the texts share little more than a greeting: no suggestion beats a misleading one. */
export const MIN_SIMILARITY = 0.1;


/**
 * TF-IDF cosine similarity of a query to each document (raw term counts × smoothed inverse document
 * frequency ln((1 + N) / (1 + df)) + 1 over the N documents, as scikit-learn does), best first; documents
 * sharing no term are left out. Rare words (a product name, "chargeback") count for more than words
 * every customer writes.
 */
export function rankBySimilarity<K>(query: string[], docs: { key: K; terms: string[] }[]): { key: K; score: number }[] {
  const counts = (terms: string[]) => {
    const m = new Map<string, number>();
    for (const t of terms) m.set(t, (m.get(t) ?? 0) + 1);
    return m;
  };
  const docCounts = docs.map((d) => counts(d.terms));
  const df = new Map<string, number>();
  for (const c of docCounts) for (const t of c.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const idf = (t: string) => Math.log((1 + docs.length) / (1 + (df.get(t) ?? 0))) + 1;
  const weigh = (c: Map<string, number>) => {
    const w = new Map<string, number>();
    let norm = 0;
    for (const [t, n] of c) {
      const x = n * idf(t);
      w.set(t, x);
      norm += x * x;
    }
    return { w, norm: Math.sqrt(norm) };
  };
  const q = weigh(counts(query));
  if (q.norm === 0) return [];
  const out: { key: K; score: number }[] = [];
  docCounts.forEach((c, i) => {
    const d = weigh(c);
    let dot = 0;
    for (const [t, x] of q.w) dot += x * (d.w.get(t) ?? 0);
    if (dot > 0) out.push({ key: docs[i].key, score: dot / (q.norm * d.norm) });
  });
  return out.sort((a, b) => b.score - a.score);
}

/** An answered question: the customer's messages up to the first reply (not an automatic one), and that reply. */
function exchangeOf(messages: ExchangeMessageRow[]): { question: string; reply: ExchangeMessageRow } | undefined {
  const question: string[] = [];
  for (const m of messages) {
    if (m.direction === 'in') question.push(m.text);
    else if (question.length > 0 && m.sender !== 'auto-acknowledge' && m.text.trim()) return { question: question.join('\n'), reply: m };
  }
  return undefined;
}

/** A social reply starts by addressing its customer ("@115712 …"): not something to send to another one. */
const withoutLeadingMentions = (text: string) => text.replace(/^(\s*@[\p{L}\p{N}_.]+[,:]?)+\s*/u, '');

/**
 * Up to three replies agents sent in resolved conversations of this workspace whose customer wrote the
 * most similar words to this conversation's customer (subject and inbound messages; TF-IDF cosine over
 * the text domain's terms, among the newest resolved conversations). Each is the first reply that
 * answered the customer there; identical replies are suggested once. Nothing is suggested for a
 * conversation without customer text, nor below a minimal similarity.
 */
export async function suggestReplies(db: Db, ws: string, conversationId: string): Promise<{ data: TReplySuggestion[] }> {
  const conv = await requireConversation(db, ws, conversationId);
  const own = (await findVisibleMessages(db, ws, [conv.id])).filter((m) => m.direction === 'in').map((m) => m.text);
  const query = termsOf(`${conv.subject}\n${own.join('\n')}`.slice(0, 8000), conv.language);
  if (query.length === 0) return { data: [] };

  const resolved = await findRecentlyResolved(db, ws, conv.id, CANDIDATES);
  const byConversation = new Map<string, ExchangeMessageRow[]>();
  for (const m of await findVisibleMessages(db, ws, resolved.map((r) => r.id))) {
    const list = byConversation.get(m.conversationId) ?? [];
    list.push(m);
    byConversation.set(m.conversationId, list);
  }
  const docs = resolved.flatMap((r) => {
    const ex = exchangeOf(byConversation.get(r.id) ?? []);
    return ex ? [{ key: { conversation: r, reply: ex.reply }, terms: termsOf(`${r.subject}\n${ex.question}`.slice(0, 8000), r.language) }] : [];
  });

  const data: TReplySuggestion[] = [];
  const seen = new Set<string>();
  for (const { key, score } of rankBySimilarity(query, docs)) {
    if (score < MIN_SIMILARITY || data.length === SUGGESTIONS) break;
    const text = withoutLeadingMentions(key.reply.text).trim();
    const same = text.toLowerCase().replace(/\s+/g, ' ');
    if (!text || seen.has(same)) continue;
    seen.add(same);
    data.push({ conversationId: key.conversation.id, messageId: key.reply.id, subject: key.conversation.subject, text, score: Math.round(score * 1000) / 1000 });
  }
  return { data };
}
