import { foldAccents, normalize } from './tokenize.js';

/**
 * A theme (category) with keyword/phrase rules in several languages. A rule matches at the start of a
 * word ("deliver" finds "delivery", "levering" finds "leveringen"); Chinese/Japanese rules match anywhere.
 * Rules are written by the team (project licence) and workspaces add their own.
 */
export interface ThemeRule {
  key: string;
  label: string;
  keywords: string[];
}

export const DEFAULT_THEMES: ThemeRule[] = [
  {
    key: 'delivery',
    label: 'Delivery',
    keywords: [
      'deliver', 'shipping', 'shipment', 'parcel', 'package', 'courier', 'arrived', 'late',
      'levering', 'leveret', 'pakke', 'forsendelse', 'fragt', 'lieferung', 'geliefert', 'versand', 'paket',
      'livraison', 'livré', 'colis', 'entrega', 'envío', 'envio', 'pedido', 'chegou', 'prazo', 'correios', 'frete', 'recebi',
      'levering', 'bezorg', 'leverans', 'kargo', 'teslimat', 'gönderi', 'paket', 'geç geldi',
      '送餐', '配送', '送到', '外卖', '快递', '物流', '送达', '骑手', '小哥',
    ],
  },
  {
    key: 'price',
    label: 'Price',
    keywords: [
      'price', 'expensive', 'cheap', 'cost', 'overpriced', 'value for money', 'refund',
      'pris', 'dyr', 'billig', 'preis', 'teuer', 'günstig', 'prix', 'cher', 'chère', 'tarif', 'promo', 'réduction',
      'precio', 'caro', 'barato', 'preço', 'preco', 'barato', 'reembolso', 'prijs', 'duur',
      'fiyat', 'pahalı', 'ucuz', 'indirim', '价格', '价钱', '贵', '便宜', '性价比', '优惠', '退款',
    ],
  },
  {
    key: 'product_quality',
    label: 'Product quality',
    keywords: [
      'quality', 'broken', 'damaged', 'defect', 'taste', 'fresh',
      'kvalitet', 'ødelagt', 'defekt', 'qualität', 'kaputt', 'beschädigt', 'qualité', 'cassé', 'abîmé', 'frais', 'fraîche',
      'calidad', 'roto', 'qualidade', 'defeito', 'quebrado', 'produto', 'kwaliteit', 'kapot',
      'kalite', 'kaliteli', 'bozuk', 'arızalı', 'kırık', 'ürün',
      '质量', '味道', '口味', '好吃', '难吃', '新鲜', '分量', '菜', '房间', '设施',
    ],
  },
  {
    key: 'support',
    label: 'Customer service',
    keywords: [
      'support', 'service', 'staff', 'agent', 'helpful', 'rude', 'friendly', 'answer', 'respond', 'reply', 'call',
      'kundeservice', 'personale', 'personalet', 'venlig', 'svar', 'beratung', 'personal', 'freundlich', 'kundendienst', 'antwort',
      'personnel', 'accueil', 'conseil', 'aimable', 'vendeu', 'caissi', 'atención', 'atendimento', 'atencion', 'responde', 'vendedor',
      'klantenservice', 'kundtjänst', 'müşteri hizmet', 'servis', 'ilgi', 'satıcı',
      '客服', '服务', '态度', '前台', '服务员', '商家',
    ],
  },
  {
    key: 'usability',
    label: 'Website / app usability',
    keywords: [
      'app', 'website', 'site', 'login', 'log in', 'checkout', 'crash', 'bug', 'page', 'password', 'slow to load',
      'hjemmeside', 'appen', 'webseite', 'anmeld', 'site web', 'appli', 'connexion', 'sitio', 'aplicativo', 'aplicación',
      'uygulama', 'internet sitesi', 'site', '网站', '软件', '闪退', '界面', '下单',
    ],
  },
  {
    key: 'onboarding',
    label: 'Onboarding',
    keywords: [
      'onboarding', 'getting started', 'setup', 'set up', 'sign up', 'signup', 'tutorial', 'first time', 'instructions', 'manual',
      'opsætning', 'kom i gang', 'oprette', 'einrichtung', 'anleitung', 'inscription', 'mode d\'emploi', 'configuración', 'cadastro',
      'kurulum', 'kullanma kılavuzu', 'kayıt', '注册', '安装', '说明书', '新手',
    ],
  },
];

