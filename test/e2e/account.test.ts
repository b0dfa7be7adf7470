import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { buildWorkspace, type TestWorkspace } from '../factories.js';
import { browserTestsEnabled, launchBrowser, openDashboard, signIn, startDashboardServer, type DashboardServer } from './browser.js';

const enabled = browserTestsEnabled();

const PHONE_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
const WINDOWS_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

describe.skipIf(!enabled)('account pages in Chromium', () => {
  let server: DashboardServer;
  let browser: Browser;
  let ws: TestWorkspace;

  beforeAll(async () => {
    server = await startDashboardServer();
    ws = await buildWorkspace(server.t.rt.ctx, 'Acme Retail');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Signs the workspace owner in elsewhere, as another device would; returns the session cookie. */
  async function signInElsewhere(userAgent: string): Promise<string> {
    const res = await server.t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'user-agent': userAgent }, payload: { email: ws.email, password: ws.password } });
    expect(res.statusCode).toBe(200);
    return String(res.headers['set-cookie']).split(';')[0];
  }
  const isSignedIn = async (cookie: string) => (await server.t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } })).statusCode === 200;

  it('lists my sessions by device, signs one out, then all the others', async () => {
    const phone = await signInElsewhere(PHONE_UA);
    const desktop = await signInElsewhere(WINDOWS_UA);
    const { page, context, problems } = await openDashboard(browser, server.baseUrl);
    await page.goto('/settings/sessions');
    await signIn(page, ws.email, ws.password);
    await page.getByRole('heading', { name: 'Sessions', level: 2 }).waitFor();

    const rows = page.getByRole('row');
    await rows.filter({ hasText: 'Safari on iOS' }).waitFor();
    await rows.filter({ hasText: 'Chrome on Windows' }).waitFor();
    const mine = rows.filter({ hasText: 'This device' });
    expect(await mine.getByRole('button').count()).toBe(0);
    expect(await mine.textContent()).toContain('127.0.0.1');
    await page.screenshot({ path: '/tmp/kunde-e2e-sessions.png', fullPage: true });

    await page.getByRole('button', { name: 'Sign out Safari on iOS' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('status').getByText('Safari on iOS was signed out.').waitFor();
    await rows.filter({ hasText: 'Safari on iOS' }).waitFor({ state: 'detached' });
    expect(await isSignedIn(phone)).toBe(false);
    expect(await isSignedIn(desktop)).toBe(true);

    await page.getByRole('button', { name: 'Sign out all other sessions' }).click();
    await page.getByRole('dialog').getByText('Sessions to end: 1.').waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Sign out all other sessions' }).click();
    await page.getByRole('status').getByText('Other sessions signed out: 1').waitFor();
    await rows.filter({ hasText: 'Chrome on Windows' }).waitFor({ state: 'detached' });
    expect(await isSignedIn(desktop)).toBe(false);
    // The button goes once nothing else is left, and this browser is still signed in.
    await page.getByRole('button', { name: 'Sign out all other sessions' }).waitFor({ state: 'detached' });
    expect((await page.request.get('/api/v1/me')).status()).toBe(200);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('creates a workspace, switches to it, and can switch back', async () => {
    const { page, context, problems } = await openDashboard(browser, server.baseUrl);
    await page.goto('/login');
    await signIn(page, ws.email, ws.password);
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    await page.getByRole('button', { name: /Account menu/ }).click();
    await page.getByRole('link', { name: 'Your workspaces' }).click();
    await page.getByRole('heading', { name: 'Workspaces', level: 2 }).waitFor();
    await page.getByRole('row').filter({ hasText: 'Acme Retail' }).getByText('Current').waitFor();

    // A blank name is refused by the server, and the message lands on the field.
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await page.locator('input[name="name"][aria-invalid="true"]').waitFor();

    await page.getByLabel('Workspace name').fill('Acme Outlet');
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await page.getByRole('status').getByText('Switched to Acme Outlet').waitFor();
    await page.waitForURL('**/settings/workspace');
    await expect.poll(async () => ((await (await page.request.get('/api/v1/me')).json()) as { workspace: { name: string }; role: string }).workspace.name).toBe('Acme Outlet');
    const me = (await (await page.request.get('/api/v1/me')).json()) as { role: string; workspaces: { name: string }[] };
    expect(me.role).toBe('owner');
    expect(me.workspaces.map((w) => w.name).sort()).toEqual(['Acme Outlet', 'Acme Retail']);
    // The top bar now offers the switch between both.
    expect(await page.getByLabel('Switch workspace').inputValue()).toBeTruthy();

    await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Workspaces' }).click();
    await page.getByRole('button', { name: 'Switch to Acme Retail' }).click();
    await page.getByRole('status').getByText('Switched to Acme Retail').waitFor();
    await page.getByRole('row').filter({ hasText: 'Acme Retail' }).getByText('Current').waitFor();
    // The browser logs the refused blank name (422) as a failed resource; that one was asked for.
    expect(problems.filter((p) => !p.includes('status of 422'))).toEqual([]);
    await context.close();
  });
});
