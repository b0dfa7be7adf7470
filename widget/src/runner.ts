import { endingFor, isAnswered, questionPath, type Answer, type Answers } from '../../src/surveys/answers.js';
import { endingView, questionForm, type RespondentText } from '../../src/surveys/respondent/markup.js';
import type { RunnerSurvey } from '../../src/surveys/respondent/view.js';
import { h } from './dom.js';

/*
 * Runs one survey in a container: one question per screen, logic applied, every answer saved as it is
 * given (the first POSTs a partial response, later ones PATCH it), resumable after a reload. Shared by
 * the hosted page and the website widget.
 */

export interface RunnerOptions {
  survey: RunnerSurvey;
  text: RespondentText;
  /** Origin of the Kunde server ('' on the hosted page). */
  api: string;
  root: Element;
  token?: string;
  hidden?: Record<string, string>;
  customer?: { email?: string; externalId?: string; anonymousId?: string };
  channel?: string;
  /** What a shared link stands for (the hosted page's ?touchpoint=&source=), sent with the first save. */
  link?: { touchpoint?: string; source?: string };
  deviceKey?: string;
  /** A score chosen by a one-click e-mail link: shown chosen, saved on the first deliberate action. */
  preselect?: { q: string; value: number };
  onEnd?: () => void;
}

interface Saved {
  id?: string;
  secret?: string;
  key: string;
  answers: Answers;
  cur?: string;
  done?: boolean;
}

const store = (() => {
  try {
    return window.localStorage;
  } catch {
    return undefined; // storage blocked (privacy mode, sandboxed frame): no resume, still works
  }
})();

