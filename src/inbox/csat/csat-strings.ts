/**
 * The chat message that carries a CSAT survey's personal link, in the conversation's language
 * (English for a language without a text here). The customer reads it, so it is localised.
 */
const MESSAGES: Record<string, (link: string) => string> = {
  en: (link) => `Thank you for contacting us! How satisfied are you with the help you received? Tell us in one click: ${link}`,
  da: (link) => `Tak fordi du kontaktede os! Hvor tilfreds er du med den hjælp, du fik? Fortæl os det med ét klik: ${link}`,
  de: (link) => `Danke für Ihre Nachricht! Wie zufrieden sind Sie mit der erhaltenen Hilfe? Sagen Sie es uns mit einem Klick: ${link}`,
  tr: (link) => `Bizimle iletişime geçtiğiniz için teşekkürler! Aldığınız yardımdan ne kadar memnunsunuz? Tek tıkla bize söyleyin: ${link}`,
  zh: (link) => `感谢您联系我们！您对获得的帮助满意吗？一键告诉我们：${link}`,
};

export function csatLinkMessage(language: string | null, link: string): string {
  const base = (language ?? 'en').split('-')[0].toLowerCase();
  return (MESSAGES[base] ?? MESSAGES.en)(link);
}
