import { h } from './dom.js';

/*
 * The website chat, loaded by widget.js only for workspaces with a chat inbox (the survey widget keeps
 * its size budget). It reads the same <script data-workspace data-chat> tag, the visitor id and
 * identity widget.js keeps in localStorage, and hooks into `kunde.push` for later identify calls and
 * for ['chat', 'open'|'close']. Like widget.js it runs in a Shadow DOM with a constructed stylesheet
 * (no inline style, no eval): a strict CSP only needs the Kunde host in script-src and connect-src.
 * Everything a visitor or agent wrote is inserted as text, never as HTML.
 */

declare const CHAT_CSS: string;
type Cmd = [string, ...unknown[]];
interface Config { inboxId: string; color: string; greeting: string; language: string; online: boolean; text: Record<string, string> }
interface Msg { id: string; direction: 'in' | 'out'; text: string }
interface Who { email?: string; externalId?: string; name?: string; hash?: string }
interface Session { id: string; token: string }

const script = document.querySelector<HTMLScriptElement>('script[data-workspace]');
const ws = script?.dataset.workspace;
const nonce = script?.nonce || script?.dataset.nonce;
const base = script ? new URL(script.src).origin : '';
const api = `${base}/api/v1/public/chat/${ws}`;
const store = `kunde:chat:${ws}`;
const lang = document.documentElement.lang || navigator.language;

function load<T>(key: string): T | null {
  try {
    return JSON.parse(localStorage.getItem(key) ?? 'null') as T | null;
  } catch {
    return null;
  }
}
const visitor = () => load<{ id: string; who?: Who }>('kunde:v');
const rid = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;

let session = load<Session>(store);
let cfg: Config;
let t: Record<string, string>;
let root: ShadowRoot;
let launcher: HTMLButtonElement;
let panel: HTMLElement;
let log: HTMLElement;
let body: HTMLElement;
let status: HTMLElement;
let transcript: HTMLElement;
let last: string | undefined;
const shown = new Set<string>();

async function send<T>(path: string, payload?: unknown): Promise<T | null> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'idempotency-key': rid() };
  if (session) headers['x-chat-token'] = session.token;
  const r = await fetch(`${api}${path}`, payload === undefined ? { headers: session ? { 'x-chat-token': session.token } : {} } : { method: 'POST', headers, body: JSON.stringify(payload) }).catch(() => null);
  if (!r?.ok) {
    // A forgotten conversation (its token no longer opens it): start afresh next time.
    if (r?.status === 404 && session && path.startsWith('/conversations/')) forget();
    return null;
  }
  return r.status === 204 ? ({} as T) : ((await r.json()) as T);
}

function forget() {
  session = null;
  try {
    localStorage.removeItem(store);
  } catch {
    /* not kept */
  }
}

function say(text: string) {
  status.textContent = text;
}

function bubble(m: Msg) {
  if (shown.has(m.id)) return;
  shown.add(m.id);
  last = m.id;
  log.append(h('p', { class: `kc-m kc-${m.direction}` }, h('span', { class: 'kc-sr' }, `${m.direction === 'in' ? t.you : t.team}: `), m.text));
  log.scrollTop = log.scrollHeight;
  if (m.direction === 'out') {
    transcript.hidden = false;
    if (panel.hidden) launcher.classList.add('kc-unread');
  }
}

async function refresh() {
  if (!session) return;
  const r = await send<{ data: Msg[] }>(`/conversations/${session.id}/messages${last ? `?after=${last}` : ''}`);
  for (const m of r?.data ?? []) bubble(m);
}

function listen() {
  if (!session || !('EventSource' in window)) return;
  const es = new EventSource(`${api}/conversations/${session.id}/events?token=${encodeURIComponent(session.token)}`);
  es.addEventListener('message', () => void refresh());
  // After a reconnect, whatever was said meanwhile.
  es.addEventListener('ready', () => void refresh());
}

async function write(text: string): Promise<boolean> {
  if (session) {
    const m = await send<Msg>(`/conversations/${session.id}/messages`, { text });
    if (m) bubble(m);
    return !!m;
  }
  const v = visitor();
  const started = await send<Session & { conversationId: string; messages: Msg[] }>('/conversations', {
    inboxId: cfg.inboxId,
    text,
    anonymousId: v?.id ?? rid(),
    ...(v?.who ? { visitor: v.who } : {}),
    language: cfg.language,
    url: location.href.slice(0, 2000),
  });
  if (!started) return false;
  session = { id: started.conversationId, token: started.token };
  try {
    localStorage.setItem(store, JSON.stringify(session));
  } catch {
    /* this page only */
  }
  for (const m of started.messages) bubble(m);
  listen();
  return true;
}

function field(label: string, attrs: Record<string, string | number | boolean>, tag = 'input') {
  return h('label', { class: 'kc-f' }, h('span', null, label), h(tag, { class: 'kc-i', ...attrs }));
}

