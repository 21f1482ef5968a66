/**
 * The words mail clients write around quoted history, in the languages our
 * customers' clients use: attribution lines ("On … wrote:"), Outlook header
 * blocks ("From:/Sent:/To:/Subject:" and translations), "Original message"
 * and "Forwarded message" separators, and mobile taglines. Pure data and
 * small predicates; the reply splitter (quotes.ts) decides what to do with
 * them. Every pattern here is matched against ONE line (or two or three
 * joined lines for wrapped attributions), trimmed.
 */

/** Letters that count as a word boundary for Latin words (JS `\b` is ASCII-only). */
const B = "(?:^|[\\s,;>\"'()\\[\\]])";

/** Verbs that end an attribution, just before its colon: "… wrote:", "… a écrit :", "…写道：". */
const TAIL_VERBS = [
  "wrote",
  "writes",
  "wrote the following",
  "sent",
  "schrieb",
  "a [ée]crit",
  "escribi[óo]",
  "ha scritto",
  "scrisse",
  "escreveu",
  "schreef",
  "het volgende geschreven",
  "пишет",
  "написал(?:а|\\(а\\))?",
  "napisa[łl](?:a|\\(a\\))?",
  "pisze",
  "skrev(?: følgende)?",
  "kirjoitti",
  "naps(?:al|ala)(?:\\(a\\))?",
  "đã viết",
  "viết",
  "yazd[ıi]",
  "írta",
  "έγραψε",
  "작성",
].join("|");
/** CJK endings need no word boundary. */
const CJK_TAIL = "(?:のメッセージ|は書きました|が書きました|写道|寫道|撰写|來信|来信)";
/** Verbs followed by the author and then the colon: "Am … schrieb Anna <a@b>:", "Op … schreef Anna:", "Den … skrev Anna:". */
const HEAD_VERBS = "(?:schrieb|schreef|skrev|escribi[óo]|a [ée]crit|kirjoitti)";

const TAIL_RE = new RegExp(`${B}(?:${TAIL_VERBS})\\s*[:：]\\s*$`, "iu");
const CJK_TAIL_RE = new RegExp(`${CJK_TAIL}\\s*[:：]?\\s*$`, "u");
const HEAD_RE = new RegExp(`${B}${HEAD_VERBS}\\s.{1,200}[:：]\\s*$`, "iu");
/** "On … wrote" without the colon (some Outlook and mobile clients). */
const ON_WROTE_RE = /^on\s.{5,300}\swrote\s*$/i;
/** "---- Anna wrote ----", "---- On Mon, … wrote ----" (Zoho, some Android clients). */
const DASHED_RE = new RegExp(`^-{2,}\\s*.{1,250}(?:${TAIL_VERBS}|${CJK_TAIL})\\s*[:：]?\\s*-{2,}$`, "iu");
/** An address at the very end, then the colon: date-first attributions ("2026-11-30 10:00 GMT+01:00 Anna <a@b>:"), Mail.ru ("… от Anna <a@b>:"). */
const ADDRESS_END_RE = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+\s*[>)\]]?\)?\s*[:：]\s*$/u;
/** A year or a clock time. */
const DATE_OR_TIME_RE = /\b(?:19|20)\d{2}\b|\d{4}年|\b\d{1,2}[:.]\d{2}\b/;

/** Words that open an attribution; used to find one that follows the reply on the same line ("Thanks!On Mon, … wrote:"). */
export const ATTRIBUTION_START_RE = /(?:^|[\s.!?,;)\]"'])(On|Am|Le|El|Il giorno|Il|Em|Op|Den|Dne|Dnia|W dniu|Vào|在|Le \d)\s/gu;

/**
 * True when one line (or joined wrapped lines) is an attribution that
 * introduces quoted history. It must name a time or an address (a digit or
 * an "@"), so a customer's own "My husband wrote:" is not taken for one,
 * unless quoted lines follow it (`quoteFollows`).
 */
