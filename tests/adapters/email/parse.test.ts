import { describe, expect, it } from "vitest";
import { skipReason } from "../../../src/adapters/email/filters.js";
import { htmlToText } from "../../../src/adapters/email/html-text.js";
import { parseEmail } from "../../../src/adapters/email/parse.js";
import { splitReply, stripQuoted } from "../../../src/adapters/email/quotes.js";
import { isNoReplyAddress, robotVerdict } from "../../../src/adapters/email/robots.js";
import {
  cleanSubject,
  findToken,
  isOurMessageId,
  parseIdList,
  replyReferences,
  replySubject,
  subjectKey,
  threadReferences,
} from "../../../src/adapters/email/threading.js";
import { rawMail } from "./helpers.js";

const crlf = (s: string) => Buffer.from(s.replace(/\r?\n/g, "\r\n"), "latin1");

describe("quoted history and signatures are stripped from the stored text", () => {
  it("Gmail/Apple style 'On … wrote:' (also split over two lines) and '>' lines", () => {
    expect(stripQuoted("Thanks, that worked!\n\nOn Mon, 3 Nov 2025 at 10:00, Support <support@shop.example> wrote:\n> Please restart it.\n> Bye")).toBe(
      "Thanks, that worked!",
    );
    expect(stripQuoted("Still broken.\n\nOn Mon, 3 Nov 2025 at 10:00, Northwind Support <support@shop.example>\nwrote:\n> old")).toBe("Still broken.");
    // Inline answers keep the question they answer as context.
    expect(stripQuoted("> you said\nMy answer inline\n> more\nAnd more")).toBe("> you said\nMy answer inline\n\n> more\nAnd more");
  });

  it("Outlook's 'From: … Sent: …' block and '-----Original Message-----'", () => {
    const outlook =
      "Here is the photo.\n\nRegards\nAnn\n\n________________________________\nFrom: Northwind Support <support@shop.example>\nSent: Monday, November 3, 2025 10:00 AM\nTo: Ann <ann@customer.example>\nSubject: RE: Order 1234\n\nPlease send a photo.";
    expect(stripQuoted(outlook)).toBe("Here is the photo.\n\nRegards\nAnn");
    const bare = "Done.\nFrom: Northwind Support <support@shop.example>\nSent: Monday\nSubject: x\n\nold text";
    expect(stripQuoted(bare)).toBe("Done.");
    expect(stripQuoted("New text\n-----Original Message-----\nFrom: x\nold")).toBe("New text");
  });

  it("German 'Am … schrieb …:', Outlook German headers, the '-- ' delimiter and mobile taglines", () => {
    expect(stripQuoted("Danke!\n\nAm 03.11.2025 um 10:00 schrieb Northwind Support <support@shop.example>:\n> Alt")).toBe("Danke!");
    expect(stripQuoted("Passt.\n\nVon: Northwind Support\nGesendet: Montag, 3. November 2025 10:00\nAn: Ann\nBetreff: AW: Bestellung")).toBe("Passt.");
    expect(stripQuoted("See you\n-- \nAnn Example\nACME Corp, +49 30 1234")).toBe("See you");
    expect(stripQuoted("Yes please\n\nSent from my iPhone")).toBe("Yes please");
    expect(stripQuoted("Ja bitte\n\nVon meinem iPhone gesendet")).toBe("Ja bitte");
  });

  it("keeps the whole text when stripping would leave nothing", () => {
    expect(stripQuoted("> only a quote")).toBe("> only a quote");
  });
});

