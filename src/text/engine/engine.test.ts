import { describe, expect, it } from 'vitest';
import { detectLanguage } from './languages.js';
import { lexiconSentiment } from './sentiment.js';
import { segmentCjk } from './tokenize.js';
import { compileThemes, isFeatureRequest, themesOf } from './themes.js';
import { predictSentiment, trainSentimentModel, trainSentimentModelChunked, deserializeModel, serializeModel } from './classifier.js';
import { analyzeText } from './analyze.js';

describe('language detection on short texts', () => {
  it.each([
    ['Meget god service', 'da'], ['Very good service', 'en'], ['Sehr gut', 'de'], ['Muito bom', 'pt'], ['Très bien', 'fr'],
    ['Çok iyi', 'tr'], ['Heel goed', 'nl'], ['Mycket bra', 'sv'], ['Veldig bra', 'nb'], ['Muy bueno', 'es'], ['很好', 'zh'],
    ['ikke god', 'da'], ['とても良い', 'ja'],
  ])('%s → %s', (text, lang) => expect(detectLanguage(text)).toBe(lang));

  it('lets a known language win and normalises its code', () => {
    expect(detectLanguage('Very good service', 'da')).toBe('da');
    expect(detectLanguage('x', 'zh-CN')).toBe('zh');
    expect(detectLanguage('x', 'no')).toBe('nb');
  });
});

describe('negation per language', () => {
  it.each([
    ['good', 'not good', 'en'], ['god', 'ikke god', 'da'], ['好', '不好', 'zh'], ['iyi', 'iyi değil', 'tr'], ['gut', 'nicht gut', 'de'],
    ['bon', 'pas bon', 'fr'], ['bom', 'não é bom', 'pt'], ['bueno', 'no es bueno', 'es'], ['goed', 'niet goed', 'nl'], ['bra', 'inte bra', 'sv'],
    ['beğendim', 'beğenmedim', 'tr'], ['tavsiye ederim', 'tavsiye etmem', 'tr'],
  ])('%s is positive, %s negative', (pos, neg, lang) => {
    expect(lexiconSentiment(pos, lang).sentiment).toBe('positive');
    expect(lexiconSentiment(neg, lang).sentiment).toBe('negative');
  });

  it('strengthens with intensifiers and understands emoji', () => {
    expect(lexiconSentiment('very good', 'en').score).toBeGreaterThan(lexiconSentiment('good', 'en').score);
    expect(lexiconSentiment('非常好', 'zh').score).toBeGreaterThan(lexiconSentiment('好', 'zh').score);
    expect(lexiconSentiment('ordren 😡', 'da').sentiment).toBe('negative');
    expect(lexiconSentiment('Pakken kom 😍👍', 'da').sentiment).toBe('positive');
  });

  it('weighs what follows "but" more', () => {
    expect(lexiconSentiment('The food was good but the delivery was terrible', 'en').sentiment).toBe('negative');
    expect(lexiconSentiment('味道不错，但是送餐太慢了', 'zh').sentiment).toBe('negative');
  });

  it('counts a flaw after "就是/只是" (only …) at half weight', () => {
    // 不错 +2; 就是 halves what follows: 太慢 −2 × 1.3 (negative weight) × 0.5 = −1.3; sum +0.7 → positive.
    expect(lexiconSentiment('味道不错，就是送餐太慢了', 'zh').sentiment).toBe('positive');
    expect(lexiconSentiment('就是送餐太慢了', 'zh').sentiment).toBe('negative');
  });

  it('lets Turkish negation reach back past a noun, and a negative verb negate the praise before it', () => {
    expect(lexiconSentiment('iyi bir ürün değil', 'tr').sentiment).toBe('negative');
    expect(lexiconSentiment('Bence iyi bir ürün degil', 'tr').sentiment).toBe('negative');
    expect(lexiconSentiment('memnun kalmadım', 'tr').sentiment).toBe('negative');
    // Two complaints stay two complaints: a negative verb does not flip the complaint before it.
    expect(lexiconSentiment('beğenmedim, kullanamadık', 'tr').sentiment).toBe('negative');
    expect(lexiconSentiment('kırık geldiği için kullanamadık', 'tr').sentiment).toBe('negative');
  });

  it('reads French "peu" as "not very" and "un peu" as "a bit"', () => {
    expect(lexiconSentiment('caissier peu sympathique', 'fr').sentiment).toBe('negative');
    expect(lexiconSentiment('très à l\'écoute', 'fr').sentiment).toBe('positive');
    expect(lexiconSentiment('Pas de remarques à formuler', 'fr').sentiment).toBe('positive');
    expect(Math.abs(lexiconSentiment('un peu cher', 'fr').score)).toBeLessThan(Math.abs(lexiconSentiment('cher', 'fr').score));
  });

  it('does not read "小" into "小哥" (a neutral word shields its parts)', () => {
    expect(lexiconSentiment('送餐小哥很敬业', 'zh').sentiment).toBe('positive');
  });
});

