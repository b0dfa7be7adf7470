import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { call } from '../helpers/app.js';
import { startSmtp } from '../helpers/smtp.js';
import { buildWorkspace, type TestWorkspace } from '../factories.js';
import { browserTestsEnabled, launchBrowser, openDashboard, signIn, startDashboardServer, type DashboardServer } from './browser.js';
import { startSmtpReceiver } from '../../src/inbox/smtp-receiver.js';

const enabled = browserTestsEnabled();

describe.skipIf(!enabled)('a mail file over the size limit, in Chromium', () => {
  let server: DashboardServer;
  let browser: Browser;
  let ws: TestWorkspace;
  let sink: Awaited<ReturnType<typeof startSmtp>>;
  let receiver: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let address: string;

  beforeAll(async () => {
    sink = await startSmtp();
    server = await startDashboardServer({ env: { SMTP_URL: `smtp://127.0.0.1:${sink.port}`, INBOX_ATTACHMENT_MAX_BYTES: '1000' } });
    receiver = await startSmtpReceiver(server.t.rt.ctx, { port: 0, host: '127.0.0.1' });
    ws = await buildWorkspace(server.t.rt.ctx, 'Dropped files');
    address = (await call<{ address: string }>(server.t.app, 'POST', '/api/v1/inboxes', { key: ws.keys.admin, body: { type: 'email', name: 'Support' } })).body.address;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await receiver?.close();
    await server?.close();
    await sink?.close();
  });

  it('lists the kept file as a download and says, as text, that the large one was not kept', async () => {
    await createTransport({ host: '127.0.0.1', port: receiver.port, secure: false, ignoreTLS: true }).sendMail({
      from: 'Mette Hansen <mette@example.dk>',
      to: address,
      subject: 'Photos of the damage',
      text: 'See the files.',
      attachments: [
        { filename: 'note.txt', content: 'small' },
        { filename: '<b>damage</b>.jpg', content: Buffer.alloc(3000, 1) },
      ],
    });
    const { page, problems } = await openDashboard(browser, server.baseUrl);
    await page.goto('/inbox');
    await signIn(page, ws.email, ws.password);
    await page.getByRole('link', { name: /Photos of the damage/ }).click();
    await page.getByRole('heading', { name: 'Photos of the damage', level: 2 }).waitFor();
    await page.getByRole('list', { name: 'Attachments' }).getByRole('link', { name: /note\.txt/ }).waitFor();
    // 3000 bytes → 3 kB; the customer's file name is shown as text, never as markup.
    await page.getByText('<b>damage</b>.jpg (3 kB) was not kept: it is over the size limit for attachments. Ask the customer to send it another way.').waitFor();
    expect(await page.locator('.inbox-attachments-dropped b').count()).toBe(0);
    expect(await page.locator('.inbox-message').getByRole('link', { name: /damage/ }).count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