describe("reply splitting beyond the corpus (client formats not in the fixtures)", () => {
  const cases: [string, string, string[], string[]][] = [
    [
      "Outlook for Mac (Date:)",
      "Yes, Friday is fine.\n\nFrom: Northwind Support <support@shop.example>\nDate: Monday, 30 November 2026 at 10:00\nTo: Anna <a@b.example>\nSubject: Re: x\n\nCan we deliver on Friday?",
      ["Friday is fine"],
      ["Can we deliver"],
    ],
    [
      "Gmail ru (address-ended)",
      "Спасибо, получил.\n\nпн, 30 нояб. 2026 г. в 10:00, Northwind Support <support@shop.example>:\n\n> Ваш заказ доставлен.\n",
      ["получил"],
      ["Ваш заказ доставлен"],
    ],
    ["Yandex", 'Да, всё верно.\n\n30.11.2026, 10:00, "Northwind Support" <support@shop.example>:\n> Адрес верный?\n', ["всё верно"], ["Адрес верный"]],
    [
      "Outlook bold keys",
      "Ok for me.\n\n*From:* Northwind Support <support@shop.example>\n*Sent:* Monday, November 30, 2026 10:00 AM\n*To:* Anna\n*Subject:* x\n\nShall we refund?",
      ["Ok for me"],
      ["Shall we refund"],
    ],
    [
      "Outlook pt",
      "Obrigado.\n\nDe: Northwind Support <support@shop.example>\nEnviada: segunda-feira, 30 de novembro de 2026 10:00\nPara: Beatriz\nAssunto: x\n\nO reembolso foi feito.",
      ["Obrigado"],
      ["O reembolso foi feito"],
    ],
    [
      "Outlook cs",
      "Děkuji.\n\nOd: Northwind Support <support@shop.example>\nOdesláno: pondělí 30. listopadu 2026 10:00\nKomu: Jana\nPředmět: x\n\nVrácení peněz proběhlo.",
      ["Děkuji"],
      ["Vrácení peněz"],
    ],
    [
      "Outlook ja",
      "ありがとうございます。\n\n差出人: Northwind Support <support@shop.example>\n送信日時: 2026年11月30日 10:00\n宛先: 佐藤\n件名: x\n\n返金が完了しました。",
      ["ありがとうございます"],
      ["返金が完了しました"],
    ],
    [
      "Outlook zh",
      "谢谢！\n\n发件人: Northwind Support <support@shop.example>\n发送时间: 2026年11月30日 10:00\n收件人: 王芳\n主题: x\n\n退款已完成。",
      ["谢谢"],
      ["退款已完成"],
    ],
    [
      "attribution without date above quotes",
      "Great.\n\nOn Monday, Northwind Support wrote:\n> The refund is done.\n",
      ["Great"],
      ["The refund is done", "wrote"],
    ],
    ["a customer quoting someone in prose", 'My colleague wrote: "the box was open". Is that covered?\n\nThanks', ["the box was open", "Is that covered"], []],
    [
      "a customer's own Date/From/To lines",
      "Please note:\nDate: 4 December\nFrom: 9:00\nTo: 12:00\nthat is when I am home.",
      ["From: 9:00", "To: 12:00", "when I am home"],
      [],
    ],
    [
      "nested quotes",
      "ok\n\nOn Mon, Nov 30, 2026, 10:00 Northwind Support <support@shop.example> wrote:\n\n> Hello\n>\n> > nested older\n>\n",
      ["ok"],
      ["Hello", "nested older"],
    ],
  ];
  it.each(cases)("%s", (_name, text, keep, drop) => {
    const out = splitReply(text, { subject: "Re: x", isReply: true }).text;
    for (const k of keep) expect(out).toContain(k);
    for (const d of drop) expect(out).not.toContain(d);
  });

  it("reports what it removed: the quote, the signature, the forwarded part", () => {
    const parts = splitReply("Thanks!\n-- \nAnna Schmidt\n+49 30 1234567\n\nOn Mon, 30 Nov 2026 at 10:00, S <s@x.example> wrote:\n> old");
    expect(parts).toEqual({
      text: "Thanks!",
      signature: "--\nAnna Schmidt\n+49 30 1234567",
      quoted: "On Mon, 30 Nov 2026 at 10:00, S <s@x.example> wrote:\n> old",
      forwarded: null,
    });
    const fwd = splitReply("FYI\n\nBegin forwarded message:\n\n> From: DHL <noreply@dhl.example>\n> Subject: Parcel\n>\n> Arrives Monday.", {
      subject: "Fwd: Parcel",
    });
    expect(fwd.forwarded).toContain("Arrives Monday.");
    expect(fwd.text).toContain("FYI");
  });

  it("renders HTML quote containers as quoted lines and marks Outlook's reply header", () => {
    expect(htmlToText('<p>New</p><blockquote type="cite"><div>Old <b>bold</b></div><blockquote>older</blockquote></blockquote>')).toBe(
      "New\n\n> Old bold\n> > older",
    );
    expect(htmlToText('<div>Ja</div><div id="appendonsend"></div><hr><div id="divRplyFwdMsg"><b>Von:</b> X</div>')).toBe(
      "Ja\n\n-----Original Message-----\n________________________________\nVon: X",
    );
  });
});

