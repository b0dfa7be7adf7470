/**
 * The markets demo customers come from: language, currency, real cities and common names, so a
 * demo workspace looks like a shop selling across Europe, Türkiye, China, Brazil and the US.
 * Typical order values are in major units of the market's currency.
 */
export interface Market {
  country: string;
  language: string;
  currency: string;
  /** Share of demo customers from this market (weights, not percentages). */
  weight: number;
  cities: string[];
  firstNames: { female: string[]; male: string[] };
  lastNames: string[];
  /** Chinese names are written in Hanzi; their e-mail local parts use these pinyin spellings. */
  romanised?: Record<string, string>;
  /** Family name first (Chinese). */
  familyFirst?: boolean;
  emailDomains: string[];
  /** Country calling code and the number of subscriber digits after it. */
  phone: { prefix: string; lead: string[]; digits: number };
  socialNetworks: string[];
  orderValue: { min: number; max: number };
}

export const MARKETS: Market[] = [
  {
    country: 'DK', language: 'da', currency: 'DKK', weight: 24,
    cities: ['København', 'Aarhus', 'Odense', 'Aalborg', 'Esbjerg', 'Randers', 'Kolding', 'Horsens', 'Vejle', 'Roskilde', 'Herning', 'Silkeborg'],
    firstNames: {
      female: ['Anne', 'Kirsten', 'Mette', 'Hanne', 'Camilla', 'Sofie', 'Ida', 'Freja', 'Emma', 'Louise', 'Maja', 'Line', 'Signe', 'Astrid'],
      male: ['Jens', 'Peter', 'Lars', 'Søren', 'Mikkel', 'Rasmus', 'Frederik', 'Anders', 'Mads', 'Oliver', 'Christian', 'Niels', 'Magnus', 'Emil'],
    },
    lastNames: ['Nielsen', 'Jensen', 'Hansen', 'Pedersen', 'Andersen', 'Christensen', 'Larsen', 'Sørensen', 'Rasmussen', 'Jørgensen', 'Petersen', 'Madsen', 'Kristensen', 'Olsen', 'Thomsen', 'Møller'],
    emailDomains: ['gmail.com', 'hotmail.dk', 'outlook.dk', 'mail.dk', 'yahoo.dk'],
    phone: { prefix: '+45', lead: ['2', '3', '4', '5', '6', '7', '8', '9'], digits: 8 },
    socialNetworks: ['instagram', 'facebook', 'linkedin'],
    orderValue: { min: 249, max: 1899 },
  },
  {
    country: 'DE', language: 'de', currency: 'EUR', weight: 12,
    cities: ['Berlin', 'Hamburg', 'München', 'Köln', 'Frankfurt am Main', 'Stuttgart', 'Düsseldorf', 'Leipzig', 'Dresden', 'Nürnberg', 'Bremen', 'Hannover'],
    firstNames: {
      female: ['Anna', 'Lena', 'Julia', 'Katharina', 'Sabine', 'Petra', 'Laura', 'Lea', 'Hannah', 'Mia', 'Claudia', 'Jana'],
      male: ['Lukas', 'Jonas', 'Felix', 'Maximilian', 'Thomas', 'Michael', 'Stefan', 'Andreas', 'Tobias', 'Paul', 'Jürgen', 'Florian'],
    },
    lastNames: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Koch', 'Richter', 'Wolf', 'Schäfer'],
    emailDomains: ['gmx.de', 'web.de', 't-online.de', 'gmail.com', 'posteo.de'],
    phone: { prefix: '+49', lead: ['151', '152', '160', '170', '171', '176'], digits: 8 },
    socialNetworks: ['instagram', 'xing', 'linkedin'],
    orderValue: { min: 29, max: 249 },
  },
  {
    country: 'SE', language: 'sv', currency: 'SEK', weight: 8,
    cities: ['Stockholm', 'Göteborg', 'Malmö', 'Uppsala', 'Västerås', 'Örebro', 'Linköping', 'Helsingborg', 'Umeå', 'Lund'],
    firstNames: {
      female: ['Elsa', 'Alice', 'Maja', 'Ebba', 'Wilma', 'Linnea', 'Karin', 'Ingrid', 'Sara', 'Johanna', 'Agnes'],
      male: ['Erik', 'Lars', 'Karl', 'Johan', 'Oskar', 'Lucas', 'William', 'Nils', 'Anders', 'Gustav', 'Axel'],
    },
    lastNames: ['Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsson', 'Persson', 'Svensson', 'Gustafsson', 'Lindberg', 'Lindqvist'],
    emailDomains: ['gmail.com', 'hotmail.se', 'telia.com', 'outlook.com'],
    phone: { prefix: '+46', lead: ['70', '72', '73', '76'], digits: 7 },
    socialNetworks: ['instagram', 'facebook'],
    orderValue: { min: 299, max: 2499 },
  },
  {
    country: 'GB', language: 'en', currency: 'GBP', weight: 10,
    cities: ['London', 'Manchester', 'Birmingham', 'Leeds', 'Glasgow', 'Bristol', 'Edinburgh', 'Liverpool', 'Cardiff', 'Newcastle upon Tyne', 'Brighton'],
    firstNames: {
      female: ['Olivia', 'Amelia', 'Isla', 'Emily', 'Sophie', 'Charlotte', 'Grace', 'Jessica', 'Hannah', 'Chloe', 'Ruby'],
      male: ['Oliver', 'George', 'Harry', 'Jack', 'James', 'Thomas', 'William', 'Daniel', 'Samuel', 'Joseph', 'Alfie'],
    },
    lastNames: ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Patel', 'Robinson', 'Wright', 'Evans', 'Walker', 'Khan'],
    emailDomains: ['gmail.com', 'outlook.com', 'btinternet.com', 'yahoo.co.uk', 'icloud.com'],
    phone: { prefix: '+44', lead: ['74', '75', '77', '78', '79'], digits: 8 },
    socialNetworks: ['twitter', 'instagram', 'linkedin'],
    orderValue: { min: 25, max: 220 },
  },
  {
    country: 'US', language: 'en', currency: 'USD', weight: 8,
    cities: ['New York', 'Chicago', 'Austin', 'Seattle', 'Denver', 'Boston', 'San Francisco', 'Atlanta', 'Portland', 'Minneapolis', 'San Diego'],
    firstNames: {
      female: ['Emma', 'Ava', 'Madison', 'Abigail', 'Emily', 'Elizabeth', 'Sofia', 'Harper', 'Megan', 'Ashley', 'Jennifer'],
      male: ['Liam', 'Noah', 'Ethan', 'Michael', 'Benjamin', 'Jacob', 'Matthew', 'Christopher', 'Tyler', 'Andrew', 'Jayden'],
    },
    lastNames: ['Smith', 'Johnson', 'Williams', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Anderson', 'Thomas', 'Moore', 'Jackson', 'Lee', 'Nguyen'],
    emailDomains: ['gmail.com', 'yahoo.com', 'outlook.com', 'icloud.com', 'aol.com'],
    phone: { prefix: '+1', lead: ['206', '312', '415', '512', '617', '646', '720'], digits: 7 },
    socialNetworks: ['twitter', 'instagram', 'tiktok'],
    orderValue: { min: 30, max: 260 },
  },
  {
    country: 'FR', language: 'fr', currency: 'EUR', weight: 10,
    cities: ['Paris', 'Lyon', 'Marseille', 'Toulouse', 'Nantes', 'Bordeaux', 'Lille', 'Strasbourg', 'Montpellier', 'Rennes', 'Nice'],
    firstNames: {
      female: ['Camille', 'Léa', 'Manon', 'Chloé', 'Inès', 'Juliette', 'Sophie', 'Nathalie', 'Isabelle', 'Élodie', 'Margaux'],
      male: ['Lucas', 'Hugo', 'Louis', 'Gabriel', 'Arthur', 'Jules', 'Nicolas', 'Julien', 'Antoine', 'Mathieu', 'François'],
    },
    lastNames: ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefèvre', 'Garnier'],
    emailDomains: ['orange.fr', 'free.fr', 'gmail.com', 'laposte.net', 'sfr.fr'],
    phone: { prefix: '+33', lead: ['6', '7'], digits: 8 },
    socialNetworks: ['instagram', 'facebook', 'twitter'],
    orderValue: { min: 25, max: 230 },
  },
  {
    country: 'TR', language: 'tr', currency: 'TRY', weight: 10,
    cities: ['İstanbul', 'Ankara', 'İzmir', 'Bursa', 'Antalya', 'Konya', 'Adana', 'Gaziantep', 'Eskişehir', 'Kayseri', 'Trabzon'],
    firstNames: {
      female: ['Ayşe', 'Fatma', 'Zeynep', 'Elif', 'Emine', 'Merve', 'Büşra', 'Selin', 'Derya', 'Özlem', 'Gül'],
      male: ['Mehmet', 'Mustafa', 'Ahmet', 'Ali', 'Hüseyin', 'Emre', 'Burak', 'Can', 'Murat', 'Oğuz', 'Serkan'],
    },
    lastNames: ['Yılmaz', 'Kaya', 'Demir', 'Şahin', 'Çelik', 'Yıldız', 'Yıldırım', 'Öztürk', 'Aydın', 'Özdemir', 'Arslan', 'Doğan', 'Kılıç', 'Aslan'],
    emailDomains: ['gmail.com', 'hotmail.com', 'yandex.com.tr', 'outlook.com'],
    phone: { prefix: '+90', lead: ['530', '532', '535', '542', '505', '555'], digits: 7 },
    socialNetworks: ['instagram', 'twitter'],
    orderValue: { min: 450, max: 6500 },
  },
  {
    country: 'CN', language: 'zh', currency: 'CNY', weight: 10,
    cities: ['上海', '北京', '广州', '深圳', '杭州', '成都', '南京', '武汉', '西安', '苏州', '重庆'],
    firstNames: {
      female: ['芳', '娜', '敏', '静', '丽', '婷', '雪', '慧', '琳', '欣怡'],
      male: ['伟', '强', '磊', '军', '洋', '勇', '杰', '涛', '浩', '子轩'],
    },
    lastNames: ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '胡'],
    romanised: {
      芳: 'fang', 娜: 'na', 敏: 'min', 静: 'jing', 丽: 'li', 婷: 'ting', 雪: 'xue', 慧: 'hui', 琳: 'lin', 欣怡: 'xinyi',
      伟: 'wei', 强: 'qiang', 磊: 'lei', 军: 'jun', 洋: 'yang', 勇: 'yong', 杰: 'jie', 涛: 'tao', 浩: 'hao', 子轩: 'zixuan',
      王: 'wang', 李: 'li', 张: 'zhang', 刘: 'liu', 陈: 'chen', 杨: 'yang', 黄: 'huang', 赵: 'zhao', 吴: 'wu', 周: 'zhou',
      徐: 'xu', 孙: 'sun', 马: 'ma', 胡: 'hu',
    },
    familyFirst: true,
    emailDomains: ['qq.com', '163.com', '126.com', 'sina.com'],
    phone: { prefix: '+86', lead: ['135', '136', '138', '139', '150', '186', '188'], digits: 8 },
    socialNetworks: ['weibo', 'wechat'],
    orderValue: { min: 99, max: 1299 },
  },
  {
    country: 'BR', language: 'pt', currency: 'BRL', weight: 8,
    cities: ['São Paulo', 'Rio de Janeiro', 'Belo Horizonte', 'Curitiba', 'Porto Alegre', 'Salvador', 'Recife', 'Fortaleza', 'Brasília', 'Campinas', 'Florianópolis'],
    firstNames: {
      female: ['Maria', 'Ana', 'Juliana', 'Fernanda', 'Beatriz', 'Larissa', 'Camila', 'Gabriela', 'Letícia', 'Mariana', 'Patrícia'],
      male: ['João', 'Pedro', 'Lucas', 'Gabriel', 'Rafael', 'Felipe', 'Gustavo', 'Rodrigo', 'Thiago', 'Bruno', 'Matheus'],
    },
    lastNames: ['Silva', 'Santos', 'Oliveira', 'Souza', 'Rodrigues', 'Ferreira', 'Alves', 'Pereira', 'Lima', 'Gomes', 'Costa', 'Ribeiro', 'Carvalho', 'Araújo'],
    emailDomains: ['gmail.com', 'uol.com.br', 'hotmail.com', 'bol.com.br', 'terra.com.br'],
    phone: { prefix: '+55', lead: ['119', '219', '319', '419', '519'], digits: 8 },
    socialNetworks: ['instagram', 'facebook', 'twitter'],
    orderValue: { min: 79, max: 890 },
  },
];