function chatForm(): HTMLElement {
  const form = h('form', { class: 'kc-form' }, field(t.message, { name: 'text', rows: 2, maxlength: 5000, required: true, placeholder: t.placeholder }, 'textarea'), h('button', { class: 'kc-b', type: 'submit' }, t.send)) as HTMLFormElement;
  const box = form.querySelector('textarea')!;
  box.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = box.value.trim();
    if (!text) return;
    say('');
    void write(text).then((ok) => (ok ? (box.value = '') : say(t.failed)));
  });
  return form;
}

function offlineForm(): HTMLElement {
  const who = visitor()?.who;
  const form = h(
    'form',
    { class: 'kc-form kc-off' },
    h('h3', null, t.offlineTitle),
    h('p', null, t.offlineIntro),
    field(t.name, { name: 'name', required: true, maxlength: 200, autocomplete: 'name', value: who?.name ?? '' }),
    field(t.email, { name: 'email', type: 'email', required: true, maxlength: 320, autocomplete: 'email', value: who?.email ?? '' }),
    field(t.message, { name: 'text', rows: 3, required: true, maxlength: 5000 }, 'textarea'),
    h('button', { class: 'kc-b', type: 'submit' }, t.offlineSend),
  ) as HTMLFormElement;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const d = Object.fromEntries(new FormData(form)) as Record<string, string>;
    void send('/offline', { inboxId: cfg.inboxId, name: d.name, email: d.email, text: d.text, anonymousId: visitor()?.id, language: cfg.language }).then((ok) => {
      if (!ok) return say(t.failed);
      form.replaceChildren(h('p', { class: 'kc-m kc-out' }, t.offlineThanks));
    });
  });
  return form;
}

function transcriptForm(): HTMLElement {
  const who = visitor()?.who;
  const form = h('form', { class: 'kc-tr', hidden: true }, field(t.email, { name: 'email', type: 'email', required: true, maxlength: 320, autocomplete: 'email', value: who?.email ?? '' }), h('button', { class: 'kc-link', type: 'submit' }, t.transcript)) as HTMLFormElement;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!session) return;
    const email = String(new FormData(form).get('email'));
    void send(`/conversations/${session.id}/transcript`, { email }).then((ok) => say(ok ? t.transcriptSent : t.failed));
  });
  return form;
}

function toggle(open: boolean) {
  panel.hidden = !open;
  launcher.setAttribute('aria-expanded', String(open));
  if (!open) return launcher.focus();
  launcher.classList.remove('kc-unread');
  void refresh();
  panel.querySelector<HTMLElement>('textarea, input')?.focus();
}

function render() {
  const host = h('div', { id: 'kunde-chat' }) as HTMLElement;
  root = host.attachShadow({ mode: 'open' });
  // The colour is validated by the server (#rrggbb), so it can go into the sheet as it is.
  const css = `${CHAT_CSS}:host{--kc:${cfg.color}}`;
  if ('adoptedStyleSheets' in Document.prototype) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } else root.append(h('style', { nonce }, css));
  launcher = h('button', { class: 'kc-launch', type: 'button', 'aria-expanded': 'false', 'aria-controls': 'kc-panel' }, t.open) as HTMLButtonElement;
  log = h('div', { class: 'kc-log', role: 'log', 'aria-live': 'polite' }, h('p', { class: 'kc-m kc-out' }, cfg.greeting)) as HTMLElement;
  status = h('p', { class: 'kc-status', role: 'status' }) as HTMLElement;
  transcript = transcriptForm();
  const close = h('button', { class: 'kc-x', type: 'button', 'aria-label': t.close }, '×');
  // Offline and nothing said yet: the form that becomes an e-mail conversation instead of the chat.
  body = h('div', { class: 'kc-body' }, cfg.online || session ? [log, chatForm(), transcript] : offlineForm(), status) as HTMLElement;
  panel = h('section', { id: 'kc-panel', class: 'kc-panel', role: 'dialog', 'aria-label': t.title, lang: cfg.language, hidden: true }, h('header', { class: 'kc-head' }, h('h2', null, t.title), close), body) as HTMLElement;
  launcher.addEventListener('click', () => toggle(panel.hidden));
  close.addEventListener('click', () => toggle(false));
  panel.addEventListener('keydown', (e) => e.key === 'Escape' && toggle(false));
  root.append(panel, launcher);
  document.body.append(host);
}

function hook() {
  const k = window.kunde as { push(c: Cmd): void } | undefined;
  if (!k || Array.isArray(k)) return;
  const push = k.push;
  k.push = (c: Cmd) => {
    push(c);
    if (c[0] === 'chat') toggle(c[1] === 'open');
    else if (c[0] === 'identify' && session && c[1] && typeof c[1] === 'object') void send(`/conversations/${session.id}/identify`, { ...(c[1] as Who), anonymousId: visitor()?.id });
  };
}

async function start() {
  if (!ws) return;
  const q = new URLSearchParams({ lang });
  if (script?.dataset.chat) q.set('inbox', script.dataset.chat);
  const r = await fetch(`${api}/config?${q}`).catch(() => null);
  if (!r?.ok) return;
  cfg = (await r.json()) as Config;
  t = cfg.text;
  render();
  hook();
  if (session) {
    await refresh();
    listen();
  }
}

void start();
