import type { PageData } from '../../src/surveys/respondent/view.js';
import { runSurvey } from './runner.js';

/*
 * The hosted survey page's script. The server already rendered the first question as a plain form
 * (it works without script); this takes over so each answer is saved as it is given.
 */
const data = JSON.parse(document.getElementById('kunde-data')?.textContent ?? 'null') as PageData | null;
const root = document.getElementById('k-main');
if (data && root) {
  let deviceKey: string | undefined;
  try {
    deviceKey = localStorage.getItem('kunde:device') ?? `d${crypto.randomUUID()}`;
    localStorage.setItem('kunde:device', deviceKey);
  } catch {
    /* storage blocked: no device limit from this browser */
  }
  const run = runSurvey({ ...data, api: '', root, deviceKey, link: { touchpoint: data.touchpoint, source: data.source } });
  if (data.preselect) {
    // A one-click score from an e-mail is saved on the person's first action on the page, never on
    // load: mail scanners open every link (and some run its script) but do not press keys or touch.
    const events = ['pointerdown', 'keydown', 'touchstart'];
    const once = () => {
      for (const e of events) removeEventListener(e, once, true);
      run.save();
    };
    for (const e of events) addEventListener(e, once, true);
  }
}
