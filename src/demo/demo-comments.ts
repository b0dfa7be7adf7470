import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

export type Sentiment = 'positive' | 'neutral' | 'negative';
export type CommentPool = Record<Sentiment, string[]>;

/** The team's shared folder of real public feedback data, beside the project (never copied into it). */
export const DEFAULT_DATASETS_DIR = fileURLToPath(new URL('../../../shared/datasets/', import.meta.url));

// Hand-written fallbacks, used for languages without a real data set and when the folder is absent.
const WRITTEN: Record<string, CommentPool> = {
  en: {
    positive: ['Fast delivery and the jacket fits perfectly.', 'Really helpful support, sorted my exchange in minutes.', 'Great quality, I will order again.', 'Love the new collection, easy checkout.'],
    neutral: ['Fine overall, delivery took a bit longer than promised.', 'Good product, but the sizing guide could be clearer.', 'Okay experience, nothing special.'],
    negative: ['My parcel arrived two weeks late and nobody answered my emails.', 'The refund took far too long.', 'Zipper broke after a week, disappointing.', 'Checkout kept failing with my card.'],
  },
  da: {
    positive: [
      'Hurtig levering og god kvalitet, tak!', 'Super venlig kundeservice, der hjalp mig med at bytte.', 'Lækre varer, jeg handler her igen.',
      'Nem bestilling og pakken kom dagen efter.', 'Jakken holder tæt i regnvejr, præcis som lovet.', 'Rigtig god vejledning i butikken i Aarhus.',
      'Jeg anbefaler jer gerne til venner og familie.', 'Flot indpakning og en sød hilsen i pakken.',
    ],
    neutral: [
      'Fin oplevelse, men leveringen tog lidt længere tid end lovet.', 'Varen var ok, størrelsen var lidt lille.', 'Helt fint, intet at klage over.',
      'God kvalitet, men lidt dyrt i forhold til andre butikker.', 'Hjemmesiden kunne være nemmere at finde rundt på.',
    ],
    negative: [
      'Pakken kom to uger for sent, og ingen svarede på mine mails.', 'Refusionen tog alt for lang tid.', 'Lynlåsen gik i stykker efter en uge.',
      'Betalingen fejlede flere gange.', 'Jeg har ventet på svar fra kundeservice i over en uge.', 'Forkert størrelse sendt to gange i træk.',
    ],
  },
  de: {
    positive: ['Schnelle Lieferung und super Qualität!', 'Sehr freundlicher Kundenservice, Umtausch ging problemlos.', 'Tolle Jacke, passt perfekt.', 'Einfache Bestellung, gerne wieder.'],
    neutral: ['Insgesamt in Ordnung, Lieferung hat etwas gedauert.', 'Gutes Produkt, aber die Größentabelle ist ungenau.', 'Okay, nichts Besonderes.'],
    negative: ['Paket kam zwei Wochen zu spät, keine Antwort vom Support.', 'Die Erstattung dauert viel zu lange.', 'Reißverschluss nach einer Woche kaputt.', 'Zahlung mit Kreditkarte schlug ständig fehl.'],
  },
  sv: {
    positive: ['Snabb leverans och bra kvalitet!', 'Mycket trevlig kundtjänst som hjälpte mig byta storlek.', 'Fin tröja, handlar gärna igen.', 'Enkelt att beställa.'],
    neutral: ['Helt okej, leveransen tog lite längre tid.', 'Bra produkt men storleken var lite liten.', 'Inget att klaga på, inget särskilt heller.'],
    negative: ['Paketet kom två veckor för sent.', 'Återbetalningen tog alldeles för lång tid.', 'Dragkedjan gick sönder efter en vecka.', 'Betalningen misslyckades flera gånger.'],
  },
  fr: {
    positive: ['Livraison rapide et très bonne qualité.', 'Service client très aimable, échange fait en quelques minutes.'],
    neutral: ['Correct dans l’ensemble, la livraison a pris du retard.', 'Bon produit, mais le guide des tailles est imprécis.'],
    negative: ['Colis arrivé avec deux semaines de retard.', 'Le remboursement a pris beaucoup trop de temps.'],
  },
  tr: {
    positive: ['Kargo çok hızlıydı, ürün kaliteli.', 'Müşteri hizmetleri çok ilgiliydi, teşekkürler.'],
    neutral: ['Fena değil ama kargo biraz gecikti.', 'Ürün idare eder, beden biraz küçük.'],
    negative: ['Sipariş iki hafta gecikti, kimse cevap vermedi.', 'İade süreci çok uzun sürdü.'],
  },
  zh: {
    positive: ['物流很快，质量很好。', '客服态度非常好，换货很顺利。'],
    neutral: ['总体还行，就是送货慢了一点。', '东西一般，尺码偏小。'],
    negative: ['包裹晚到了两个星期，客服也不回复。', '退款太慢了。'],
  },
  pt: {
    positive: ['Entrega rápida e produto de ótima qualidade.', 'Atendimento excelente, troca resolvida na hora.'],
    neutral: ['Tudo certo, mas a entrega atrasou um pouco.', 'Produto bom, tamanho um pouco pequeno.'],
    negative: ['O pedido chegou com duas semanas de atraso.', 'O reembolso demorou demais.'],
  },
};