export function isAttribution(line: string, options: { quoteFollows?: boolean } = {}): boolean {
  const s = line.trim().replace(/^\*+|\*+$/g, "");
  if (s.length < 6 || s.length > 450) return false;
  if (DASHED_RE.test(s)) return true;
  // Directly above ">" lines, "Northwind Support wrote:" needs no date or address to be an attribution.
  if (!/\d|@/.test(s) && !(options.quoteFollows && s.length <= 200)) return false;
  if (TAIL_RE.test(s) || CJK_TAIL_RE.test(s) || HEAD_RE.test(s) || ON_WROTE_RE.test(s) || DASHED_RE.test(s)) return true;
  return ADDRESS_END_RE.test(s) && DATE_OR_TIME_RE.test(s);
}

/** Keys of the header blocks clients put above a quoted or forwarded original, by role, in many languages. */
const HEADER_KEYS = {
  from: [
    "from",
    "von",
    "de",
    "da",
    "van",
    "od",
    "от",
    "fra",
    "från",
    "lähettäjä",
    "từ",
    "差出人",
    "发件人",
    "發件人",
    "寄件者",
    "寄件人",
    "kimden",
    "feladó",
    "remetente",
    "afzender",
    "avsändare",
    "από",
    "odesílatel",
  ],
  /** "Sent:" and its translations: only mail clients write these. */
  sent: [
    "sent",
    "sent at",
    "gesendet",
    "envoy[ée]",
    "envoy[ée] le",
    "date d'envoi",
    "enviado",
    "enviado el",
    "enviada",
    "enviada em",
    "inviato",
    "verzonden",
    "verstuurd",
    "wysłano",
    "wysłane",
    "отправлено",
    "sendt",
    "skickat",
    "lähetetty",
    "odesláno",
    "gửi",
    "đã gửi",
    "ngày gửi",
    "送信日時",
    "发送时间",
    "發送時間",
    "傳送時間",
    "gönderildi",
    "elküldve",
  ],
  /** "Date:" and its translations: a customer may write these too ("Date: 4 December"). */
  date: ["date", "datum", "fecha", "data", "дата", "dato", "päivämäärä", "日付", "日期", "時間", "tarih", "dátum"],
  to: [
    "to",
    "an",
    "à",
    "a",
    "para",
    "aan",
    "do",
    "кому",
    "til",
    "till",
    "vastaanottaja",
    "komu",
    "đến",
    "宛先",
    "收件人",
    "收件者",
    "kime",
    "címzett",
    "προς",
    "komu",
  ],
  cc: ["cc", "kopie", "copie", "cco", "kopia", "копия", "kopi", "kopia till", "kopio", "bản sao", "抄送", "副本", "bilgi"],
  subject: [
    "subject",
    "betreff",
    "objet",
    "asunto",
    "oggetto",
    "assunto",
    "onderwerp",
    "temat",
    "тема",
    "emne",
    "ämne",
    "aihe",
    "předmět",
    "chủ đề",
    "件名",
    "主题",
    "主旨",
    "konu",
    "tárgy",
    "θέμα",
  ],
} as const;
export type HeaderRole = keyof typeof HEADER_KEYS;

const HEADER_LINE_RE = new RegExp(
  `^\\s*\\*?\\s*(${Object.values(HEADER_KEYS)
    .flat()
    .sort((a, b) => b.length - a.length)
    .join("|")})\\s*\\*?\\s*[:：]\\s*\\*?\\s*(.*)$`,
  "iu",
);
const ROLE_RES = Object.entries(HEADER_KEYS).map(([role, keys]) => [role as HeaderRole, new RegExp(`^(?:${keys.join("|")})$`, "iu")] as const);

/** The role of a header-looking line ("Von: Anna" → from), with its value; null for any other line. */
export function headerLine(line: string): { role: HeaderRole; value: string } | null {
  const m = HEADER_LINE_RE.exec(line);
  if (!m) return null;
  const key = m[1]!.trim();
  const role = ROLE_RES.find(([, re]) => re.test(key))?.[0];
  return role ? { role, value: m[2]!.trim() } : null;
}

