/*
 * Kunde's own core review vocabulary, written by the team from general knowledge of each language (not
 * mined from any data set), licensed with the project. It covers what customers say about orders,
 * delivery, staff and products, which translated general-purpose lexicons (AFINN) miss or mistranslate.
 * Entries override the packaged lexicons. Format: words separated by spaces, `_` joins a phrase.
 * Groups: p3/p2/p1 positive strong..weak, n3/n2/n1 negative.
 */
export interface CoreEntries {
  p3?: string;
  p2?: string;
  p1?: string;
  /** words the translated lexicons rate wrongly ("prix" as a prize): neutral here */
  p0?: string;
  /** fixed positive phrases checked before negation ("sans problème") */
  p2x?: string;
  n1?: string;
  n2?: string;
  n3?: string;
}

export const CORE_LEXICON: Record<string, CoreEntries> = {
  en: {
    p3: 'excellent amazing awesome fantastic perfect outstanding superb wonderful brilliant love loved loves best exceptional flawless',
    p2: 'good great nice happy pleased satisfied friendly helpful fast quick quickly easy recommend recommended reliable polite kind delicious tasty smooth efficient professional thanks thank_you well_done on_time',
    p1: 'ok okay fine decent fair reasonable works',
    n1: 'slow late expensive wait waiting waited missing difficult confusing meh',
    n2: 'bad poor disappointed disappointing rude broken damaged unhappy problem problems issue issues error bug bugs crash crashes crashed crashing wrong annoying useless refund cancelled never_arrived overpriced unhelpful not_working complaint',
    n3: 'terrible awful horrible worst hate hated disgusting pathetic scam fraud unacceptable rubbish garbage dreadful appalling nightmare',
  },
  da: {
    p3: 'fantastisk fremragende perfekt genial super elsker elskede bedste suveræn suverænt fantastiske',
    p2: 'god godt gode glad glade tilfreds tilfredse venlig venligt venlige hjælpsom hjælpsomme hurtig hurtigt hurtige nem nemt let lækker lækkert dejlig dejligt flot flotte anbefale anbefaler anbefales tak imødekommende professionel effektiv',
    p1: 'ok fint fin rimelig rimeligt fair',
    n1: 'langsom langsomt sent dyr dyrt dyre ventetid vente ventede mangler besværligt',
    n2: 'dårlig dårligt dårlige skuffet skuffende uhøflig uhøflige ødelagt ødelagte forkert problem problemer fejl utilfreds irriterende ubrugelig uvenlig rodet kaos',
    n3: 'elendig elendigt elendige forfærdelig forfærdeligt frygtelig katastrofe katastrofal værste hader uacceptabelt pinligt svindel',
  },
  nb: {
    p3: 'fantastisk utmerket perfekt super elsker beste strålende',
    p2: 'god godt gode fornøyd fornøyde vennlig vennlige hjelpsom rask raskt enkel enkelt anbefaler anbefales takk flott flotte deilig',
    p1: 'ok greit grei fin fint',
    n1: 'treg tregt sent dyr dyrt venting ventetid mangler',
    n2: 'dårlig dårlige skuffet skuffende uhøflig ødelagt feil problem problemer misfornøyd',
    n3: 'elendig forferdelig grusom verste hater katastrofe uakseptabelt',
  },
  sv: {
    p3: 'fantastisk utmärkt perfekt suverän älskar bästa underbar toppen',
    p2: 'bra nöjd nöjda trevlig trevliga vänlig vänliga hjälpsam snabb snabbt enkel enkelt rekommenderar tack smidigt god gott',
    p1: 'ok okej helt_okej',
    n1: 'långsam långsamt sent dyr dyrt väntetid väntade saknas',
    n2: 'dålig dåligt dåliga besviken besvikna otrevlig trasig fel problem missnöjd krånglig',
    n3: 'usel uselt fruktansvärd hemsk hemskt värsta hatar katastrof oacceptabelt',
  },
  de: {
    p3: 'ausgezeichnet hervorragend perfekt fantastisch großartig super toll klasse spitze liebe beste wunderbar',
    p2: 'gut gute guter gutes freundlich freundliche freundlicher zufrieden schnell schnelle hilfsbereit empfehlen empfehlenswert danke lecker einfach kompetent kompetente zuverlässig',
    p1: 'ok okay ordentlich',
    n1: 'langsam spät teuer warten wartezeit fehlt',
    n2: 'schlecht schlechte schlechter enttäuscht enttäuschend unfreundlich kaputt beschädigt falsch problem probleme fehler ärgerlich unzufrieden defekt',
    n3: 'schrecklich furchtbar katastrophal miserabel grottig unverschämt schlimmste betrug inakzeptabel',
  },
  fr: {
    p3: 'excellent excellente parfait parfaite génial géniale formidable super superbe magnifique adore top merveilleux exceptionnel',
    p2: 'bien bon bonne bons bonnes aimable aimables agréable agréables sympathique sympa accueillant accueillante souriant souriante souriants satisfait satisfaite content contente rapide rapidement efficace merci compétent compétents serviable serviables professionnel conseils bons_conseils de_qualité beau belle choix bravo ravi ravie qualité disponible disponibles disponibilité amabilité à_l\'écoute',
    p1: 'correct correcte propre facile pratique',
    p2x: 'ras rien_à_signaler rien_à_dire rien_à_redire sans_problème pas_de_problème pas_de_pb aucun_problème aucun_souci sans_souci aucune_remarque pas_de_remarque pas_de_remarques rien_de_particulier',
    n1: 'cher chers chère chères attente attendre lent lente manque manquent rupture trop_cher long longue queue peu élevé élevés élevée élevées onéreux moins_de améliorer devrait devraient ce_serait_bien serait_bien dommage_que pourriez dommage attention cependant',
    p0: 'prix plus important',
    n2: 'mauvais mauvaise déçu déçue décevant décevante désagréable impoli problème erreur cassé abîmé sale trop_d\'attente pas_assez personne_pour manque_de incompétent incompétents dommage difficile',
    n3: 'nul nulle horrible catastrophique inadmissible scandaleux lamentable honteux inacceptable pire déplorable',
  },
  es: {
    p3: 'excelente perfecto perfecta fantástico fantástica genial maravilloso increíble encanta encantó mejor',
    p2: 'bueno buena buenos buenas amable amables rápido rápida rápidamente contento contenta satisfecho satisfecha recomiendo gracias fácil eficiente atención_excelente',
    p1: 'bien correcto aceptable',
    n1: 'lento lenta tarde caro cara espera esperar falta',
    n2: 'malo mala mal decepcionado decepcionante roto rota problema problemas error grosero defectuoso incorrecto',
    n3: 'pésimo pésima horrible terrible fatal desastre peor estafa inaceptable',
  },
  pt: {
    p3: 'ótimo ótima otimo otima excelente exelente execelente excelênte perfeito perfeita maravilhoso maravilhosa adorei amei parabéns parabens incrível fantástico nota_10 nota_dez show',
    p2: 'bom boa bons boas rápido rápida rapido rapida rapidez recomendo recomendo_a_todos satisfeito satisfeita gostei lindo linda obrigado obrigada antes_do_prazo no_prazo dentro_do_prazo chegou_antes bem_embalado correto certinho confiável confiavel eficiente super top legal antes_do_previsto tempo_recorde recorde satisfatório satisfatorio direitinho atendeu atendeu_as_expectativas superou',
    p1: 'ok tranquilo conforme dentro_do_previsto como_previsto conforme_previsto condiz conforme_descrito',
    n1: 'demorou demora atraso atrasado atrasada caro falta faltou faltando apenas somente frágil fragil fraco fraca demorado',
    n2: 'ruim péssimo_atendimento decepcionado decepcionada defeito defeituoso quebrado quebrada errado errada problema problemas insatisfeito insatisfeita não_recebi nao_recebi não_chegou nao_chegou não_veio nao_veio ainda_não ainda_nao não_gostei nao_gostei não_recomendo nao_recomendo cancelado cancelei devolver devolução reembolso nunca ninguém aguardando diferente veio_errado dinheiro_de_volta réplica replica veio_sem chateado chateada',
    n3: 'péssimo péssima pessimo pessima horrível horrivel lixo terrível terrivel vergonha absurdo enganosa fraude golpe pior',
  },
  nl: {
    p3: 'uitstekend perfect fantastisch geweldig super top prachtig beste',
    p2: 'goed goede tevreden vriendelijk vriendelijke snel snelle behulpzaam aanrader aanbevelen bedankt lekker makkelijk',
    p1: 'ok oké prima redelijk',
    n1: 'traag laat duur wachten wachttijd ontbreekt',
    n2: 'slecht slechte teleurgesteld teleurstellend onvriendelijk kapot beschadigd fout probleem problemen ontevreden',
    n3: 'verschrikkelijk vreselijk waardeloos belachelijk slechtste oplichting onacceptabel',
  },
  tr: {
    p3: 'harika mükemmel muhteşem süper bayıldım efsane şahane kusursuz mükemmeldi harikaydı',
    p2: 'güzel iyi memnun memnunum teşekkür teşekkürler tavsiye_ederim tavsiye fiyat_performans hızlı kaliteli kusursuz beğendim başarılı sorunsuz rahat sağlam uygun şık kullanışlı öneririm ederim aldım_memnunum teşekkürler_ederim mükemmel_ötesi çok_beğendim tavsiye_ediyorum öneririm kaliteli_ürün hızlı_kargo özenli güvenilir ilgili ilgiliydi kibar nazik harika_ürün memnun_kaldım çok_memnunum ideal beğenerek severek severek_kullanıyorum fiyatına_göre gayet_iyi beğeniyle güzeldi iyiydi hızlıydı başarılıydı sorunsuzdu çok_iyi tam_istediğim gibi_geldi zamanında',
    p1: 'idare_eder fena_değil fena_degil normal makul yolunda karşılıyor beklentimi_karşıladı anlatıldığı_gibi anlatildigi_gibi aradığım',
    p0: 'ürün para bir var tam olarak',
    n1: 'pahalı geç yavaş eksik bekledim',
    n2: 'kötü kötüydü saçma yanlış yazık arıza sorun sorunlu arızalı bozuk bozuldu beğenmedim memnun_değilim pişman iade hatalı kırık yetersiz maalesef vasat gelmedi çalışmıyor şikayet sıkıntı kötüydü beğenmedim_hiç hayal_kırıklığı kandırıldım gecikti gecikme geç_geldi eksik_geldi hasarlı yırtık lekeli sahte kalitesiz ucuz_malzeme dikişleri söküldü küçük_geldi büyük_geldi uymadı tutmadı çalışmadı bozuk_geldi kırık_geldi iade_ettim para_iadesi cevap_vermiyor ilgilenmiyor ilgisiz muhatap_bulamadım oyalıyor mağdur rezaletti berbattı saygısız kaba zayıf yırtıldı önermem önermiyorum',
    n3: 'berbat rezalet rezil felaket çöp korkunç iğrenç dolandırıcı asla_almayın almayın dolandırıcılar paramı_geri asla_tavsiye_etmem tavsiye_etmiyorum sakın_almayın',
  },
  zh: {
    p3: '非常好 很棒 超棒 好极了 完美 太棒了 超级好 特别好 强烈推荐 五星 好评 满分 赞',
    p2: '没话说 神速 快 太快 好快 超级快 热乎 热乎乎 还是热的 没得说 没的说 很快 超快 挺快 真快 快速 送得快 送餐快 速度快 好香 很香 香喷喷 好 很好 超好 挺好 好评 帅 敬业 到位 好大 大份 好好吃 喜欢吃 必点 每次都点 回购 优点 方便 齐全 热情 亲切 干净 准时 早到 便宜 物有所值 性价比高 好吃 好喝 不错 满意 喜欢 推荐 及时 准时 热情 周到 干净 舒服 舒适 方便 新鲜 实惠 划算 值得 棒 美味 可口 贴心 辛苦 谢谢 感谢 下次还 还会 会再 再来 给力 惊喜 温馨 安静 宽敞 漂亮 够吃 量大 分量足 味道好 服务好 态度好 交通便利 服务周到 早餐丰富 环境好 环境不错 设施齐全 房间大 整洁 干净整洁 物超所值 值得推荐 还会入住 再次入住 愉快 友好 豪华 明亮 超值 细心 耐心 礼貌 专业 高效 送餐快 味道不错 入味 正宗 地道 量足 量多 份量足 点赞 很赞 挺不错 很不错 相当不错 还不错 不错的 好评如潮 服务热情 态度很好 服务很好 很满意 非常满意 很喜欢 好吃的 很好吃 超好吃 特别好吃 香 鲜 嫩 脆 酥 赞赞 好好 一如既往 没毛病',
    p1: '还行 还可以 可以 挺好 一般般 ok 行',
    n1: '有待提高 有待改进 有待加强 有待改善 需要改进 希望改进 需改进 慢 贵 少 凉 冷 淡 咸 久 小 偏少 太少 油腻 腻 凉了 冷了 一般 失望 好久 等了 偏小 太小 旧 吵 偏贵 麻烦 不足 缺点 硬 难受 不方便 不太好 改进',
    p0: '快餐 尽快 赶快 赶紧 快些 加快 快速度 快递 快要 快一 快两 快三 快到 快点 香菇 香肠 香锅 香菜 不用 不管 不过 没想到 小哥 小时 小时候 小伙 小姐 小吃 小菜 少量 不少 冷饮 冷面 凉皮 凉菜 凉面 好多 迷恋 忘记 久等 服务员',
    n2: '好慢 慢死了 太辣 太甜 太硬 太干 太腻 太淡 太油 太凉 没味道 没有味道 不值得 差 难吃 不好吃 不新鲜 不满意 不好 太慢 很慢 超时 送错 漏送 洒了 撒了 退款 投诉 脏 恶心 态度差 服务差 难喝 坑 难受 垃圾 糟糕 不值 生气 没法吃 不热 晚了 迟到 太少 太贵 太咸 太油 不行 再也不 差评 一星 不推荐 后悔 隔音差 异味 潮湿 不干净 卫生差 隔音不好 隔音效果差 陈旧 老化 破旧 简陋 嘈杂 噪音 很吵 太吵 霉味 烟味 蚊子 蟑螂 虫子 头发 不热情 冷淡 态度不好 不划算 坑人 上当 很失望 太失望 不会再来 不会再住 再也不来 千万别 别去 没味 太淡 腥 馊 变质 少送 送晚 送得慢 慢死 没送到 晚到 骗 半天 一个多小时 两个小时 三个小时 两个多小时 凉的 冷的 不热了 都凉了 全洒了 没有送 没收到 取消 不给 拒绝 敷衍 不理 不负责 退钱 糊了 生的 夹生 不熟 太少了 好少 量少 分量少 太小了 贵了 好贵 不如以前 大不如前 越来越差 越来越难吃 下降',
    n3: '太差 极差 很差 非常差 特别差 太难吃 最差 恶劣 骗子 无语 垃圾 差劲 恶心死 太恶心 坑爹 黑店 再也不会 非常失望 极其 差到极点 气死 吃坏 拉肚子 吃吐',
  },
  ja: {
    p3: '最高 素晴らしい 完璧 大好き',
    p2: '良い 良かった 美味しい おいしい 満足 速い 早い 丁寧 親切 便利 おすすめ ありがとう',
    n2: '悪い 遅い 不満 残念 まずい 不親切 壊れ 問題',
    n3: '最悪 ひどい 酷い',
  },
};

