import type { WidgetConfig, WidgetSurvey } from '../../src/surveys/respondent/view.js';
import { runSurvey } from './runner.js';
import { h } from './dom.js';

/*
 * The website widget: <script src="https://kunde.example/widget.js" data-workspace="…" async>.
 * Commands queue in `window.kunde` (an array until this loads, then an object with the same push):
 *   kunde.push(['identify', {email}]); kunde.push(['track', 'checkout_done']);  later kunde.track(…)
 * Everything runs after the page's own work, inside a Shadow DOM the site's CSS cannot reach. Styles
 * come from /widget.css, fetched alongside the configuration and adopted as a constructed sheet: no
 * inline style, no eval, so a strict CSP only needs the Kunde host in script-src and connect-src.
 */

type Cmd = [string, ...unknown[]];
interface Visitor {
  id: string;
  first: number;
  last: number;
  visits: number;
  seen: Record<string, number>;
  roll: Record<string, number>;
  who?: { email?: string; externalId?: string };
}

declare global {
  interface Window {
    kunde?: Cmd[] | { push(c: Cmd): void };
  }
}
const script = (document.currentScript ?? document.querySelector('script[data-workspace]')) as HTMLScriptElement | null;
const ws = script?.dataset.workspace;
const nonce = script?.nonce || script?.dataset.nonce;
const base = script ? new URL(script.src).origin : '';
const DAY = 864e5;
const listeners: Record<string, (() => void)[]> = {};
const on = (ev: string, f: () => void) => (listeners[ev] ??= []).push(f);
const emit = (ev: string) => {
  for (const f of listeners[ev] ?? []) f();
};
// Single-page sites change the URL without a load: URL triggers are tested again on each change.
for (const m of ['pushState', 'replaceState'] as const) {
  const f = history[m];
  history[m] = (...a: Parameters<History['pushState']>) => {
    f.apply(history, a);
    emit('nav');
  };
}
addEventListener('popstate', () => emit('nav'));

let v: Visitor;
try {
  v = JSON.parse(localStorage.getItem('kunde:v') ?? 'null') as Visitor;
} catch {
  /* storage blocked: a fresh visitor every page */
}
v ??= { id: `a${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`, first: Date.now(), last: 0, visits: 0, seen: {}, roll: {} };
// A visit is a return after half an hour away.
if (Date.now() - v.last > 18e5) v.visits++;
v.last = Date.now();
const keep = () => {
  try {
    localStorage.setItem('kunde:v', JSON.stringify(v));
  } catch {
    /* not kept */
  }
};
keep();

function run(cmd: Cmd) {
  const [name, arg] = cmd;
  if (name === 'identify' && arg && typeof arg === 'object') {
    v.who = arg as Visitor['who'];
    keep();
  } else if (name === 'track') emit(`e:${String(arg)}`);
  else if (name === 'reset') {
    delete v.who;
    keep();
  }
}
// Commands wait until the surveys are armed, so an event tracked meanwhile still triggers one.
const queued: Cmd[] = Array.isArray(window.kunde) ? [...window.kunde] : [];
let ready = false;
const api = {
  push: (c: Cmd) => (ready ? run(c) : queued.push(c)),
  track: (e: string) => api.push(['track', e]),
  identify: (who: Visitor['who']) => api.push(['identify', who]),
  reset: () => api.push(['reset']),
};
window.kunde = api;

let host: HTMLElement | undefined;
let root: ShadowRoot;
let open = false;
const buttons: HTMLElement[] = [];

let css: Promise<string> | undefined;

function shadow(): ShadowRoot {
  if (host) return root;
  host = h('div', { id: 'kunde-widget' }) as HTMLElement;
  root = host.attachShadow({ mode: 'open' });
  if ('adoptedStyleSheets' in Document.prototype && css) {
    const sheet = new CSSStyleSheet();
    root.adoptedStyleSheets = [sheet];
    void css.then((t) => sheet.replaceSync(t));
  } else root.append(h('link', { rel: 'stylesheet', href: `${base}/widget.css`, nonce }));
  document.body.append(host);
  return root;
}

function device(): string {
  const coarse = matchMedia('(pointer:coarse)').matches;
  return !coarse ? 'desktop' : Math.min(screen.width, screen.height) >= 600 ? 'tablet' : 'mobile';
}