/** An Outlook header block squeezed onto one line by an HTML conversion: "From: X Sent: Y To: Z Subject: W". */
const INLINE_HEADER_RE = new RegExp(
  `^\\*?(?:${HEADER_KEYS.from.join("|")})\\s*\\*?[:：].{1,300}\\s\\*?(?:${[...HEADER_KEYS.sent, ...HEADER_KEYS.date].join("|")})\\s*\\*?[:：].{1,200}\\s\\*?(?:${HEADER_KEYS.subject.join("|")})\\s*\\*?[:：]`,
  "iu",
);
export function isInlineHeaderBlock(line: string): boolean {
  return INLINE_HEADER_RE.test(line.trim());
}

/** "Original message" separators ("-----Original Message-----", "-----Ursprüngliche Nachricht-----", "原始邮件", …). */
const ORIGINAL_PHRASES = [
  "original message",
  "original e-?mail",
  "ursprüngliche nachricht",
  "originalnachricht",
  "message d'origine",
  "message original",
  "mensaje original",
  "messaggio originale",
  "mensagem original",
  "oorspronkelijk bericht",
  "origineel bericht",
  "wiadomość oryginalna",
  "oryginalna wiadomość",
  "исходное сообщение",
  "оригинальное сообщение",
  "oprindelig meddelelse",
  "oprindelig besked",
  "ursprungligt meddelande",
  "originalmeddelande",
  "opprinnelig melding",
  "alkuperäinen viesti",
  "původní zpráva",
  "původní e-mail",
  "thư gốc",
  "tin nhắn gốc",
  "元のメッセージ",
  "原始邮件",
  "原始郵件",
  "原邮件",
  "orijinal ileti",
  "eredeti üzenet",
  "reply message",
];
/** "Forwarded message" separators and intros, kept as content (the customer sent it on purpose). */
const FORWARD_PHRASES = [
  "forwarded message",
  "forwarded e-?mail",
  "weitergeleitete nachricht",
  "message transf[ée]r[ée]",
  "message réexpédié",
  "mensaje reenviado",
  "messaggio inoltrato",
  "mensagem encaminhada",
  "mensagem reencaminhada",
  "doorgestuurd bericht",
  "пересылаемое сообщение",
  "пересланное сообщение",
  "przekazana wiadomość",
  "wiadomość przekazana",
  "videresendt meddelelse",
  "videresendt besked",
  "videresendt melding",
  "vidarebefordrat meddelande",
  "vidarebefordrat brev",
  "edelleenlähetetty viesti",
  "välitetty viesti",
  "přeposlaná zpráva",
  "tin nhắn được chuyển tiếp",
  "thư được chuyển tiếp",
  "転送されたメッセージ",
  "转发的邮件",
  "轉寄的郵件",
  "转发邮件",
  "iletilen ileti",
  "továbbított üzenet",
];
const DASHED = (phrases: string[]) => new RegExp(`^[-_=*~─\\s]{2,}\\s*(?:${phrases.join("|")})\\s*[-_=*~─\\s]*[:：]?\\s*$`, "iu");
const ORIGINAL_RE = DASHED(ORIGINAL_PHRASES);
const FORWARD_RE = DASHED(FORWARD_PHRASES);
/** Apple Mail and others: "Begin forwarded message:" and its translations. */
const FORWARD_INTRO_RE = new RegExp(
  `^(?:${[
    "begin forwarded message",
    "anfang der weitergeleiteten nachricht",
    "début du message (?:réexpédié|transféré|reexpédié)",
    "(?:inicio|comienzo) del mensaje reenviado",
    "inizio (?:del )?messaggio inoltrato",
    "início da mensagem (?:re)?encaminhada",
    "begin doorgestuurd bericht",
    "начало переадресованного сообщения",
    "начало пересылаемого сообщения",
    "początek przekazywanej wiadomości",
    "początek przekazanej wiadomości",
    "start på videresendt (?:besked|meddelelse|melding)",
    "början på vidarebefordrat (?:brev|meddelande)",
    "välitetty viesti alkaa",
    "začátek přeposlané zprávy",
    "bắt đầu tin nhắn được chuyển tiếp",
    "転送されたメッセージ",
    "以下是转发的邮件",
    "转发的邮件开始",
    ...FORWARD_PHRASES,
  ].join("|")})\\s*[:：]?\\s*$`,
  "iu",
);

