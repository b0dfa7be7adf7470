import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PERMISSIONS, type Permission } from '../src/platform/auth/permissions.js';
import { ROLES, type Role } from '../src/accounts/accounts.tables.js';

/*
 * docs/roles.md shows PERMISSIONS as a role × permission matrix. This test regenerates the matrix
 * and fails when the document lags behind the code; `UPDATE_DOCS=1 npx vitest run test/roles-doc.test.ts`
 * rewrites the generated part.
 */

const DOC = fileURLToPath(new URL('../docs/roles.md', import.meta.url));
const START = '<!-- generated from src/platform/auth/permissions.ts: start -->';
const END = '<!-- generated from src/platform/auth/permissions.ts: end -->';

function renderRoleMatrix(): string {
  const header = `| Permission | ${ROLES.join(' | ')} |`;
  const rule = `|---|${ROLES.map(() => ':-:').join('|')}|`;
  const lines = (Object.keys(PERMISSIONS) as Permission[]).map(
    (p) => `| \`${p}\` | ${ROLES.map((r) => ((PERMISSIONS[p] as readonly Role[]).includes(r) ? '✓' : '—')).join(' | ')} |`,
  );
  return [header, rule, ...lines].join('\n');
}

describe('docs/roles.md', () => {
  it('shows the permission matrix exactly as src/platform/auth/permissions.ts defines it', () => {
    const doc = readFileSync(DOC, 'utf8');
    const start = doc.indexOf(START);
    const end = doc.indexOf(END);
    expect(start, `docs/roles.md lacks the marker ${START}`).toBeGreaterThanOrEqual(0);
    expect(end, `docs/roles.md lacks the marker ${END}`).toBeGreaterThan(start);
    const current = doc.slice(start + START.length, end).trim();
    const expected = renderRoleMatrix();
    if (process.env.UPDATE_DOCS === '1' && current !== expected) {
      writeFileSync(DOC, `${doc.slice(0, start + START.length)}\n${expected}\n${doc.slice(end)}`);
      return;
    }
    expect(current, 'docs/roles.md is out of date: run UPDATE_DOCS=1 npx vitest run test/roles-doc.test.ts').toBe(expected);
  });

  it('describes every role', () => {
    const doc = readFileSync(DOC, 'utf8');
    for (const role of ROLES) expect(doc, `docs/roles.md says nothing about ${role}`).toMatch(new RegExp(`^\\| \\*\\*${role}\\*\\* \\|`, 'm'));
  });
});
