/** The digest e-mail's words in the languages the dashboard offers; the workspace's default language picks. */
export interface DigestStrings {
  subject: (workspace: string, from: string, to: string) => string;
  intro: (frequency: 'weekly' | 'monthly', from: string, to: string) => string;
  headline: string;
  movers: string;
  noMovers: string;
  previous: string;
  answers: string;
  metrics: Record<'nps' | 'csat' | 'ces' | 'response-rate' | 'churn', string>;
  footer: string;
}

const en: DigestStrings = {
  subject: (w, f, t) => `${w}: CX digest ${f} – ${t}`,
  intro: (fr, f, t) => `Your ${fr === 'weekly' ? 'weekly' : 'monthly'} CX digest for ${f} – ${t}, against the period before.`,
  headline: 'Headline numbers', movers: 'Biggest movers by touchpoint', noMovers: 'No touchpoint had answers in both periods.',
  previous: 'before', answers: 'answers',
  metrics: { nps: 'NPS', csat: 'CSAT', ces: 'CES', 'response-rate': 'Response rate', churn: 'Churn rate' },
  footer: 'Sent by Kunde. Change who receives this digest under Settings → Reports.',
};
const da: DigestStrings = {
  subject: (w, f, t) => `${w}: CX-oversigt ${f} – ${t}`,
  intro: (fr, f, t) => `Jeres ${fr === 'weekly' ? 'ugentlige' : 'månedlige'} CX-oversigt for ${f} – ${t}, sammenlignet med perioden før.`,
  headline: 'Nøgletal', movers: 'Største bevægelser pr. kontaktpunkt', noMovers: 'Intet kontaktpunkt havde svar i begge perioder.',
  previous: 'før', answers: 'svar',
  metrics: { nps: 'NPS', csat: 'CSAT', ces: 'CES', 'response-rate': 'Svarprocent', churn: 'Churn-rate' },
  footer: 'Sendt af Kunde. Vælg modtagere under Indstillinger → Rapporter.',
};
const tr: DigestStrings = {
  subject: (w, f, t) => `${w}: CX özeti ${f} – ${t}`,
  intro: (fr, f, t) => `${f} – ${t} için ${fr === 'weekly' ? 'haftalık' : 'aylık'} CX özetiniz, önceki dönemle karşılaştırmalı.`,
  headline: 'Temel rakamlar', movers: 'Temas noktasına göre en büyük değişimler', noMovers: 'Hiçbir temas noktasında iki dönemde de yanıt yok.',
  previous: 'önce', answers: 'yanıt',
  metrics: { nps: 'NPS', csat: 'CSAT', ces: 'CES', 'response-rate': 'Yanıt oranı', churn: 'Kayıp oranı' },
  footer: 'Kunde tarafından gönderildi. Alıcıları Ayarlar → Raporlar bölümünden değiştirin.',
};
const zh: DigestStrings = {
  subject: (w, f, t) => `${w}：CX 摘要 ${f} – ${t}`,
  intro: (fr, f, t) => `${f} – ${t} 的${fr === 'weekly' ? '每周' : '每月'} CX 摘要，与上一周期对比。`,
  headline: '核心指标', movers: '按接触点的最大变化', noMovers: '没有接触点在两个周期内都有回答。',
  previous: '之前', answers: '份回答',
  metrics: { nps: 'NPS', csat: 'CSAT', ces: 'CES', 'response-rate': '回复率', churn: '流失率' },
  footer: '由 Kunde 发送。可在 设置 → 报告 中更改收件人。',
};

const ALL: Record<string, DigestStrings> = { en, da, tr, zh };

export function digestStrings(language: string): DigestStrings {
  return ALL[language.toLowerCase().split('-')[0]] ?? en;
}
