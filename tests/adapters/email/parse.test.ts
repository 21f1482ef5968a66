import { describe, expect, it } from "vitest";
import { machineMailReason } from "../../../src/adapters/email/filters.js";
import { parseEmail } from "../../../src/adapters/email/parse.js";
import { stripQuoted } from "../../../src/adapters/email/quotes.js";
import {
  cleanSubject, findToken, isOurMessageId, parseIdList, replyReferences, replySubject, subjectKey, threadReferences,
} from "../../../src/adapters/email/threading.js";
import { rawMail } from "./helpers.js";

const crlf = (s: string) => Buffer.from(s.replace(/\r?\n/g, "\r\n"), "latin1");

describe("quoted history and signatures are stripped from the stored text", () => {
  it("Gmail/Apple style 'On … wrote:' (also split over two lines) and '>' lines", () => {
    expect(stripQuoted("Thanks, that worked!\n\nOn Mon, 3 Nov 2025 at 10:00, Support <support@shop.example> wrote:\n> Please restart it.\n> Bye")).toBe("Thanks, that worked!");
    expect(stripQuoted("Still broken.\n\nOn Mon, 3 Nov 2025 at 10:00, Northwind Support <support@shop.example>\nwrote:\n> old")).toBe("Still broken.");
    expect(stripQuoted("> you said\nMy answer inline\n> more\nAnd more")).toBe("My answer inline\nAnd more");
  });

  it("Outlook's 'From: … Sent: …' block and '-----Original Message-----'", () => {
    const outlook = "Here is the photo.\n\nRegards\nAnn\n\n________________________________\nFrom: Northwind Support <support@shop.example>\nSent: Monday, November 3, 2025 10:00 AM\nTo: Ann <ann@customer.example>\nSubject: RE: Order 1234\n\nPlease send a photo.";
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
    const latin1 = crlf([
      "From: =?ISO-8859-1?Q?J=FCrgen_M=FCller?= <juergen@kunde.example>", "To: support@shop.example", "Subject: =?ISO-8859-1?Q?Gr=F6=DFe_=E4ndern?=",
      "Message-ID: <l1@kunde.example>", "MIME-Version: 1.0", "Content-Type: text/plain; charset=ISO-8859-1", "Content-Transfer-Encoding: quoted-printable", "",
      "Ich m=F6chte die Gr=F6=DFe =E4ndern, bitte. Stra=DFe 5", "",
    ].join("\n"));
    const a = await parseEmail(latin1);
    expect(a.text.trim()).toBe("Ich möchte die Größe ändern, bitte. Straße 5");
    expect(a.subject).toBe("Größe ändern");
    expect(a.from).toEqual({ address: "juergen@kunde.example", name: "Jürgen Müller" });

    const cp1252 = Buffer.from("Price: 20 \u20ac \u2013 \u201cquoted\u201d", "utf8").toString("utf8");
    const body1252 = Buffer.from([0x50, 0x72, 0x69, 0x63, 0x65, 0x3a, 0x20, 0x32, 0x30, 0x20, 0x80, 0x20, 0x96, 0x20, 0x93, 0x71, 0x75, 0x6f, 0x74, 0x65, 0x64, 0x94]);
    const w = crlf([
      "From: a@b.example", "To: support@shop.example", "Subject: x", "Message-ID: <w1@b.example>", "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=windows-1252", "Content-Transfer-Encoding: base64", "", body1252.toString("base64"), "",
    ].join("\n"));
    expect((await parseEmail(w)).text.trim()).toBe(cp1252);
  });

  it("prefers the text part of multipart/alternative and falls back to HTML → text", async () => {
    const alt = crlf(rawMail({
      contentType: 'multipart/alternative; boundary="b1"',
      body: ["--b1", "Content-Type: text/plain; charset=utf-8", "", "Plain version", "--b1", "Content-Type: text/html; charset=utf-8", "", "<p>HTML <b>version</b></p>", "--b1--"].join("\n"),
    }));
    expect((await parseEmail(alt)).text.trim()).toBe("Plain version");
    const htmlOnly = crlf(rawMail({ contentType: "text/html; charset=utf-8", body: "<html><body><p>Hello <b>there</b></p><p>Second&nbsp;line &amp; more</p></body></html>" }));
    const text = (await parseEmail(htmlOnly)).text;
    expect(text).toContain("Hello there");
    expect(text).toContain("Second line & more");
    expect(text).not.toContain("<");
  });

  it("recognises auto-replies, bounces, lists and our own mail, and lets a normal mail through", async () => {
    const domain = "shop.example";
    const reason = async (raw: string) => machineMailReason(await parseEmail(crlf(raw)), domain);
    expect(await reason(rawMail())).toBeNull();
    expect(await reason(rawMail({ headers: { "Auto-Submitted": "no" } }))).toBeNull();
    expect(await reason(rawMail({ headers: { "Auto-Submitted": "auto-replied" } }))).toMatch(/auto-submitted/);
    expect(await reason(rawMail({ headers: { Precedence: "bulk" } }))).toMatch(/precedence/);
    expect(await reason(rawMail({ headers: { Precedence: "auto_reply" } }))).toMatch(/precedence/);
    expect(await reason(rawMail({ headers: { "X-Autoreply": "yes" } }))).toMatch(/auto-reply/);
    expect(await reason(rawMail({ headers: { "X-Autorespond": "yes" } }))).toMatch(/auto-reply/);
    expect(await reason(rawMail({ headers: { "List-Id": "Fans <fans.lists.example>" } }))).toMatch(/mailing list/);
    expect(await reason(rawMail({ from: "Mail Delivery Subsystem <MAILER-DAEMON@mx.example>" }))).toMatch(/bounce/);
    expect(await reason(rawMail({ contentType: 'multipart/report; report-type=delivery-status; boundary="r"', body: "--r\nContent-Type: text/plain\n\nfailed\n--r--" }))).toMatch(/report \(delivery-status\)/);
    expect(await reason(rawMail({ id: "<msg_019a2b3c4d5e6f7a8b9c0d1e2f@shop.example>" }))).toMatch(/our own/);
  });

  it("reads In-Reply-To without References (Outlook) and the Delivered-To plus-address", async () => {
    const m = await parseEmail(crlf(rawMail({ headers: { "In-Reply-To": "<msg_1@shop.example>", "Thread-Index": "AQHZ1234abcd==", "Delivered-To": "support+c_cv_abc@shop.example" } })));
    expect(m.inReplyTo).toEqual(["<msg_1@shop.example>"]);
    expect(m.references).toEqual([]);
    expect(m.deliveredTo).toEqual(["support+c_cv_abc@shop.example"]);
  });
});
