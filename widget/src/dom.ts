import type { H, Kid } from '../../src/surveys/respondent/markup.js';

function add(el: Element, k: Kid<Element>): void {
  if (k === null || k === undefined || k === false) return;
  if (Array.isArray(k)) for (const x of k) add(el, x);
  else el.append(k);
}

/** Browser backend of the respondent markup: strings become text nodes, never HTML. */
export const h: H<Element> = (tag, a, ...kids) => {
  const el = document.createElement(tag);
  for (const k in a) {
    const v = a[k];
    if (v === null || v === undefined || v === false) continue;
    // value/checked as properties: as attributes they only set the default a reset returns to.
    if (k === 'value' && 'value' in el) (el as HTMLInputElement).value = String(v);
    else if (k === 'checked') (el as HTMLInputElement).checked = true;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const k of kids) add(el, k);
  return el;
};

