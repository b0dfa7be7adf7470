import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { call } from '../helpers/app.js';
import { buildMember, buildWorkspace, type TestWorkspace } from '../factories.js';
import { browserTestsEnabled, launchBrowser, openDashboard, signIn, startDashboardServer, waitForNoSpinner, type DashboardServer } from './browser.js';

const enabled = browserTestsEnabled();

describe.skipIf(!enabled)('dashboard in Chromium', () => {
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

  it('signs in, creates an API key shown once, lists it, and signs out', async () => {
    const { page, context, problems } = await openDashboard(browser, server.baseUrl);

    // A deep link while signed out leads to sign-in and, afterwards, back to where it pointed.
    await page.goto('/settings/api-keys');
    await page.waitForURL('**/login?next=%2Fsettings%2Fapi-keys');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();

    // A wrong password shows the server's problem detail, not a generic message.
    const refused = await call<{ detail: string }>(server.t.app, 'POST', '/api/v1/auth/login', { body: { email: ws.email, password: 'wrong-password' } });
    await signIn(page, ws.email, 'wrong-password');
    await page.getByRole('alert').filter({ hasText: refused.body.detail }).waitFor();

    await signIn(page, ws.email, ws.password);
    await page.waitForURL('**/settings/api-keys');
    await page.getByRole('heading', { name: 'API keys' }).waitFor();
    await page.getByRole('button', { name: /owner-.*Account menu/ }).waitFor();

    // Creating a key: the secret appears once, with a warning and a copy button.
    await page.getByLabel('Name', { exact: true }).fill('Webshop');
    await page.getByLabel('Role', { exact: true }).selectOption('viewer');
    await page.getByRole('button', { name: 'Create key' }).click();
    const secretBox = page.getByTestId('api-key-secret');
    await secretBox.waitFor();
    const secret = (await secretBox.textContent())?.trim() ?? '';
    expect(secret).toMatch(/^kunde_[A-Za-z0-9]+_/);
    await page.getByText('It will not be shown again').waitFor();
    await page.getByRole('button', { name: 'Copy' }).waitFor();

    // It is listed under its name and prefix, and the secret really is a working viewer key.
    const row = page.getByRole('row').filter({ hasText: 'Webshop' });
    await row.waitFor();
    expect(await row.textContent()).toContain('Viewer');
    const prefix = secret.split('_')[1];
    expect(await row.textContent()).toContain(`kunde_${prefix}_`);
    const asKey = await call<{ role: string; workspaceId: string }>(server.t.app, 'GET', '/api/v1/me', { key: secret });
    expect(asKey.status).toBe(200);
    expect(asKey.body).toMatchObject({ role: 'viewer', workspaceId: ws.workspaceId });
    await page.screenshot({ path: '/tmp/kunde-e2e-api-keys.png', fullPage: true });

    // Once dismissed (or after a reload) the secret is gone for good.
    await page.getByRole('button', { name: 'I have stored the key' }).click();
    await secretBox.waitFor({ state: 'detached' });
    await page.reload();
    await row.waitFor();
    expect(await page.content()).not.toContain(secret);

    // The overview renders inside the same frame.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }).click();
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    await page.getByText('Acme Retail').first().waitFor();
    await page.screenshot({ path: '/tmp/kunde-e2e-overview.png', fullPage: true });

    // Signing out ends the server session and lands on the sign-in page.
    await page.getByRole('button', { name: /Account menu/ }).click();
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL('**/login');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    const me = await page.request.get('/api/v1/me');
    expect(me.status()).toBe(401);
    await page.goto('/settings/api-keys');
    await page.waitForURL('**/login?next=%2Fsettings%2Fapi-keys');

    expect(problems).toEqual([]);
    await context.close();
  });

  it('renders every settings section, follows the chosen language, and adapts to role and screen', async () => {
    const { page, context, problems } = await openDashboard(browser, server.baseUrl);
    await page.goto('/login');
    await signIn(page, ws.email, ws.password);
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();

    // Keyboard users start with a way past the navigation.
    await page.reload();
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').textContent()).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.locator(':focus').getAttribute('id')).toBe('main');

    const sections: [string, string][] = [
      ['Workspace', 'Workspace name'],
      ['Members', 'Send invitation'],
      ['API keys', 'Create key'],
      ['Audit log', 'Filter'],
      ['Jobs', 'State'],
      ['Webhooks', 'Add endpoint'],
      ['Outbox', ''],
      ['Profile', 'Change password'],
      ['Sessions', 'This device'],
      ['Workspaces', 'Create workspace'],
    ];
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    const settingsNav = page.getByRole('navigation', { name: 'Settings sections' });
    for (const [section, landmark] of sections) {
      await settingsNav.getByRole('link', { name: section, exact: true }).click();
      await page.getByRole('heading', { name: section, level: 2, exact: true }).waitFor();
      if (landmark) await page.getByText(landmark, { exact: true }).first().waitFor();
      await waitForNoSpinner(page);
      // A section whose API failed shows the problem as an alert; none may here.
      expect(await page.getByRole('alert').count(), `${section} shows an error`).toBe(0);
    }
    await settingsNav.getByRole('link', { name: 'Jobs' }).click();
    await page.locator('.chart svg').waitFor();
    await page.screenshot({ path: '/tmp/kunde-e2e-jobs.png', fullPage: true });
    await settingsNav.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('cell', { name: 'api_key.created' }).first().waitFor();

    // The language picked in the user menu applies at once and is saved on the profile.
    await page.getByRole('button', { name: /Account menu/ }).click();
    await page.getByLabel('Language', { exact: true }).selectOption('da');
    await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Indstillinger' }).waitFor();
    await expect.poll(async () => ((await (await page.request.get('/api/v1/me')).json()) as { user: { language: string } }).user.language).toBe('da');
    await page.keyboard.press('Escape');
    await page.getByRole('navigation', { name: 'Hovedmenu' }).getByRole('link', { name: 'Kunder', exact: true }).click();
    await page.getByRole('heading', { name: 'Kunder', level: 1, exact: true }).waitFor();
    await page.screenshot({ path: '/tmp/kunde-e2e-coming-soon-da.png' });
    expect(await page.locator('html').getAttribute('lang')).toBe('da');
    expect(problems).toEqual([]);
    await context.close();

    // A viewer sees what a viewer may use: no key management, no audit log, no member actions.
    const viewer = await buildMember(server.t.rt.ctx, ws.workspaceId, 'viewer');
    const phone = await openDashboard(browser, server.baseUrl, { viewport: { width: 390, height: 780 }, colorScheme: 'dark' });
    await phone.page.goto('/settings/members');
    await signIn(phone.page, viewer.email, viewer.password);
    await phone.page.getByRole('heading', { name: 'Members', level: 2 }).waitFor();
    await phone.page.getByRole('cell', { name: ws.email }).waitFor();
    const viewerSections = await phone.page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link').allTextContents();
    expect(viewerSections).toEqual(['Workspace', 'Members', 'Profile', 'Sessions', 'Workspaces']);
    expect(await phone.page.getByRole('button', { name: /^Remove/ }).count()).toBe(0);
    expect(await phone.page.getByRole('button', { name: 'Send invitation' }).count()).toBe(0);

    // On a phone the navigation is folded away behind the menu button.
    const mainNav = phone.page.getByRole('navigation', { name: 'Main' });
    expect(await mainNav.isVisible()).toBe(false);
    await phone.page.getByRole('button', { name: 'Show or hide navigation' }).click();
    await mainNav.getByRole('link', { name: 'Overview' }).waitFor();
    await phone.page.screenshot({ path: '/tmp/kunde-e2e-phone-dark.png' });
    await mainNav.getByRole('link', { name: 'Overview' }).click();
    await phone.page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    expect(await mainNav.isVisible()).toBe(false);
    expect(phone.problems).toEqual([]);
    await phone.context.close();
  });

  it('lets an invited person join with the link from the e-mail', async () => {
    const invited = await call(server.t.app, 'POST', '/api/v1/invitations', { key: ws.keys.admin, body: { email: 'mette.hansen@example.com', role: 'agent' } });
    expect(invited.status).toBe(201);
    const outbox = await call<{ data: { to: string; text: string }[] }>(server.t.app, 'GET', '/api/v1/outbox', { key: ws.keys.admin });
    const mail = outbox.body.data.find((m) => m.to === 'mette.hansen@example.com');
    const token = /\/invite\/([\w-]+)/.exec(mail?.text ?? '')?.[1];
    expect(token).toBeTruthy();

    const { page, context, problems } = await openDashboard(browser, server.baseUrl, { locale: 'da-DK' });
    await page.goto(`/invite/${token}`);
    // Not signed in yet, so the browser's language (Danish) decides.
    await page.getByRole('heading', { name: 'Bliv en del af Acme Retail' }).waitFor();
    await page.getByLabel('Vælg en adgangskode').fill('short');
    await page.getByLabel('Dit navn').fill('Mette Hansen');
    await page.getByRole('button', { name: 'Acceptér invitation' }).click();
    // The server's field error lands on the password field.
    await page.locator('input[name="password"][aria-invalid="true"]').waitFor();
    await page.getByLabel('Vælg en adgangskode').fill('a long enough passphrase');
    await page.getByRole('button', { name: 'Acceptér invitation' }).click();
    await page.getByRole('heading', { name: 'Overblik', level: 1 }).waitFor();
    await page.getByText('Godt at se dig, Mette.').waitFor();
    const me = (await (await page.request.get('/api/v1/me')).json()) as { role: string; workspaceId: string; user: { id: string; language: string } };
    expect(me).toMatchObject({ role: 'agent', workspaceId: ws.workspaceId, user: { language: 'da' } });

    // With a second workspace the top bar offers a switch, and everything reloads for it.
    const beta = await buildWorkspace(server.t.rt.ctx, 'Beta Bikes');
    await buildMember(server.t.rt.ctx, beta.workspaceId, 'analyst', { userId: me.user.id, email: 'mette.hansen@example.com', password: 'a long enough passphrase' });
    await page.reload();
    await page.getByLabel('Skift arbejdsområde').selectOption({ label: 'Beta Bikes' });
    await page.getByRole('status').getByText('Skiftet til Beta Bikes').waitFor();
    await page.locator('.stat-value', { hasText: 'Analytiker' }).waitFor();
    await page.locator('.stat-value', { hasText: 'Beta Bikes' }).waitFor();

    // The link works once.
    await page.goto(`/invite/${token}`);
    await page.getByText('Dette invitationslink er ikke længere gyldigt', { exact: false }).waitFor();
    expect(problems.filter((p) => !/status of (404|422)/.test(p))).toEqual([]);
    await context.close();
  });
});