describe('Chinese segmentation', () => {
  it('splits into words with the ICU segmenter', () => {
    const words = segmentCjk('我们今天去北京大学', 'zh');
    expect(words).toContain('北京');
    expect(words.join('')).toBe('我们今天去北京大学');
  });
});

describe('theme rules and feature requests', () => {
  it('finds several default themes in several languages', () => {
    expect(themesOf('The app crashes and delivery was late', 'en')).toEqual(['delivery', 'usability']);
    expect(themesOf('Levering tog lang tid, og kundeservice svarede ikke', 'da')).toEqual(['delivery', 'support']);
    expect(themesOf('客服态度很差，配送也慢', 'zh')).toEqual(['delivery', 'support']);
    expect(themesOf('Kargo çok geç geldi, fiyat pahalı', 'tr')).toEqual(['delivery', 'price']);
  });

  it('applies workspace rules, accents folded, at word starts only', () => {
    const rules = compileThemes([{ key: 'checkout', label: 'Checkout', keywords: ['kasse', 'caisse', 'checkout'] }]);
    expect(themesOf('Lang kø ved kassen', 'da', rules)).toEqual(['checkout']);
    expect(themesOf("Trop d'attente en CAISSE", 'fr', rules)).toEqual(['checkout']);
    expect(themesOf('Skassen', 'da', rules)).toEqual([]);
  });

  it.each([
    ['Please add a dark mode', true], ['It would be great if I could pay by invoice', true], ['I wish the app remembered me', true],
    ['Det ville være godt hvis man kunne ændre ordren', true], ['希望能增加夜间模式', true], ['Keşke kapıda ödeme olsa', true],
    ['Ce serait bien d\'avoir plus de caisses', true], ['The parcel came on time', false], ['Tak for hurtig levering', false],
  ])('%s → %s', (text, want) => expect(isFeatureRequest(text, detectLanguage(text))).toBe(want));
});

describe('training', () => {
  /** A generated workspace: its own product words decide sentiment, and no lexicon knows them. */
  const generate = (n: number, offset = 0) =>
    Array.from({ length: n }, (_, i) => {
      const j = i + offset;
      const isGood = j % 2 === 0;
      const word = (isGood ? ['zorp', 'plim', 'fnuggly'] : ['klunket', 'vlek', 'snerted'])[j % 3];
      return { text: `order ${j % 7} was ${word} today`, sentiment: isGood ? ('positive' as const) : ('negative' as const) };
    });

  it('improves held-out accuracy over the shipped lexicon and survives serialisation', () => {
    const train = generate(300);
    const test = generate(100, 1000);
    const model = trainSentimentModel('en', train);
    const acc = (f: (t: string) => string) => test.filter((e) => f(e.text) === e.sentiment).length / test.length;
    const trained = acc((t) => predictSentiment(model, t).sentiment);
    const baseline = acc((t) => lexiconSentiment(t, 'en').sentiment);
    expect(baseline).toBeLessThan(0.6);
    expect(trained).toBeGreaterThan(0.95);
    const copy = deserializeModel('en', model.classes, serializeModel(model));
    expect(test.map((e) => predictSentiment(copy, e.text).sentiment)).toEqual(test.map((e) => predictSentiment(model, e.text).sentiment));
  });

  it('is used by analyzeText when given as the workspace model', () => {
    const model = trainSentimentModel('en', generate(200));
    const models = new Map([['en', model]]);
    expect(analyzeText({ text: 'order 3 was plim today', language: 'en' }, { models })).toMatchObject({ sentiment: 'positive', model: 'workspace' });
    expect(analyzeText({ text: 'order 3 was plim today', language: 'en' })).toMatchObject({ model: 'shipped' });
  });
});

describe('training does not block the event loop', () => {
  it('gives the loop back between chunks and learns the same model as one-go training', async () => {
    const words = ['zorp', 'plim', 'klunk', 'vlek'];
    const examples = Array.from({ length: 1200 }, (_, i) => ({ text: `the parcel was ${words[i % 4]} today ${i}`, sentiment: (i % 4 < 2 ? 'positive' : 'negative') as 'positive' | 'negative' }));
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const chunked = await trainSentimentModelChunked('en', examples);
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(5);
    const oneGo = trainSentimentModel('en', examples);
    expect(Buffer.from(chunked.weights.buffer).equals(Buffer.from(oneGo.weights.buffer))).toBe(true);
  });
});
