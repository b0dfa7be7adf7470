import { isStopword } from './stopwords.js';
import { foldAccents, normalize, segmentCjk, tokenize } from './tokenize.js';

/*
 * Key phrases, merged across languages: a text saying "levering", "delivery", "livraison" or "配送" gets
 * the same concept ("delivery"), so a workspace with customers in many languages sees one theme with one
 * volume. Concepts are finer than categories (a category "delivery" holds "delivery time", "courier",
 * "late delivery"). Words no concept knows still count as phrases of their own language (for the cloud).
 * Written by the Kunde team from general knowledge (project licence).
 */
export const CONCEPTS: Record<string, string[]> = {
  'delivery': ['delivery', 'deliveries', 'shipping', 'levering', 'leveringen', 'lieferung', 'livraison', 'entrega', 'envío', 'envio', 'bezorging', 'leverans', 'teslimat', 'kargo', '配送', '送餐', '送货', '外卖'],
  'delivery time': ['delivery time', 'took too long', 'leveringstid', 'lieferzeit', 'délai', 'delai', 'prazo', 'plazo', 'levertijd', 'leveranstid', 'teslimat süresi', 'geç geldi', 'geç', '送得慢', '送餐慢', '太慢', '很慢', '速度'],
  'courier': ['courier', 'driver', 'bud', 'budet', 'fahrer', 'kurier', 'livreur', 'entregador', 'repartidor', 'bezorger', 'kurye', 'kargocu', '骑手', '小哥', '快递员'],
  'parcel': ['parcel', 'package', 'pakke', 'pakken', 'paket', 'colis', 'pacote', 'encomenda', 'paquete', 'pakket', '包裹', '快递'],
  'refund': ['refund', 'money back', 'refusion', 'pengene tilbage', 'rückerstattung', 'erstattung', 'remboursement', 'rembourser', 'reembolso', 'estorno', 'devolución', 'terugbetaling', 'återbetalning', 'iade', 'para iadesi', '退款', '退钱'],
  'price': ['price', 'prices', 'pris', 'priser', 'preis', 'preise', 'prix', 'preço', 'preco', 'precio', 'prijs', 'fiyat', 'fiyatı', '价格', '价钱'],
  'expensive': ['expensive', 'overpriced', 'dyr', 'dyrt', 'teuer', 'cher', 'chère', 'caro', 'cara', 'duur', 'pahalı', '贵', '太贵'],
  'value for money': ['value for money', 'pris for pengene', 'preis-leistung', 'rapport qualité', 'custo benefício', 'custo-benefício', 'calidad precio', 'fiyat performans', '性价比'],
  'quality': ['quality', 'kvalitet', 'kvaliteten', 'qualität', 'qualité', 'qualidade', 'calidad', 'kwaliteit', 'kalite', 'kalitesi', '质量', '品质'],
  'broken product': ['broken', 'damaged', 'defect', 'defective', 'ødelagt', 'defekt', 'kaputt', 'beschädigt', 'cassé', 'abîmé', 'quebrado', 'danificado', 'defeito', 'roto', 'dañado', 'kapot', 'bozuk', 'kırık', 'hasarlı', '坏了', '破损', '损坏'],
  'taste': ['taste', 'tasty', 'smag', 'geschmack', 'goût', 'sabor', 'smaak', 'smak', 'tat', 'lezzet', '味道', '口味', '好吃', '难吃'],
  'customer service': ['customer service', 'support', 'kundeservice', 'kundendienst', 'service client', 'atendimento', 'atención al cliente', 'klantenservice', 'kundtjänst', 'müşteri hizmetleri', '客服'],
  'staff': ['staff', 'employee', 'personale', 'personalet', 'medarbejder', 'personal', 'mitarbeiter', 'personnel', 'vendeur', 'vendeuse', 'funcionário', 'funcionarios', 'empleado', 'medewerker', 'personalen', 'personel', 'çalışan', '服务员', '前台', '员工'],
  'waiting': ['waiting', 'wait', 'queue', 'ventetid', 'kø', 'wartezeit', 'warten', 'attente', 'espera', 'fila', 'cola', 'wachttijd', 'väntetid', 'bekleme', 'sıra', '排队', '等了'],
  'no answer': ['no answer', 'no reply', 'never answered', 'intet svar', 'ingen svarer', 'keine antwort', 'pas de réponse', 'aucune réponse', 'sem resposta', 'ninguém responde', 'sin respuesta', 'geen antwoord', 'cevap yok', 'cevap vermiyor', '不回复', '没人回'],
  'app crash': ['app crashes', 'app crashed', 'crash', 'crashes', 'freezes', 'appen crasher', 'går ned', 'stürzt ab', 'absturz', "l'application plante", 'plante', 'trava', 'travando', 'se cierra', 'crasht', 'çöküyor', 'donuyor', '闪退', '崩溃', '卡死'],
  'login': ['login', 'log in', 'sign in', 'password', 'log ind', 'adgangskode', 'anmelden', 'passwort', 'connexion', 'mot de passe', 'senha', 'contraseña', 'inloggen', 'logga in', 'giriş', 'şifre', '登录', '密码'],
  'website': ['website', 'web site', 'hjemmeside', 'webseite', 'site web', 'site', 'sitio web', 'webshop', 'hemsida', 'internet sitesi', '网站', '网页'],
  'app': ['app', 'appen', 'application', 'aplicativo', 'aplicación', 'applicatie', 'uygulama', 'uygulaması', '软件', 'app'],
  'checkout': ['checkout', 'payment', 'pay', 'betaling', 'zahlung', 'bezahlung', 'paiement', 'pagamento', 'pago', 'betaling', 'betalning', 'ödeme', '付款', '支付'],
  'onboarding': ['onboarding', 'getting started', 'setup', 'set up', 'opsætning', 'kom i gang', 'einrichtung', 'mise en route', 'inscription', 'cadastro', 'configuración', 'kurulum', '注册', '安装'],
  'instructions': ['instructions', 'manual', 'guide', 'vejledning', 'brugsanvisning', 'anleitung', 'mode d\'emploi', 'notice', 'manual de instruções', 'instrucciones', 'handleiding', 'bruksanvisning', 'kılavuz', '说明书'],
  'room': ['room', 'værelse', 'zimmer', 'chambre', 'quarto', 'habitación', 'kamer', 'rum', 'oda', '房间', '客房'],
  'cleanliness': ['clean', 'dirty', 'ren', 'beskidt', 'sauber', 'schmutzig', 'propre', 'sale', 'limpo', 'sujo', 'limpio', 'sucio', 'schoon', 'vies', 'temiz', 'kirli', '干净', '卫生', '脏'],
  'portion size': ['portion', 'portions', 'portionen', 'portionerne', 'quantité', 'porção', 'porción', 'porsiyon', '分量', '份量'],
  'packaging': ['packaging', 'emballage', 'verpackung', 'embalagem', 'embalaje', 'verpakking', 'förpackning', 'ambalaj', 'paketleme', '包装'],
  'advice': ['advice', 'rådgivning', 'beratung', 'conseil', 'conseils', 'conselho', 'consejo', 'advies', 'råd', 'tavsiye', '建议'],
  'choice': ['choice', 'selection', 'range', 'udvalg', 'auswahl', 'choix', 'variété', 'variedade', 'selección', 'keuze', 'sortiment', 'çeşit', '选择', '品种'],
};

