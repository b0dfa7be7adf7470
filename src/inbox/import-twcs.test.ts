import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { call, createTestApp, type TestApp } from '../../test/helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../../test/factories.js';
import { dataset } from '../../test/helpers/datasets.js';
import { cliActor } from '../cli/options.js';
import { requireInbox } from './inboxes.service.js';
import { importConversationFile } from './import-file.js';

const twcs = dataset('twcs_sample.csv');
const MAPPING = { tweet_id: 'messageId', author_id: 'author', inbound: 'inbound', created_at: 'sentAt', text: 'text', in_response_to_tweet_id: 'inReplyTo' };

let t: TestApp;
let a: TestWorkspace;
beforeAll(async () => {
  t = await createTestApp();
  a = await buildWorkspace(t.rt.ctx, 'Twitter import');
});
afterAll(async () => t?.close());

/** What the file should give, computed here from the CSV itself: rows, and threads as connected reply chains. */
function expected() {
  const rows = parse(readFileSync(twcs.path), { columns: true }) as Record<string, string>[];
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    while ((parent.get(x) ?? x) !== x) x = parent.get(x)!;
    return x;
  };
  for (const r of rows) {
    if (!parent.has(r.tweet_id)) parent.set(r.tweet_id, r.tweet_id);
    if (r.in_response_to_tweet_id) {
      if (!parent.has(r.in_response_to_tweet_id)) parent.set(r.in_response_to_tweet_id, r.in_response_to_tweet_id);
      const [x, y] = [find(r.tweet_id), find(r.in_response_to_tweet_id)];
      if (x !== y) parent.set(x, y);
    }
  }
  return { rows: rows.length, inbound: rows.filter((r) => r.inbound === 'TRUE').length, threads: new Set(rows.map((r) => find(r.tweet_id))).size };
}

describe.skipIf(!twcs.present)(`kunde import conversations on ${twcs.path}`, () => {
  it('stores every row as one message, threads by reply ids, and stores nothing twice on a re-import', { timeout: 120_000 }, async () => {
    const want = expected();
    const created = await call<{ id: string }>(t.app, 'POST', '/api/v1/inboxes', { key: a.keys.admin, body: { type: 'import', name: 'Twitter' } });
    const inbox = await requireInbox(t.rt.ctx.db, a.workspaceId, created.body.id);
    const actor = { ...cliActor(a.workspaceId), label: 'cli import' };
    const first = await importConversationFile(t.rt.ctx, actor, inbox, twcs.path, { mapping: MAPPING });
    expect(first).toMatchObject({ processed: want.rows, imported: want.rows, duplicates: 0, rejected: 0, conversations: want.threads });
    const again = await importConversationFile(t.rt.ctx, actor, inbox, twcs.path, { mapping: MAPPING });
    expect(again).toMatchObject({ imported: 0, duplicates: want.rows, rejected: 0 });
    const list = await call<{ data: { id: string; messageCount: number; customerId: string | null; channel: string }[] }>(t.app, 'GET', `/api/v1/conversations?inboxId=${inbox.id}&limit=500`, { key: a.keys.viewer });
    expect(list.body.data).toHaveLength(want.threads);
    expect(list.body.data.reduce((s, c) => s + c.messageCount, 0)).toBe(want.rows);
    expect(list.body.data.every((c) => c.channel === 'twitter')).toBe(true);
    // Inbound tweets reached profiles by their Twitter handle.
    expect(list.body.data.filter((c) => c.customerId).length).toBeGreaterThan(0);
    let inbound = 0;
    for (const c of list.body.data) {
      const msgs = await call<{ data: { direction: string }[] }>(t.app, 'GET', `/api/v1/conversations/${c.id}/messages?limit=500`, { key: a.keys.viewer });
      inbound += msgs.body.data.filter((m) => m.direction === 'in').length;
    }
    expect(inbound).toBe(want.inbound);
  });
});