const isCjkText = (s: string) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(s);

/** Compiled rules: one regular expression per theme (word-start matching, accents folded). */
export interface CompiledThemes {
  rules: { key: string; re: RegExp }[];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function compileThemes(rules: ThemeRule[]): CompiledThemes {
  return {
    rules: rules
      .filter((r) => r.keywords.length > 0)
      .map((r) => {
        const parts = r.keywords.map((k) => {
          const f = escape(foldAccents(k.toLowerCase()));
          return isCjkText(k) ? f : `(?<![\\p{L}\\p{N}])${f}`;
        });
        return { key: r.key, re: new RegExp(parts.join('|'), 'u') };
      }),
  };
}

const defaultCompiled = compileThemes(DEFAULT_THEMES);

/** The themes one text mentions (several possible), in rule order. */
export function themesOf(text: string, language: string, compiled: CompiledThemes = defaultCompiled): string[] {
  const folded = foldAccents(normalize(text, language));
  return compiled.rules.filter((r) => r.re.test(folded)).map((r) => r.key);
}

/** Phrases that ask for something that is not there yet, per language. */
const REQUEST_SOURCES: RegExp[] = [
  /\b(please|pls|plz) (add|make|bring|allow|let|support|consider|include|fix)\b/,
  /\b(would|it'd) (be|love) (great|nice|good|helpful|awesome|cool)? ?(if|to)\b/,
  /\b(i|we) (wish|would like|'d like|want) (you|there|it|to be able|the|a|an)\b/,
  /\b(feature request|can you add|could you add|you should add|why (can't|cannot|isn't there)|it would help if|missing feature|need an? option)\b/,
  /\b(det ville (være|vaere) (godt|rart|fedt|dejligt|super)|i (bør|burde)|ønsker mig|savner|gerne se|kunne i (lave|tilføje)|vil gerne have)\b/,
  /\b(es w(ä|a)re (schön|toll|gut|super)|bitte (fügt|fuegt|macht)|ich w(ü|u)nsche|w(ü|u)nschenswert|fehlt (mir|eine?))\b/,
  /\b(ce serait (bien|bien de|top|génial)|il faudrait|pourriez[- ]vous|j'aimerais|serait-il possible|ce qui manque|il manque)\b/,
  /\b(seria (bom|ótimo|otimo|legal|bueno|genial)|gostaria (de|que)|poderiam|me gustaría|podrían|deveriam|ojalá)\b/,
  /\b(het zou (fijn|mooi|goed) zijn|graag zien|det vore (bra|bra om)|önskar|skulle vara bra)\b/,
  /(keşke|olsa (iyi|güzel) olur|eklenmeli|eklerseniz|olmasını isterdim|rica ediyorum)/,
  /(希望|建议|能不能|可不可以|要是能|如果能|最好能|能否)/,
];

// JavaScript's \b knows only ASCII letters; requests in Danish or Turkish start with "ø" or "ş". A leading
// \b becomes "start or a non-letter" and a trailing one "no letter follows" (cheaper than lookbehinds).
const toUnicodeEdges = (src: string) =>
  src.replace(/^\\b/, '(?:^|[^\\p{L}\\p{N}])').replace(/\\b$/, '(?![\\p{L}\\p{N}])').replaceAll('\\b', '');
const REQUEST_PATTERNS = REQUEST_SOURCES.map((re) => new RegExp(toUnicodeEdges(re.source), 'u'));

/** Whether a text asks for a feature or change ("please add…", "希望能…", "keşke…"). */
export function isFeatureRequest(text: string, language: string): boolean {
  const n = normalize(text, language);
  return REQUEST_PATTERNS.some((re) => re.test(n));
}
