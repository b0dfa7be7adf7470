/**
 * The chat window's built-in strings, sent with the configuration so /chat.js carries none. English
 * and Danish are complete; Turkish and Chinese follow the dashboard's catalogues.
 */
const en = {
  open: 'Chat with us',
  title: 'Chat',
  greeting: 'Hi! How can we help you today?',
  placeholder: 'Write a message…',
  send: 'Send',
  close: 'Close chat',
  you: 'You',
  team: 'Team',
  failed: 'Your message was not sent. Please try again.',
  offlineTitle: 'Leave us a message',
  offlineIntro: 'We are not online right now. Leave your message and we will answer by e-mail.',
  name: 'Your name',
  email: 'Your e-mail',
  message: 'Message',
  offlineSend: 'Send message',
  offlineThanks: 'Thank you! We will answer you by e-mail.',
  transcript: 'E-mail me this conversation',
  transcriptSent: 'The conversation is on its way to your inbox.',
};
export type ChatText = typeof en;

const da: ChatText = {
  open: 'Chat med os',
  title: 'Chat',
  greeting: 'Hej! Hvordan kan vi hjælpe dig i dag?',
  placeholder: 'Skriv en besked…',
  send: 'Send',
  close: 'Luk chat',
  you: 'Dig',
  team: 'Team',
  failed: 'Din besked blev ikke sendt. Prøv igen.',
  offlineTitle: 'Skriv til os',
  offlineIntro: 'Vi er ikke online lige nu. Skriv din besked, så svarer vi på e-mail.',
  name: 'Dit navn',
  email: 'Din e-mail',
  message: 'Besked',
  offlineSend: 'Send besked',
  offlineThanks: 'Tak! Vi svarer dig på e-mail.',
  transcript: 'Send mig samtalen på e-mail',
  transcriptSent: 'Samtalen er på vej til din indbakke.',
};

const tr: ChatText = {
  open: 'Bizimle sohbet edin',
  title: 'Sohbet',
  greeting: 'Merhaba! Bugün size nasıl yardımcı olabiliriz?',
  placeholder: 'Bir mesaj yazın…',
  send: 'Gönder',
  close: 'Sohbeti kapat',
  you: 'Siz',
  team: 'Ekip',
  failed: 'Mesajınız gönderilemedi. Lütfen tekrar deneyin.',
  offlineTitle: 'Bize mesaj bırakın',
  offlineIntro: 'Şu anda çevrimiçi değiliz. Mesajınızı bırakın, e-postayla yanıt verelim.',
  name: 'Adınız',
  email: 'E-posta adresiniz',
  message: 'Mesaj',
  offlineSend: 'Mesajı gönder',
  offlineThanks: 'Teşekkürler! Size e-postayla yanıt vereceğiz.',
  transcript: 'Bu sohbeti bana e-postayla gönder',
  transcriptSent: 'Sohbet e-posta kutunuza gönderiliyor.',
};

const zh: ChatText = {
  open: '与我们聊天',
  title: '在线聊天',
  greeting: '您好！今天我们能为您做些什么？',
  placeholder: '输入消息…',
  send: '发送',
  close: '关闭聊天',
  you: '您',
  team: '客服',
  failed: '消息未发送，请重试。',
  offlineTitle: '给我们留言',
  offlineIntro: '我们现在不在线。请留言，我们会通过电子邮件回复您。',
  name: '您的姓名',
  email: '您的电子邮箱',
  message: '留言',
  offlineSend: '发送留言',
  offlineThanks: '谢谢！我们会通过电子邮件回复您。',
  transcript: '把这段对话发到我的邮箱',
  transcriptSent: '对话记录正在发送到您的邮箱。',
};

export const CHAT_STRINGS: Record<string, ChatText> = { en, da, tr, zh };

/** The best supported language for a visitor's `lang` ("da-DK" → "da"); English otherwise. */
export function chatLanguage(lang: string | undefined): string {
  const base = (lang ?? '').toLowerCase().split(/[-_]/)[0];
  return base in CHAT_STRINGS ? base : 'en';
}

/** The transcript mail's own words. */
export const TRANSCRIPT_STRINGS: Record<string, { subject: string; intro: string; you: string; team: string }> = {
  en: { subject: 'Your conversation with {name}', intro: 'Here is your chat conversation with {name}.', you: 'You', team: 'Team' },
  da: { subject: 'Din samtale med {name}', intro: 'Her er din chatsamtale med {name}.', you: 'Dig', team: 'Team' },
  tr: { subject: '{name} ile sohbetiniz', intro: '{name} ile sohbetinizin dökümü.', you: 'Siz', team: 'Ekip' },
  zh: { subject: '您与 {name} 的对话', intro: '这是您与 {name} 的聊天记录。', you: '您', team: '客服' },
};