describe("threading helpers", () => {
  it("normalises subjects across languages and clients", () => {
    expect(cleanSubject("Re: AW: WG: Fwd: SV: Order 1234")).toBe("Order 1234");
    expect(cleanSubject("RE[2]: Fw: order  1234 [#c_cv_0123abc]")).toBe("order 1234");
    expect(subjectKey("Re: Order 1234")).toBe(subjectKey("AW: order 1234"));
    expect(subjectKey("Re: hi")).toBe("");
    expect(replySubject("RE: Re: Order 1234", "x")).toBe("Re: Order 1234");
    expect(replySubject("", "Your message")).toBe("Re: Your message");
  });

  it("finds our token in a plus-address or the subject", () => {
    expect(findToken(["Support+c_cv_00ab12@shop.example"], "whatever")).toBe("cv_00ab12");
    expect(findToken(["support@shop.example"], "Re: Order [#c_cv_99ff]")).toBe("cv_99ff");
    expect(findToken(["support@shop.example"], "Re: Order")).toBeNull();
  });

  it("orders references for matching and builds the chain for our reply", () => {
    expect(parseIdList("<a@x> <b@x>\n <c@x>")).toEqual(["<a@x>", "<b@x>", "<c@x>"]);
    expect(parseIdList(["<a@x>", "<a@x>", "b@x"])).toEqual(["<a@x>", "<b@x>"]);
    expect(threadReferences(["<c@x>"], ["<a@x>", "<b@x>", "<c@x>"])).toEqual(["<c@x>", "<b@x>", "<a@x>"]);
    expect(replyReferences(["<a@x>"], "<b@x>")).toEqual(["<a@x>", "<b@x>"]);
    const long = Array.from({ length: 30 }, (_, i) => `<${i}@x>`);
    const capped = replyReferences(long, "<p@x>");
    expect(capped).toHaveLength(20);
    expect(capped[0]).toBe("<0@x>");
    expect(capped.at(-1)).toBe("<p@x>");
    expect(isOurMessageId("<msg_019a2b3c4d5e6f@shop.example>", "shop.example")).toBe(true);
    expect(isOurMessageId("<msg_019a@other.example>", "shop.example")).toBe(false);
  });
});

