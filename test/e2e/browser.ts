import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect, onTestFailed } from 'vitest';
import { ensureBundle } from '../../src/cli/web-build.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

/** Debian's Chromium; KUNDE_CHROMIUM points elsewhere (e.g. a developer's Chrome). */
export const CHROMIUM_PATH = process.env.KUNDE_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Whether browser tests can run here. Without Chromium they are skipped with a message, unless
 * KUNDE_E2E_REQUIRED=1 (CI), where a missing browser must fail rather than pass silently.
 */
export function browserTestsEnabled(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  const message = `Chromium not found at ${CHROMIUM_PATH}; install it (apt-get install chromium) or set KUNDE_CHROMIUM.`;
  if (process.env.KUNDE_E2E_REQUIRED === '1') throw new Error(`${message} KUNDE_E2E_REQUIRED=1, so the e2e tests cannot be skipped.`);
  console.warn(`Skipping browser tests: ${message}`);
  return false;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface DashboardServer {
  t: TestApp;
  baseUrl: string;
  close(): Promise<void>;
}

/** The real server with the built dashboard, listening on a random loopback port, on a fresh database. */
export async function startDashboardServer(opts: Parameters<typeof createTestApp>[0] = {}): Promise<DashboardServer> {
  // The bundle must exist before the app is built: the app only serves web/dist if it is there.
  ensureBundle('web', (m) => console.log(m));
  const t = await createTestApp(opts);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = t.app.server.address() as AddressInfo;
  return { t, baseUrl: `http://127.0.0.1:${port}`, close: () => t.close() };
}

export interface DashboardPage {
  context: BrowserContext;
  page: Page;
  /** Console errors, uncaught exceptions and CSP violations seen so far (expected 401s excluded). */
  problems: string[];
}

/** A fresh browser profile (no cookies) with a page that records what went wrong in it. */
export async function openDashboard(
  browser: Browser,
  baseUrl: string,
  opts: { locale?: string; viewport?: { width: number; height: number }; colorScheme?: 'light' | 'dark' } = {},
): Promise<DashboardPage> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    locale: opts.locale ?? 'en-US',
    viewport: opts.viewport ?? { width: 1280, height: 820 },
    colorScheme: opts.colorScheme ?? 'light',
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    // Asking /api/v1/me while signed out is how the dashboard learns it must show sign-in.
    if (/status of 401/.test(msg.text())) return;
    problems.push(`console: ${msg.text()}`);
  });
  // When a step fails, the page as it looked then is the fastest way to see why.
  try {
    onTestFailed(async ({ task }) => {
      const file = `/tmp/kunde-e2e-failed-${task.name.replace(/\W+/g, '-').slice(0, 60)}.png`;
      await page.screenshot({ path: file, fullPage: true }).catch(() => {});
      console.error(`Screenshot of the failed page: ${file} (at ${page.url()}); problems: ${JSON.stringify(problems)}`);
    });
  } catch {
    // Not inside a test (e.g. a script taking screenshots): nothing to report to.
  }
  return { context, page, problems };
}

/** Signs in through the real form. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * Every trend chart on the page (charts marked data-trend, which holds how many of its points have an
 * interval) that has intervals to show has drawn its band: a filled area in the SVG ECharts renders.
 * `atLeast` such charts must be there, so a page that drew no trend at all does not pass.
 */
export async function expectBands(page: Page, atLeast: number) {
  const trends = page.locator('.chart[data-trend]:not([data-trend="0"])');
  // A page of several charts loads them one query at a time on a busy machine: poll longer than the 1 s default.
  await expect.poll(() => trends.count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(atLeast);
  for (const chart of await trends.all()) {
    await expect.poll(() => chart.locator('path[fill-opacity]').count(), { message: await chart.getAttribute('aria-label') ?? 'trend' }).toBeGreaterThan(0);
  }
}

/**
 * Waits until no loading spinner is left (a page can show several, one per panel). Counted through a
 * locator: a string `waitForFunction` is evaluated with eval in the page once it has to poll, which
 * the dashboard's CSP (no 'unsafe-eval') refuses — so it failed only when a spinner was still showing.
 */
export async function waitForNoSpinner(page: Page, timeout = 30_000) {
  await expect.poll(() => page.locator('.loading').count(), { timeout, message: 'a loading spinner is still showing' }).toBe(0);
}
