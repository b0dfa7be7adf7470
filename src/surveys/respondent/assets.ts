import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The respondent bundles built by `npm run build:widget` (widget/dist), read once at start-up. The
 * hosted page's files get content-hashed names so they can be cached forever; /widget.js keeps its
 * name (it is pasted into customers' sites) and is cached briefly instead.
 */
export const WIDGET_DIST = fileURLToPath(new URL('../../../widget/dist/', import.meta.url));

export interface Asset {
  name: string;
  body: Buffer;
  type: string;
  hash: string;
}

function load(file: string, type: string): Asset | undefined {
  const path = `${WIDGET_DIST}${file}`;
  if (!existsSync(path)) return undefined;
  const body = readFileSync(path);
  return { name: file, body, type, hash: createHash('sha256').update(body).digest('hex').slice(0, 10) };
}

export interface RespondentAssets {
  pageJs?: Asset;
  pageCss?: Asset;
  widgetJs?: Asset;
  widgetCss?: Asset;
  chatJs?: Asset;
}

export function loadRespondentAssets(): RespondentAssets {
  return {
    pageJs: load('page.js', 'text/javascript; charset=utf-8'),
    pageCss: load('page.css', 'text/css; charset=utf-8'),
    widgetJs: load('widget.js', 'text/javascript; charset=utf-8'),
    widgetCss: load('widget.css', 'text/css; charset=utf-8'),
    chatJs: load('chat.js', 'text/javascript; charset=utf-8'),
  };
}

/** /s/assets/page.<hash>.js */
export const assetUrl = (a: Asset): string => `/s/assets/${a.name.replace('.', `.${a.hash}.`)}`;
