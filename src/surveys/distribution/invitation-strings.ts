import { respondentStrings, respondentText, type RespondentStrings } from '../respondent-strings/index.js';

/**
 * Built-in wording of invitation e-mails and the unsubscribe page beyond what the respondent
 * catalogue has (subject, greeting, body, button, one-click hint, reminder subject and "Unsubscribe"
 * come from respondent-strings.ts). A catalogue, so longer than a code file should be.
 */
export interface InvitationStrings {
  greetingNoName: string;
  orderLine: string;
  reminderIntro: string;
  footer: string;
  unsubscribeTitle: string;
  unsubscribeQuestion: string;
  unsubscribeButton: string;
  unsubscribeDone: string;
  unsubscribeUnknown: string;
}

export const INVITATION_STRINGS: Record<string, InvitationStrings> = {
  en: {
    greetingNoName: 'Hi,',
    orderLine: 'This is about your order {orderId}.',
    reminderIntro: 'A quick reminder in case our last e-mail got buried.',
    footer: 'You receive this e-mail because you are a customer of {company}.',
    unsubscribeTitle: 'Unsubscribe from surveys',
    unsubscribeQuestion: 'Stop receiving surveys from {company} at {email}?',
    unsubscribeButton: 'Unsubscribe',
    unsubscribeDone: 'Done. {company} will not send you more surveys.',
    unsubscribeUnknown: 'This unsubscribe link is not valid.',
  },
  da: {
    greetingNoName: 'Hej,',
    orderLine: 'Det handler om din ordre {orderId}.',
    reminderIntro: 'En lille påmindelse, hvis vores sidste e-mail er blevet væk i indbakken.',
    footer: 'Du får denne e-mail, fordi du er kunde hos {company}.',
    unsubscribeTitle: 'Afmeld undersøgelser',
    unsubscribeQuestion: 'Vil du ikke længere modtage undersøgelser fra {company} på {email}?',
    unsubscribeButton: 'Afmeld',
    unsubscribeDone: 'Tak. {company} sender dig ikke flere undersøgelser.',
    unsubscribeUnknown: 'Dette afmeldingslink er ikke gyldigt.',
  },
  de: {
    greetingNoName: 'Hallo,',
    orderLine: 'Es geht um Ihre Bestellung {orderId}.',
    reminderIntro: 'Eine kurze Erinnerung, falls unsere letzte E-Mail untergegangen ist.',
    footer: 'Sie erhalten diese E-Mail, weil Sie Kunde von {company} sind.',
    unsubscribeTitle: 'Von Umfragen abmelden',
    unsubscribeQuestion: 'Keine Umfragen mehr von {company} an {email} erhalten?',
    unsubscribeButton: 'Abmelden',
    unsubscribeDone: 'Erledigt. {company} schickt Ihnen keine Umfragen mehr.',
    unsubscribeUnknown: 'Dieser Abmeldelink ist nicht gültig.',
  },
  fr: {
    greetingNoName: 'Bonjour,',
    orderLine: 'Cela concerne votre commande {orderId}.',
    reminderIntro: 'Un petit rappel, au cas où notre dernier e-mail vous aurait échappé.',
    footer: 'Vous recevez cet e-mail parce que vous êtes client de {company}.',
    unsubscribeTitle: 'Se désabonner des enquêtes',
    unsubscribeQuestion: 'Ne plus recevoir d’enquêtes de {company} à l’adresse {email} ?',
    unsubscribeButton: 'Se désabonner',
    unsubscribeDone: 'C’est fait. {company} ne vous enverra plus d’enquêtes.',
    unsubscribeUnknown: 'Ce lien de désabonnement n’est pas valide.',
  },
  es: {
    greetingNoName: 'Hola:',
    orderLine: 'Se trata de tu pedido {orderId}.',
    reminderIntro: 'Un breve recordatorio por si nuestro último correo se perdió.',
    footer: 'Recibes este correo porque eres cliente de {company}.',
    unsubscribeTitle: 'Darse de baja de las encuestas',
    unsubscribeQuestion: '¿Dejar de recibir encuestas de {company} en {email}?',
    unsubscribeButton: 'Darme de baja',
    unsubscribeDone: 'Listo. {company} no te enviará más encuestas.',
    unsubscribeUnknown: 'Este enlace para darse de baja no es válido.',
  },
  pt: {
    greetingNoName: 'Olá,',
    orderLine: 'É sobre o seu pedido {orderId}.',
    reminderIntro: 'Um breve lembrete, caso o nosso último e-mail se tenha perdido.',
    footer: 'Recebe este e-mail porque é cliente de {company}.',
    unsubscribeTitle: 'Cancelar inquéritos',
    unsubscribeQuestion: 'Deixar de receber inquéritos de {company} em {email}?',
    unsubscribeButton: 'Cancelar subscrição',
    unsubscribeDone: 'Feito. {company} não lhe enviará mais inquéritos.',
    unsubscribeUnknown: 'Este link de cancelamento não é válido.',
  },
  nl: {
    greetingNoName: 'Hallo,',
    orderLine: 'Het gaat over je bestelling {orderId}.',
    reminderIntro: 'Een korte herinnering, voor het geval onze vorige e-mail is ondergesneeuwd.',
    footer: 'Je ontvangt deze e-mail omdat je klant bent van {company}.',
    unsubscribeTitle: 'Afmelden voor enquêtes',
    unsubscribeQuestion: 'Geen enquêtes meer ontvangen van {company} op {email}?',
    unsubscribeButton: 'Afmelden',
    unsubscribeDone: 'Klaar. {company} stuurt je geen enquêtes meer.',
    unsubscribeUnknown: 'Deze afmeldlink is niet geldig.',
  },
  sv: {
    greetingNoName: 'Hej,',
    orderLine: 'Det gäller din beställning {orderId}.',
    reminderIntro: 'En kort påminnelse ifall vårt förra mejl försvann i mängden.',
    footer: 'Du får det här mejlet eftersom du är kund hos {company}.',
    unsubscribeTitle: 'Avsluta enkäter',
    unsubscribeQuestion: 'Sluta ta emot enkäter från {company} på {email}?',
    unsubscribeButton: 'Avsluta prenumeration',
    unsubscribeDone: 'Klart. {company} skickar inga fler enkäter till dig.',
    unsubscribeUnknown: 'Den här avregistreringslänken är inte giltig.',
  },
  nb: {
    greetingNoName: 'Hei,',
    orderLine: 'Det gjelder bestillingen din {orderId}.',
    reminderIntro: 'En liten påminnelse i tilfelle den forrige e-posten vår ble borte.',
    footer: 'Du får denne e-posten fordi du er kunde hos {company}.',
    unsubscribeTitle: 'Meld deg av undersøkelser',
    unsubscribeQuestion: 'Slutte å motta undersøkelser fra {company} på {email}?',
    unsubscribeButton: 'Meld av',
    unsubscribeDone: 'Ferdig. {company} sender deg ikke flere undersøkelser.',
    unsubscribeUnknown: 'Denne avmeldingslenken er ikke gyldig.',
  },
  tr: {
    greetingNoName: 'Merhaba,',
    orderLine: 'Bu, {orderId} numaralı siparişinizle ilgili.',
    reminderIntro: 'Son e-postamız gözünüzden kaçtıysa diye kısa bir hatırlatma.',
    footer: 'Bu e-postayı {company} müşterisi olduğunuz için alıyorsunuz.',
    unsubscribeTitle: 'Anketlerden çık',
    unsubscribeQuestion: '{company} firmasından {email} adresine anket gelmesin mi?',
    unsubscribeButton: 'Abonelikten çık',
    unsubscribeDone: 'Tamam. {company} size artık anket göndermeyecek.',
    unsubscribeUnknown: 'Bu abonelikten çıkma bağlantısı geçerli değil.',
  },
  zh: {
    greetingNoName: '您好：',
    orderLine: '这与您的订单 {orderId} 有关。',
    reminderIntro: '温馨提醒：以防您错过了我们上一封邮件。',
    footer: '您收到此邮件是因为您是 {company} 的客户。',
    unsubscribeTitle: '退订调查',
    unsubscribeQuestion: '不再在 {email} 接收来自 {company} 的调查？',
    unsubscribeButton: '退订',
    unsubscribeDone: '已完成。{company} 不会再向您发送调查。',
    unsubscribeUnknown: '此退订链接无效。',
  },
};

/** The languages invitation e-mails are fully written in (the rest falls back to English here). */
export const INVITATION_LANGUAGES = Object.keys(INVITATION_STRINGS);

function pick(lang: string | undefined): InvitationStrings {
  const tag = (lang ?? 'en').toLowerCase();
  const base = tag.split('-')[0];
  const alias: Record<string, string> = { no: 'nb', nn: 'nb' };
  return INVITATION_STRINGS[tag] ?? INVITATION_STRINGS[base] ?? INVITATION_STRINGS[alias[base] ?? 'en'] ?? INVITATION_STRINGS.en;
}

const fill = (s: string, values: Record<string, string | number>) => s.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));

/** One invitation string with its {placeholders} filled. */
export function invitationText(lang: string | undefined, key: keyof InvitationStrings, values: Record<string, string | number> = {}): string {
  return fill(pick(lang)[key], values);
}

/** One respondent-catalogue string (subject, greeting, button…) with its placeholders filled. */
export function mailText(lang: string | undefined, key: keyof RespondentStrings, values: Record<string, string | number> = {}): string {
  return respondentText(lang, key, values);
}

export { respondentStrings };