function show(s: WidgetSurvey, force: boolean) {
  if (open) return;
  if (!force) {
    const t = s.widget.targeting;
    if (t.visitors !== 'all' && (v.visits > 1 ? 'returning' : 'new') !== t.visitors) return;
    if (t.devices.length && !t.devices.includes(device() as 'desktop')) return;
    if (t.languages.length && !t.languages.includes(s.survey.language)) return;
    if (Date.now() - (v.seen[s.survey.id] ?? -Infinity) < s.widget.recontactDays * DAY) return;
    // Sampling is decided once per visitor and survey, so a reload is not a second chance.
    const roll = (v.roll[s.survey.id] ??= Math.random() * 100);
    if (roll >= s.widget.samplingPercent) return;
  }
  void (async () => {
    if (!force && s.widget.targeting.segmentId) {
      // Segments are evaluated by the server, for an identified visitor only.
      if (!v.who) return;
      const q = new URLSearchParams({ survey: s.survey.id, ...v.who });
      const r = await fetch(`${base}/api/v1/public/widget/${ws}/eligibility?${q}`).catch(() => null);
      if (!r?.ok || !((await r.json()) as { eligible: boolean }).eligible) return;
    }
    if (open) return;
    open = true;
    v.seen[s.survey.id] = Date.now();
    keep();
    const r = shadow();
    const box = h('div', { class: 'k-body' });
    const close = h('button', { class: 'k-x', type: 'button', 'aria-label': s.text.close }, '×');
    const panel = h(
      'section',
      { class: `k-panel k-${s.widget.position}`, role: 'dialog', 'aria-label': s.survey.name, lang: s.survey.language, dir: s.survey.direction },
      close,
      box,
    );
    const done = () => {
      open = false;
      panel.remove();
      for (const b of buttons) b.hidden = false;
    };
    for (const b of buttons) b.hidden = true;
    close.addEventListener('click', done);
    panel.addEventListener('keydown', (e) => (e as KeyboardEvent).key === 'Escape' && done());
    r.append(panel);
    runSurvey({
      survey: s.survey,
      text: s.text,
      api: base,
      root: box,
      customer: { ...v.who, anonymousId: v.id },
      channel: 'website',
      hidden: { url: location.href.slice(0, 500) },
      deviceKey: v.id,
      onEnd: () => setTimeout(done, 4000),
    });
    (box.querySelector('legend') as HTMLElement | null)?.focus();
  })();
}

function arm(s: WidgetSurvey) {
  const fire = () => show(s, false);
  for (const t of s.widget.triggers) {
    if (t.type === 'url') {
      const test = () => {
        const url = location.href;
        if (t.match === 'exact' ? url === t.value : t.match === 'starts_with' ? url.startsWith(t.value) : t.match === 'regex' ? safeRe(t.value, url) : url.includes(t.value)) fire();
      };
      test();
      on('nav', test);
    } else if (t.type === 'event') on(`e:${t.name}`, fire);
    else if (t.type === 'time_on_page') setTimeout(fire, t.seconds * 1000);
    else if (t.type === 'scroll_depth') {
      const check = () => {
        const d = document.documentElement;
        if (((scrollY + innerHeight) / d.scrollHeight) * 100 >= t.percent) {
          removeEventListener('scroll', check);
          fire();
        }
      };
      addEventListener('scroll', check, { passive: true });
    } else if (t.type === 'exit_intent') {
      document.addEventListener('mouseout', (e) => {
        if (!(e as MouseEvent).relatedTarget && (e as MouseEvent).clientY <= 0) fire();
      });
      // Phones have no pointer leaving the window: a flick back up (towards the address bar: more
      // than 60 px between two scroll events, which come once a frame) or coming back to the tab
      // after leaving it count as the intent to leave.
      let y = scrollY;
      addEventListener('scroll', () => {
        if (y - scrollY > 60) fire();
        y = scrollY;
      }, { passive: true });
      document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && fire());
    }
  }
  const fb = s.widget.feedbackButton;
  if (fb.enabled) {
    const label = fb.label?.[s.survey.language] ?? Object.values(fb.label ?? {})[0] ?? s.text.feedback;
    const b = h('button', { class: `k-fb k-fb-${fb.position}`, type: 'button' }, label);
    b.addEventListener('click', () => show(s, true));
    buttons.push(b as HTMLElement);
    shadow().append(b);
  }
}

function safeRe(src: string, url: string): boolean {
  try {
    return new RegExp(src).test(url);
  } catch {
    return false;
  }
}

async function start() {
  if (!ws) return;
  for (const c of queued.filter((c) => c[0] === 'identify')) run(c);
  const lang = document.documentElement.lang || navigator.language;
  const res = await fetch(`${base}/api/v1/public/widget/${ws}/surveys?lang=${encodeURIComponent(lang)}`).catch(() => null);
  if (!res?.ok) return;
  const cfg = (await res.json()) as WidgetConfig;
  if (cfg.surveys.length) css = fetch(`${base}/widget.css`).then((r) => (r.ok ? r.text() : ''), () => '');
  for (const s of cfg.surveys) arm(s);
  // The website chat is its own script (/chat.js), fetched only when the workspace has a chat inbox.
  if (cfg.chat) document.body.append(h('script', { src: `${base}/chat.js`, nonce }));
  ready = true;
  // Identifies run again in order: harmless (the same values), and fewer bytes than skipping them.
  for (const c of queued.splice(0)) run(c);
}

// After the page's own start-up: the widget never competes with it.
const idle = (window as { requestIdleCallback?: (f: () => void) => void }).requestIdleCallback ?? ((f: () => void) => setTimeout(f, 1));
if (document.readyState === 'complete') idle(() => void start());
else addEventListener('load', () => idle(() => void start()));