export function isOriginalSeparator(line: string): boolean {
  return ORIGINAL_RE.test(line.trim());
}
export function isForwardSeparator(line: string): boolean {
  const s = line.trim();
  return FORWARD_RE.test(s) || FORWARD_INTRO_RE.test(s);
}

/** A horizontal rule line ("________________________________", "-----"), which Outlook puts above its header block. */
export function isRule(line: string): boolean {
  return /^\s*[-_=─━]{8,}\s*$/.test(line);
}

/** Subject prefixes of a forward (English, German WG, French TR, Spanish RV/RE-ENV, Italian I, Portuguese ENC, Swedish VB, Finnish VL, Dutch Doorst, Polish PD, Czech Přep, Turkish İLT, CJK). */
const FORWARD_SUBJECT_RE =
  /^\s*(?:\[[^\]]{0,40}\]\s*)?(?:fwd?|fw|wg|tr|trs|rv|re-?env|i|enc|vb|fs|vl|doorst|pd|pf|přep|ilt|i̇lt|転送|转发|轉寄|转)\s*(?:\[\d+\])?\s*[:：]/iu;
/** "VS:" is a forward in Danish and Norwegian Outlook but a reply in Finnish: a forward only when the mail answers nothing. */
const AMBIGUOUS_FORWARD_RE = /^\s*vs\s*[:：]/i;
/**
 * True when the subject says the mail is a forward (the first prefix, so
 * "Re: Fwd: …" is a reply). `isReply`: the mail has an In-Reply-To.
 */
export function isForwardSubject(subject: string, isReply = false): boolean {
  return FORWARD_SUBJECT_RE.test(subject) || (!isReply && AMBIGUOUS_FORWARD_RE.test(subject));
}

/** "Sent from my iPhone" and its kin: a client's tagline, not something the customer wrote. */
const DEVICE =
  "(?:iphone|ipad|android|samsung|galaxy|mobile|mobil|outlook|mail|yahoo|gmail|huawei|xiaomi|pixel|blackberry|smartphone|handy|telefon|téléphone|m[óo]vil|cellulare|telefoon|телефона?|puhelin|ios|windows|proton\\s?mail|tuta|aol|fairemail|spark|bluemail|gmx|web\\.de|t-online)";
const TAGLINE_RES = [
  new RegExp(
    "^(?:sent|envoy[ée]|enviado|inviato|verzonden|verstuurd|wysłane|wysłano|отправлено|skickat|sendt|odesláno|gửi|gesendet)\\s+" +
      "(?:from|with|via|using|on|von|mit|de|depuis|desde|da|dal|dalla|do|vanaf|met|z|ze|с|со|från|fra|từ|med)\\s.{0,40}?" +
      `${DEVICE}(?:$|[\\s.,!'’)]).{0,30}$`,
    "iu",
  ),
  /^lähetetty\s\S*(?:iphone|android|puhelime)\S*.{0,30}$/iu,
  /^von meinem .{1,40} gesendet\.?$/iu,
  /^get (?:outlook|the outlook app) for (?:ios|android)\b.{0,20}$/iu,
  /^(?:scarica|baixe|télécharger|descargar|download) outlook (?:per|para|pour|for) (?:ios|android)\b.{0,20}$/iu,
  /^.{0,20}(?:iphoneから送信|android から送信|から送信)$/u,
  /^(?:发自我的|從我的|来自我的).{1,30}$/u,
];
export function isTagline(line: string): boolean {
  const s = line.trim();
  return s.length > 0 && s.length <= 90 && TAGLINE_RES.some((r) => r.test(s));
}

/** A line of quoted text ("> …", ">> …", with up to three leading spaces). */
export function isQuoteLine(line: string): boolean {
  return /^ {0,3}>/.test(line);
}

/** The text of a quoted line without its quote marks. */
export function unquote(line: string): string {
  return line.replace(/^(?: {0,3}> ?)+/, "");
}