/** Words that flip the sentiment of what follows (within a few words, up to punctuation). */
export const NEGATORS: Record<string, string> = {
  en: "not no never n't dont don't didnt didn't doesnt doesn't isnt isn't wasnt wasn't cant can't cannot won't wont hardly without nothing nobody neither nor",
  da: 'ikke aldrig ingen intet ej hverken uden',
  nb: 'ikke aldri ingen intet ei uten',
  sv: 'inte ej aldrig ingen inget utan',
  de: 'nicht kein keine keinen keiner nie niemals ohne nichts',
  fr: "pas jamais aucun aucune rien sans ni guère n' peu",
  es: 'no nunca ni sin ningún ninguna nada jamás tampoco',
  pt: 'não nao n nunca nem sem nenhum nenhuma nada jamais',
  nl: 'niet geen nooit zonder niets',
  tr: '',
  zh: '不 没 没有 无 别 未 不是 不太 不够 不算 毫无 并不 从不 不会',
  ja: '',
};

/** Turkish negates after the word: "iyi değil", "tavsiye etmem". */
export const POST_NEGATORS: Record<string, string> = {
  tr: 'değil değildi değilim değiliz değilsiniz değiller değildir yok yoktu yoktur etmem etmiyorum etmeyin etmedim etmez olmadı olmamış olmuyor olmaz degil degildi degilim degiliz degildir olmadi olmamis',
};