const isCjkChar = /[\u3040-\u30ff\u4e00-\u9fff]/;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One expression per concept: word-start matching with accents folded (Chinese anywhere). */
const COMPILED: { concept: string; re: RegExp }[] = Object.entries(CONCEPTS).map(([concept, words]) => ({
  concept,
  re: new RegExp(
    words
      .map((w) => {
        const f = escape(foldAccents(w.toLowerCase()));
        return isCjkChar.test(w) ? f : `(?<![\\p{L}\\p{N}])${f}(?![\\p{L}\\p{N}]{4})`;
      })
      .join('|'),
    'u',
  ),
}));

/** The cross-language concepts one text mentions, in a fixed order. */
export function conceptsOf(text: string, language: string): string[] {
  const folded = foldAccents(normalize(text, language));
  return COMPILED.filter((c) => c.re.test(folded)).map((c) => c.concept);
}

/** Content words of a text: no stop-words, no numbers, no one-letter words; Chinese via Intl.Segmenter. */
export function contentWords(text: string, language: string): string[] {
  const isCjk = language === 'zh' || language === 'ja';
  const words = isCjk ? segmentCjk(normalize(text, language), language).filter((w) => [...w].length >= 2) : tokenize(text, language).filter((t) => !t.isEmoji).map((t) => t.text);
  return words.filter((w) => !/^\p{N}+$/u.test(w) && (isCjk || w.length >= 3) && !isStopword(w, language));
}

/**
 * Key phrases of a text: its concepts first (language-independent), then up to `max` of its own content
 * words that no concept covers, prefixed with nothing (a cloud shows them as written).
 */
export function keyPhrasesOf(text: string, language: string, max = 6): string[] {
  const concepts = conceptsOf(text, language);
  const out = [...concepts];
  const seen = new Set(out);
  for (const w of contentWords(text, language)) {
    if (out.length >= max) break;
    if (seen.has(w) || conceptsOf(w, language).length > 0) continue;
    seen.add(w);
    out.push(w);
  }
  return out;
}

// Words that make a text a request rather than say what is requested ("please add …", "keşke …").
const REQUEST_FILLER = new Set(
  'please pls add would could great nice wish want like love able allow option feature make have possible should also more maybe tilføj gerne ville være godt hvis kunne savner ønsker bitte wäre schön wünsche fehlt serait bien faudrait aimerais pourriez manque seria gostaria poderiam deveriam gustaría podrían keşke olsa olur eklenmeli eklerseniz isterdim 希望 建议 能不能 可以 如果 最好 能否'.split(' '),
);

/**
 * The topic a feature request is grouped under: its first cross-language concept, else its first
 * category, else its first two content words that are not request wording ("dark mode"), else "other".
 */
export function requestTopicOf(text: string, language: string, themes: string[]): string {
  const concepts = conceptsOf(text, language);
  if (concepts.length) return concepts[0];
  if (themes.length) return themes[0];
  const words = contentWords(text, language).filter((w) => !REQUEST_FILLER.has(w) && !REQUEST_FILLER.has(foldAccents(w)));
  return words.length ? words.slice(0, 2).join(' ') : 'other';
}