/** How often a comment comes from the real data set rather than the written examples. */
const DATA_SHARE: Record<string, number> = { da: 0.25 };

type Row = Record<string, string>;

function readCsv(dir: string, file: string): Row[] | undefined {
  const path = join(dir, file);
  if (!existsSync(path)) return undefined;
  try {
    return parse(readFileSync(path), { columns: true, bom: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as Row[];
  } catch {
    return undefined;
  }
}

// Review texts of a few words to a short paragraph read like survey comments; walls of text do not.
const usable = (text: string | undefined): text is string => !!text && text !== 'NA' && text.length >= 8 && text.length <= 400;

function pool(rows: Row[] | undefined, text: (r: Row) => string | undefined, sentiment: (r: Row) => Sentiment | undefined): CommentPool {
  const out: CommentPool = { positive: [], neutral: [], negative: [] };
  for (const r of rows ?? []) {
    const t = text(r)?.replace(/\s+/g, ' ').trim();
    const s = sentiment(r);
    if (s && usable(t) && out[s].length < 600) out[s].push(t);
  }
  return out;
}

const byScore = (score: number, lo: number, hi: number): Sentiment => (score >= hi ? 'positive' : score <= lo ? 'negative' : 'neutral');

/** Real comments per language from the shared data sets (those present), keyed by sentiment. */
function readDatasets(dir: string): Record<string, CommentPool> {
  const num = (v: string | undefined) => (v === undefined || v === '' || v === 'NA' ? undefined : Number(v));
  return {
    fr: pool(readCsv(dir, 'nps_fr.utf8.dev.csv'), (r) => r.explication, (r) => {
      const n = num(r.nps);
      return n === undefined || Number.isNaN(n) ? undefined : byScore(n, 6, 9);
    }),
    tr: pool(readCsv(dir, 'tr_magaza_yorumlari_duygu.dev.csv'), (r) => r['Görüş'], (r) =>
      ({ Olumlu: 'positive', Olumsuz: 'negative', Tarafsız: 'neutral' } as Record<string, Sentiment>)[r.Durum]),
    zh: pool(readCsv(dir, 'zh_waimai_10k.dev.csv'), (r) => r.review, (r) => (r.label === '1' ? 'positive' : r.label === '0' ? 'negative' : undefined)),
    pt: pool(readCsv(dir, 'olist_order_reviews_head6k.dev.csv'), (r) => r.review_comment_message, (r) => {
      const n = num(r.review_score);
      return n === undefined ? undefined : byScore(n, 2, 4);
    }),
    // Danish news and web sentences with a hand-scored valence; those that read as an opinion.
    da: pool(readCsv(dir, 'da_lcc_sentiment_mixed_2014.dev.csv'), (r) => (/^[\d(@]|https?:|@/.test(r.text ?? '') ? undefined : r.text), (r) => {
      const v = num(r.valence);
      return v === undefined || v === 0 ? undefined : v > 0 ? 'positive' : 'negative';
    }),
  };
}

export interface CommentSource {
  /** Comments for a language and sentiment: real ones where a data set has them, else written ones. */
  pick(language: string, sentiment: Sentiment, random: () => number): string;
  /** Languages whose comments come from a real data set in this run. */
  realLanguages: string[];
}

/** Loads the comment pools once; a missing folder or file simply falls back to written comments. */
export function loadComments(dir: string = DEFAULT_DATASETS_DIR): CommentSource {
  const real = existsSync(dir) ? readDatasets(dir) : {};
  const realLanguages = Object.entries(real).filter(([, p]) => p.positive.length + p.negative.length > 0).map(([l]) => l);
  return {
    realLanguages,
    pick(language, sentiment, random) {
      const written = WRITTEN[language] ?? WRITTEN.en;
      const fromData = real[language]?.[sentiment] ?? [];
      // A data set without neutral texts (labels are only positive/negative) uses written neutral ones;
      // the Danish corpus is general web text, so most Danish comments are the written ones.
      const useData = fromData.length > 0 && random() < (DATA_SHARE[language] ?? 0.8);
      const pool = useData ? fromData : written[sentiment];
      return pool[Math.floor(random() * pool.length)];
    },
  };
}