/** Words that strengthen (or, below 1, soften) the next sentiment word. */
export const INTENSIFIERS: Record<string, Record<string, number>> = {
  en: { very: 1.5, really: 1.5, so: 1.3, extremely: 1.8, super: 1.5, too: 1.3, totally: 1.5, absolutely: 1.6, quite: 1.2, incredibly: 1.7, most: 1.4, bit: 0.6, slightly: 0.6, somewhat: 0.7 },
  da: { meget: 1.5, rigtig: 1.5, virkelig: 1.5, super: 1.5, utrolig: 1.7, yderst: 1.7, ret: 1.2, for: 1.3, lidt: 0.6, særdeles: 1.7 },
  nb: { veldig: 1.5, svært: 1.5, utrolig: 1.7, super: 1.5, litt: 0.6, altfor: 1.4 },
  sv: { mycket: 1.5, väldigt: 1.5, riktigt: 1.5, jätte: 1.5, otroligt: 1.7, lite: 0.6, för: 1.3 },
  de: { sehr: 1.5, wirklich: 1.5, total: 1.5, extrem: 1.8, super: 1.5, zu: 1.3, echt: 1.4, äußerst: 1.7, etwas: 0.6 },
  fr: { très: 1.5, tres: 1.5, vraiment: 1.5, trop: 1.3, super: 1.5, extrêmement: 1.8, assez: 1.1, un_peu: 0.6, tellement: 1.5, toujours: 1.2 },
  es: { muy: 1.5, realmente: 1.5, súper: 1.5, super: 1.5, demasiado: 1.3, bastante: 1.2, poco: 0.6, totalmente: 1.5 },
  pt: { muito: 1.5, muita: 1.5, super: 1.5, bem: 1.3, bastante: 1.3, demais: 1.4, totalmente: 1.5, extremamente: 1.8, pouco: 0.6 },
  nl: { heel: 1.5, erg: 1.5, zeer: 1.5, echt: 1.4, super: 1.5, te: 1.3, beetje: 0.6 },
  tr: { çok: 1.5, cok: 1.5, şiddetle: 1.5, gayet: 1.4, son_derece: 1.8, oldukça: 1.3, aşırı: 1.6, gerçekten: 1.5, kesinlikle: 1.5, hiç: 1.4, biraz: 0.6, en: 1.4 },
  zh: { 很: 1.4, 非常: 1.6, 太: 1.5, 特别: 1.5, 超: 1.5, 超级: 1.6, 十分: 1.6, 极: 1.7, 真: 1.3, 好: 1.3, 挺: 1.2, 蛮: 1.2, 比较: 1.1, 有点: 0.7, 稍微: 0.6, 还: 0.9 },
  ja: { とても: 1.5, 非常に: 1.6, すごく: 1.5, 少し: 0.6 },
};

/**
 * "Only …": a reservation after praise ("好吃，就是有点咸" — tasty, only a bit salty). What follows counts at
 * half weight: the writer marks it as the one small flaw, not a verdict.
 */
export const RESERVATIONS: Record<string, string> = {
  zh: '就是 只是 唯一 美中不足 唯一的缺点 唯一不足 就是有点 只不过',
};

/** "but": what comes after it outweighs what came before (1.5 : 0.5). */
export const CONTRASTS: Record<string, string> = {
  en: 'but however although though',
  da: 'men dog selvom',
  nb: 'men likevel selv_om',
  sv: 'men dock fast',
  de: 'aber jedoch obwohl trotzdem',
  fr: 'mais cependant pourtant toutefois',
  es: 'pero aunque sin_embargo',
  pt: 'mas porém porem contudo entretanto',
  nl: 'maar echter hoewel',
  tr: 'ama fakat ancak lakin yalnız',
  zh: '但是 但 不过 可是 然而',
  ja: 'でも しかし',
};
