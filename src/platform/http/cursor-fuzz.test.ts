import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { buildWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { encodeCursor } from './cursor.js';

/*
 * Every list takes the one platform cursor (cursor.ts). Cursors a client can forge without breaking the
 * format — another list's, the right list's with values of the wrong shape, a retired format — must be a
 * 400 problem, never a 500 from a cast in SQL. The routes come from /openapi.json and the list kinds from
 * the source, so new lists are covered without editing this file.
 */

const SRC = fileURLToPath(new URL('../../', import.meta.url));
const ID = '0190a6f0-0000-7000-8000-000000000000';
const TS = '2024-05-06T07:08:09.123456Z';
const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** The list kinds named in the code (`encodeCursor('kind'`, `…CURSOR… = 'kind'`, `idCursor.encode('kind'`), and the customers sorts. */
function kindsInSource(): string[] {
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
    );
  const kinds = new Set<string>();
  for (const file of files(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:encodeCursor|decodeCursor|idCursor\.(?:encode|decode))\(\s*'([^']+)'|CURSOR\w*\s*=\s*'([^']+)'/g)) {
      kinds.add(m[1] ?? m[2]);
    }
  }
  for (const sort of ['lastSeenAt', 'createdAt', 'totalSpend', 'name']) for (const d of ['asc', 'desc']) kinds.add(`customers:${sort}:${d}`);
  return [...kinds];
}

/** Values no list accepts: every list's cursor ends in a row id, and none of these has one. */
const WRONG_VALUES: unknown[][] = [
  [],
  ['not-a-uuid'],
  [12345],
  [null],
  [{}],
  [[ID]],
  ['x'.repeat(1500)],
  ['2024-13-45T25:61:00Z', 'not-a-uuid'],
  [1e300, 'not-a-uuid'],
  ['99999999999999999999', `${ID}'; drop table users; --`],
  [true, false, ID, ID],
];
/** Values some list accepts (an id; a sort key and an id): fine for at most one kind per route. */
const PLAUSIBLE_VALUES: unknown[][] = [[ID], [TS, ID], ['1714979289123456', ID], [4200, ID], ['Ada', ID]];
/** Cursors in formats this API handed out before the platform helper, or versions it never made. */
const RETIRED = [
  ID,
  `1714979289123456.${ID}`,
  b64(`${TS}|${ID}`),
  b64([0, 'jobs', '1714979289123456', ID]),
  b64([2, 'audit', ID]),
  b64({ v: 1, kind: 'audit', id: ID }),
  b64('null'),
  'not base64 at all!',
  '%00',
];

let t: TestApp;
let ws: TestWorkspace;
let lists: { path: string; param: string }[];

beforeAll(async () => {
  t = await createTestApp();
  ws = await buildWorkspace(t.rt.ctx, 'Cursor fuzz');
  const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json<{
    paths: Record<string, Record<string, { parameters?: { in: string; name: string }[] }>>;
  }>();
  lists = Object.entries(doc.paths).flatMap(([path, methods]) => {
    const param = methods.get?.parameters?.find((p) => p.in === 'query' && (p.name === 'cursor' || p.name === 'before'))?.name;
    return path.startsWith('/api/v1/') && param ? [{ path, param }] : [];
  });
});
afterAll(async () => t?.close());

async function get(list: { path: string; param: string }, cursor: string) {
  const url = `${list.path.replace(/\{\w+\}/g, ID)}?${new URLSearchParams({ [list.param]: cursor })}`;
  const res = await t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${ws.keys.owner}` } });
  return { url, res };
}

/**
 * Lists that still take a bare row id as their cursor (the customers-domain refactor moves them to the
 * platform helper): a bare id is a valid cursor there. Remove a path once its list uses the helper.
 */
const BARE_ID_CURSOR_LISTS = new Set(['/api/v1/segments', '/api/v1/segments/{id}/members', '/api/v1/personas']);

/** Lists under a path parameter may answer 404 for the made-up parent before they read the cursor. */
const refusedStatuses = (path: string) => (path.includes('{') ? [400, 404] : [400]);

describe('well-formed but wrong cursors', () => {
  it('finds the lists and the cursor kinds', () => {
    expect(lists.map((l) => l.path)).toEqual(expect.arrayContaining(['/api/v1/jobs', '/api/v1/audit-log', '/api/v1/outbox', '/api/v1/imports']));
    expect(kindsInSource()).toEqual(expect.arrayContaining(['jobs', 'audit', 'outbox', 'imports']));
  });

  it('refuses every list kind with values of the wrong shape, and retired formats, with 400 problem+json', async () => {
    const cursors = [...kindsInSource(), 'no-such-list'].flatMap((kind) => WRONG_VALUES.map((v) => encodeCursor(kind, v as string[])));
    for (const list of lists) {
      for (const cursor of [...cursors, ...RETIRED]) {
        const { url, res } = await get(list, cursor);
        if (cursor === ID && BARE_ID_CURSOR_LISTS.has(list.path) && res.statusCode === 200) continue;
        expect(refusedStatuses(list.path), `${url} → ${res.statusCode} ${res.body.slice(0, 200)}`).toContain(res.statusCode);
        expect(String(res.headers['content-type'])).toContain('application/problem+json');
      }
    }
  }, 240_000);

  it("accepts at most one list's cursor per route: the others are 400, none 500", async () => {
    for (const list of lists) {
      const accepted = new Set<string>();
      for (const kind of kindsInSource()) {
        for (const values of PLAUSIBLE_VALUES) {
          const { url, res } = await get(list, encodeCursor(kind, values as string[]));
          expect([200, ...refusedStatuses(list.path)], `${url} → ${res.statusCode} ${res.body.slice(0, 200)}`).toContain(res.statusCode);
          if (res.statusCode === 200) accepted.add(kind);
        }
      }
      expect(accepted.size, `${list.path} accepted cursors of ${[...accepted].join(', ')}`).toBeLessThanOrEqual(1);
    }
  }, 240_000);
});