export function runSurvey(o: RunnerOptions): { save(): void } {
  const { survey, text, root } = o;
  const lang = survey.language;
  const fallback = survey.defaultLanguage;
  const skey = `kunde:${survey.id}:${o.token ?? ''}`;
  let st: Saved = { key: Math.random().toString(36).slice(2) + Date.now().toString(36), answers: {} };
  try {
    const old = JSON.parse(store?.getItem(skey) ?? 'null') as Saved | null;
    if (old && !old.done) st = old;
  } catch {
    /* a broken entry starts over */
  }
  const t0 = Date.now();
  const persist = () => store?.setItem(skey, JSON.stringify(st));
  const path = () => questionPath(survey.questions, st.answers);
  let error = '';
  let stop = '';
  let busy = false;

  // Saves run one after another: a second answer must PATCH the response the first one created.
  let queue: Promise<unknown> = Promise.resolve();
  const sent: Record<string, string> = {};
  function send(answers: Record<string, Answer | null>, finished: boolean): Promise<{ id: string } | null> {
    const r = queue.then(() => save(answers, finished));
    queue = r;
    return r;
  }

  async function save(answers: Record<string, Answer | null>, finished: boolean): Promise<{ id: string } | null> {
    // The server refuses finished first submits faster than a person (a spam guard); a quick one-tap
    // answer waits out the rest of that time instead of failing.
    const wait = 2100 - (Date.now() - t0);
    if (!st.id && finished && wait > 0) await new Promise((r) => setTimeout(r, wait));
    const base = `${o.api}/api/v1/public/surveys/${survey.id}/responses`;
    const body = st.id
      ? { secret: st.secret, answers, finished, language: lang }
      : {
          answers,
          finished,
          language: lang,
          token: o.token,
          hidden: o.hidden,
          customer: o.customer,
          channel: o.channel,
          ...o.link,
          deviceKey: o.deviceKey,
          elapsedSeconds: (Date.now() - t0) / 1000,
          meta: { url: location.href.slice(0, 2000), referrer: document.referrer.slice(0, 2000) },
        };
    // A retry after a lost reply sends the very same body under the same key, so it is never stored twice.
    const key = `${st.key}-${Object.keys(st.answers).length}-${finished}`;
    const res = await fetch(st.id ? `${base}/${st.id}` : base, {
      method: st.id ? 'PATCH' : 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: (sent[key] ??= JSON.stringify(body)),
    }).catch(() => null);
    if (!res || !res.ok) {
      const problem = res ? ((await res.json().catch(() => null)) as { errors?: { message: string }[]; reason?: string } | null) : null;
      // 410: closed, full, or this respondent's quota is full: an end screen, not an error.
      if (res?.status === 410) stop = problem?.reason === 'quota_full' ? text.quotaFull : text.closed;
      error = problem?.errors?.[0]?.message ?? text.saveFailed;
      return null;
    }
    const ack = (await res.json()) as { id: string; secret: string };
    st.id = ack.id;
    st.secret = ack.secret;
    persist();
    return ack;
  }

  function collect(form: HTMLFormElement, type: string): Answer | undefined {
    const fd = new FormData(form);
    const other = String(fd.get('other') ?? '').trim();
    const one = (v: FormDataEntryValue) => (v === '__other' ? { other } : String(v));
    if (type === 'multiple_choice') {
      const all = fd.getAll('a').map(one);
      return all.length ? all : undefined;
    }
    if (type === 'contact') {
      const c: Record<string, string> = {};
      fd.forEach((v, k) => {
        if (k.startsWith('c_') && String(v).trim()) c[k.slice(2)] = String(v).trim();
      });
      return Object.keys(c).length ? c : undefined;
    }
    const v = fd.get('a');
    if (v === null || String(v).trim() === '') return undefined;
    if (type === 'text' || type.endsWith('choice')) return type === 'text' ? String(v).trim() : one(v);
    return Number(v);
  }

  function show(focus: boolean) {
    const p = path();
    const i = Math.max(0, p.findIndex((q) => q.id === st.cur));
    const q = p[i];
    st.cur = q.id;
    const value = st.answers[q.id] ?? (o.preselect?.q === q.id ? o.preselect.value : undefined);
    const form = questionForm(h, q, {
      lang,
      fallback,
      text,
      position: i + 1,
      total: p.length,
      canGoBack: i > 0 && survey.settings.allowBack,
      isLast: i === p.length - 1,
      showProgress: survey.settings.showProgress,
      value,
      error,
      idp: `k${survey.id.slice(-6)}`,
    }) as HTMLFormElement;
    for (const list of form.querySelectorAll('[data-shuffle]')) {
      const items = [...list.children].filter((c) => !c.querySelector('[value="__other"]') && !c.classList.contains('k-other'));
      for (let j = items.length - 1; j > 0; j--) items[j].before(items[Math.floor(Math.random() * (j + 1))]);
    }
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const back = (e.submitter as HTMLButtonElement | null)?.value === 'back';
      void step(form, q.id, q.type, q.required, back);
    });
    // Tapping a score is the answer: go on, as respondents expect from a scale. Arrow keys only move
    // the choice (the keyboard user submits with Enter), so only a change right after a pointer counts.
    let tapped = 0;
    form.addEventListener('pointerdown', () => (tapped = Date.now()));
    form.addEventListener('change', (e) => {
      if ((e.target as HTMLInputElement).type === 'radio' && /nps|csat|ces|rating/.test(q.type) && Date.now() - tapped < 1500) setTimeout(() => form.requestSubmit(), 200);
    });
    form.addEventListener('input', (e) => {
      const t = e.target as HTMLInputElement;
      const box = form.querySelector<HTMLInputElement>('[value="__other"]');
      if (t.name === 'other' && box && t.value) box.checked = true;
    });
    root.replaceChildren(form);
    persist();
    if (focus) form.querySelector<HTMLElement>('legend')?.focus();
  }

  async function step(form: HTMLFormElement, id: string, type: string, required: boolean, back: boolean) {
    if (busy) return;
    const p = path();
    const i = p.findIndex((q) => q.id === id);
    if (back) {
      st.cur = p[Math.max(0, i - 1)].id;
      error = '';
      return show(true);
    }
    if (new FormData(form).get('website')) return; // the honeypot: only bots fill it
    const a = collect(form, type);
    const email = a && typeof a === 'object' && !Array.isArray(a) && 'email' in a ? String(a.email) : '';
    error = required && !isAnswered(a) ? text.required : email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? text.invalidEmail : '';
    if (!error) {
      const given = { ...st.answers };
      if (a === undefined) delete given[id];
      else given[id] = a;
      const np = questionPath(survey.questions, given);
      const next = np[np.findIndex((q) => q.id === id) + 1];
      busy = true;
      form.setAttribute('aria-busy', 'true');
      const ack = await send({ [id]: a ?? null }, !next);
      busy = false;
      if (stop) return end();
      if (ack) {
        st.answers = given;
        if (!next) return end();
        st.cur = next.id;
      }
    }
    show(true);
  }

  function end() {
    st.done = true;
    persist();
    const view = stop
      ? endingView(h, undefined, { lang, fallback, text: { ...text, thanks: stop, thanksBody: '' } })
      : endingView(h, endingFor(survey.endings, st.answers), { lang, fallback, text });
    root.replaceChildren(view);
    (view as HTMLElement).focus();
    o.onEnd?.();
  }

  if (st.done) end();
  else show(false);
  return {
    /** Saves the preselected one-click score: called on the respondent's first deliberate action. */
    save() {
      const pre = o.preselect;
      if (!pre || st.id || isAnswered(st.answers[pre.q])) return;
      st.answers[pre.q] = pre.value;
      void send({ [pre.q]: pre.value }, false);
    },
  };
}