describe("parsing real-world mail", () => {
  it("decodes ISO-8859-1 quoted-printable and Windows-1252 base64 bodies and encoded subjects", async () => {
    const latin1 = crlf(
      [
        "From: =?ISO-8859-1?Q?J=FCrgen_M=FCller?= <juergen@kunde.example>",
        "To: support@shop.example",
        "Subject: =?ISO-8859-1?Q?Gr=F6=DFe_=E4ndern?=",
        "Message-ID: <l1@kunde.example>",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=ISO-8859-1",
        "Content-Transfer-Encoding: quoted-printable",
        "",
        "Ich m=F6chte die Gr=F6=DFe =E4ndern, bitte. Stra=DFe 5",
        "",
      ].join("\n"),
    );
    const a = await parseEmail(latin1);
    expect(a.text.trim()).toBe("Ich möchte die Größe ändern, bitte. Straße 5");
    expect(a.subject).toBe("Größe ändern");
    expect(a.from).toEqual({ address: "juergen@kunde.example", name: "Jürgen Müller" });

    const cp1252 = Buffer.from("Price: 20 \u20ac \u2013 \u201cquoted\u201d", "utf8").toString("utf8");
    const body1252 = Buffer.from([
      0x50, 0x72, 0x69, 0x63, 0x65, 0x3a, 0x20, 0x32, 0x30, 0x20, 0x80, 0x20, 0x96, 0x20, 0x93, 0x71, 0x75, 0x6f, 0x74, 0x65, 0x64, 0x94,
    ]);
    const w = crlf(
      [
        "From: a@b.example",
        "To: support@shop.example",
        "Subject: x",
        "Message-ID: <w1@b.example>",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=windows-1252",
        "Content-Transfer-Encoding: base64",
        "",
        body1252.toString("base64"),
        "",
      ].join("\n"),
    );
    expect((await parseEmail(w)).text.trim()).toBe(cp1252);
  });

  it("prefers the text part of multipart/alternative and falls back to HTML → text", async () => {
    const alt = crlf(
      rawMail({
        contentType: 'multipart/alternative; boundary="b1"',
        body: [
          "--b1",
          "Content-Type: text/plain; charset=utf-8",
          "",
          "Plain version",
          "--b1",
          "Content-Type: text/html; charset=utf-8",
          "",
          "<p>HTML <b>version</b></p>",
          "--b1--",
        ].join("\n"),
      }),
    );
    expect((await parseEmail(alt)).text.trim()).toBe("Plain version");
    const htmlOnly = crlf(
      rawMail({ contentType: "text/html; charset=utf-8", body: "<html><body><p>Hello <b>there</b></p><p>Second&nbsp;line &amp; more</p></body></html>" }),
    );
    const text = (await parseEmail(htmlOnly)).text;
    expect(text).toContain("Hello there");
    expect(text).toContain("Second line & more");
    expect(text).not.toContain("<");
  });

  it("recognises auto-replies, bounces, lists and no-reply senders, skips our own mail, and lets a normal mail through", async () => {
    const ours = "support@shop.example";
    const kind = async (raw: string) => robotVerdict(await parseEmail(crlf(raw)), ours)?.kind ?? null;
    expect(await kind(rawMail())).toBeNull();
    expect(await kind(rawMail({ headers: { "Auto-Submitted": "no" } }))).toBeNull();
    expect(await kind(rawMail({ headers: { "Auto-Submitted": "auto-replied" } }))).toBe("auto_reply");
    expect(await kind(rawMail({ headers: { Precedence: "bulk" } }))).toBe("list");
    expect(await kind(rawMail({ headers: { Precedence: "auto_reply" } }))).toBe("auto_reply");
    expect(await kind(rawMail({ headers: { "X-Autoreply": "yes" } }))).toBe("auto_reply");
    expect(await kind(rawMail({ headers: { "X-Autorespond": "yes" } }))).toBe("auto_reply");
    expect(await kind(rawMail({ headers: { "X-Auto-Response-Suppress": "All" } }))).toBe("auto_reply");
    expect(await kind(rawMail({ headers: { "X-Apple-Action": "VACATION" } }))).toBe("auto_reply");
    expect(await kind(rawMail({ subject: "Automatische Antwort: Bestellung" }))).toBe("auto_reply");
    expect(await kind(rawMail({ subject: `=?UTF-8?B?${Buffer.from("Автоответ: Заказ").toString("base64")}?=` }))).toBe("auto_reply");
    expect(await kind(rawMail({ subject: "Absence of tracking" }))).toBeNull();
    expect(await kind(rawMail({ headers: { "List-Id": "Fans <fans.lists.example>" } }))).toBe("list");
    expect(await kind(rawMail({ headers: { "List-Id": "<support.shop.example>", Precedence: "list" } }))).toBeNull(); // our own Google Group
    expect(await kind(rawMail({ from: "Mail Delivery Subsystem <MAILER-DAEMON@mx.example>" }))).toBe("bounce");
    expect(
      await kind(
        rawMail({ contentType: 'multipart/report; report-type=delivery-status; boundary="r"', body: "--r\nContent-Type: text/plain\n\nfailed\n--r--" }),
      ),
    ).toBe("bounce");
    expect(await kind(rawMail({ from: "Shop <no-reply@shop.example.org>" }))).toBe("no_reply");
    expect(skipReason(await parseEmail(crlf(rawMail({ id: "<msg_019a2b3c4d5e6f7a8b9c0d1e2f@shop.example>" }))), "shop.example")).toMatch(/our own/);
    expect(skipReason(await parseEmail(crlf(rawMail())), "shop.example")).toBeNull();
    expect(["noreply@x.example", "no_reply@x.example", "donotreply@x.example", "shop-noreply@x.example", "bounces+123@x.example"].every(isNoReplyAddress)).toBe(
      true,
    );
    expect(["noreen@x.example", "anna@x.example", "reply@x.example"].some(isNoReplyAddress)).toBe(false);
  });

  it("reads In-Reply-To without References (Outlook) and the Delivered-To plus-address", async () => {
    const m = await parseEmail(
      crlf(rawMail({ headers: { "In-Reply-To": "<msg_1@shop.example>", "Thread-Index": "AQHZ1234abcd==", "Delivered-To": "support+c_cv_abc@shop.example" } })),
    );
    expect(m.inReplyTo).toEqual(["<msg_1@shop.example>"]);
    expect(m.references).toEqual([]);
    expect(m.deliveredTo).toEqual(["support+c_cv_abc@shop.example"]);
  });
});