/** "Ayşe Öztürk" → "ayse.ozturk": e-mail local parts stay ASCII, as most providers require. */
export function asciiName(text: string): string {
  return text
    .toLowerCase()
    .replace(/ø/g, 'o')
    .replace(/æ/g, 'ae')
    .replace(/å/g, 'aa')
    .replace(/ß/g, 'ss')
    .replace(/ı/g, 'i')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^a-z0-9]+/g, '.')
    .replace(/^\.+|\.+$/g, '');
}

export const PRODUCTS = [
  { sku: 'KB-101', name: 'Merino wool sweater', share: 1.0 },
  { sku: 'KB-118', name: 'Rain jacket', share: 1.4 },
  { sku: 'KB-205', name: 'Linen shirt', share: 0.7 },
  { sku: 'KB-230', name: 'Everyday sneakers', share: 1.1 },
  { sku: 'KB-312', name: 'Leather backpack', share: 1.6 },
  { sku: 'KB-340', name: 'Organic cotton tee', share: 0.35 },
  { sku: 'KB-402', name: 'Down vest', share: 1.3 },
  { sku: 'KB-455', name: 'Wool beanie', share: 0.3 },
  { sku: 'KB-510', name: 'Chino trousers', share: 0.8 },
  { sku: 'KB-620', name: 'Travel duffel', share: 1.5 },
] as const;

export const PLANS = ['free', 'basic', 'plus', 'premium'] as const;
export const SIGNUP_SOURCES = ['organic', 'paid_search', 'social', 'referral', 'store', 'newsletter', 'partner'] as const;
export const SUPPORT_TEAMS = ['Orders & delivery', 'Returns', 'Payments', 'Product advice', 'Account'] as const;
export const SUPPORT_TOPICS = ['late_delivery', 'damaged_item', 'refund_status', 'size_exchange', 'payment_failed', 'login_problem', 'product_question'] as const;
export const CANCEL_REASONS = ['too_expensive', 'not_using_it', 'switched_to_competitor', 'delivery_problems', 'moving_abroad'] as const;
