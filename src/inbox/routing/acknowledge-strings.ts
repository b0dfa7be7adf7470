/**
 * The customer-facing auto-acknowledgement, per language: {due} is the expected answer time, written in
 * the workspace's time zone in the customer's language. English is the fallback.
 */
export const ACKNOWLEDGE_STRINGS: Record<string, { subject: string; body: string }> = {
  en: { subject: 'We have received your message', body: 'Thank you for writing to us. We have received your message and will answer by {due}.' },
  da: { subject: 'Vi har modtaget din besked', body: 'Tak fordi du skrev til os. Vi har modtaget din besked og svarer senest {due}.' },
  de: { subject: 'Wir haben Ihre Nachricht erhalten', body: 'Vielen Dank für Ihre Nachricht. Wir haben sie erhalten und antworten bis spätestens {due}.' },
  es: { subject: 'Hemos recibido tu mensaje', body: 'Gracias por escribirnos. Hemos recibido tu mensaje y te responderemos antes del {due}.' },
  fr: { subject: 'Nous avons bien reçu votre message', body: 'Merci de nous avoir écrit. Nous avons bien reçu votre message et vous répondrons au plus tard le {due}.' },
  sv: { subject: 'Vi har tagit emot ditt meddelande', body: 'Tack för att du skrev till oss. Vi har tagit emot ditt meddelande och svarar senast {due}.' },
  nb: { subject: 'Vi har mottatt meldingen din', body: 'Takk for at du skrev til oss. Vi har mottatt meldingen din og svarer innen {due}.' },
  nl: { subject: 'We hebben je bericht ontvangen', body: 'Bedankt voor je bericht. We hebben het ontvangen en antwoorden uiterlijk {due}.' },
  tr: { subject: 'Mesajınızı aldık', body: 'Bize yazdığınız için teşekkür ederiz. Mesajınızı aldık ve en geç {due} tarihine kadar yanıtlayacağız.' },
  zh: { subject: '我们已收到您的消息', body: '感谢您的来信。我们已收到您的消息，将在 {due} 之前答复您。' },
};

/** The acknowledgement in `language` (its base language, else English) with the due time filled in. */
export function acknowledgement(language: string | null | undefined, due: Date, timeZone: string): { language: string; subject: string; text: string } {
  const base = (language ?? 'en').toLowerCase().split(/[-_]/)[0];
  const lang = ACKNOWLEDGE_STRINGS[base] ? base : 'en';
  let when: string;
  try {
    when = new Intl.DateTimeFormat(lang, { dateStyle: 'full', timeStyle: 'short', timeZone }).format(due);
  } catch {
    when = due.toISOString();
  }
  const s = ACKNOWLEDGE_STRINGS[lang];
  return { language: lang, subject: s.subject, text: s.body.replace('{due}', when) };
}
