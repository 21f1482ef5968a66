import { normaliseIdentity } from "../../../src/core/pipeline/identity.js";
import { describe, expect, it } from "vitest";
import { DEFAULT_ORDER_PATTERN, extractFields, validateField, type FieldContext } from "../../../src/ai/local/index.js";
import type { FieldKind, FieldSpec } from "../../../src/ai/port.js";

// Wednesday, 18 March 2026.
const CTX: FieldContext = { now: new Date("2026-03-18T10:00:00Z"), defaultCallingCode: "49" };
const spec = (kind: FieldKind, extra: Partial<FieldSpec> = {}): FieldSpec => ({ name: kind, description: "", kind, ...extra });
const valid = (s: FieldSpec, raw: string, ctx: FieldContext = CTX) => {
  const r = validateField(s, raw, ctx);
  return r.ok ? r.value : `REJECTED: ${r.reason}`;
};
const rejected = (s: FieldSpec, raw: string, ctx: FieldContext = CTX) => validateField(s, raw, ctx).ok === false;

describe("validateField: order_id", () => {
  it("accepts the default shapes and normalises them (upper case, no '#')", () => {
    expect(valid(spec("order_id"), "#12345")).toBe("12345");
    expect(valid(spec("order_id"), "  nw-2026001 ")).toBe("NW-2026001");
    expect(valid(spec("order_id"), "AB12345")).toBe("AB12345");
    expect(new RegExp(`^(?:${DEFAULT_ORDER_PATTERN})$`).test("ABCD-0001")).toBe(true);
  });
  it("rejects what is not an order number", () => {
    for (const raw of ["", "123", "hello", "ABCDE-12345", "12-34", "#"]) expect(rejected(spec("order_id"), raw), raw).toBe(true);
  });
  it("uses the configured pattern instead of the default", () => {
    const s = spec("order_id", { pattern: "NW-\\d{6}" });
    expect(valid(s, "nw-123456")).toBe("NW-123456");
    expect(rejected(s, "12345")).toBe(true);
    expect(rejected(s, "NW-1234567")).toBe(true);
  });
  it("an invalid configured pattern is a rejection, not a crash", () => {
    expect(validateField(spec("order_id", { pattern: "(" }), "12345", CTX)).toEqual({ ok: false, reason: expect.stringContaining("pattern") });
  });
});

describe("validateField: email", () => {
  it("normalises to lower case", () => {
    expect(valid(spec("email"), " Jane.Doe+shop@Example.COM ")).toBe("jane.doe+shop@example.com");
    expect(valid(spec("email"), "mailto:jörg@beispiel.de")).toBe("jörg@beispiel.de");
  });
  it("rejects malformed addresses", () => {
    for (const raw of ["jane", "jane@", "@example.com", "jane@example", "jane doe@example.com", "jane..doe@example.com", "jane@example.c"]) {
      expect(rejected(spec("email"), raw), raw).toBe(true);
    }
  });
});

describe("validateField: phone (E.164)", () => {
  it("accepts international forms", () => {
    expect(valid(spec("phone"), "+49 151 2345 6789")).toBe("+4915123456789");
    expect(valid(spec("phone"), "+49 (0)151 23456789")).toBe("+4915123456789");
    expect(valid(spec("phone"), "0049 151 23456789")).toBe("+4915123456789");
    expect(valid(spec("phone"), "+44 20 7946 0958")).toBe("+442079460958");
  });
  it("uses the default calling code for national numbers (trunk 0 dropped; NANP 10 digits)", () => {
    expect(valid(spec("phone"), "0151 23456789")).toBe("+4915123456789");
    expect(valid(spec("phone"), "(555) 123-4567", { ...CTX, defaultCallingCode: "+1" })).toBe("+15551234567");
    expect(valid(spec("phone"), "1-555-123-4567", { ...CTX, defaultCallingCode: "1" })).toBe("+15551234567");
  });
  it("rejects letters, wrong lengths and national numbers without a default calling code", () => {
    expect(rejected(spec("phone"), "call me maybe")).toBe(true);
    expect(rejected(spec("phone"), "+49 123")).toBe(true);
    expect(rejected(spec("phone"), "+49 1512 3456 7890 1234")).toBe(true);
    expect(rejected(spec("phone"), "0151 23456789", { now: CTX.now })).toBe(true);
    expect(rejected(spec("phone"), "555 123 456", { ...CTX, defaultCallingCode: "1" })).toBe(true);
    expect(rejected(spec("phone"), "+0 151 2345678")).toBe(true);
  });

  it("keeps a trunk 0 where the numbering plan keeps it: one Italian number, one E.164 form in every notation", () => {
    const italy = { ...CTX, defaultCallingCode: "39" };
    for (const written of ["06 1234 5678", "+39 06 1234 5678", "0039 06 12345678", "+39 (0)6 1234 5678"]) {
      expect(valid(spec("phone"), written, italy), written).toBe("+390612345678");
    }
    expect(normaliseIdentity("whatsapp", "390612345678").value).toBe("+390612345678");
    expect(normaliseIdentity("phone", "+39 06 1234 5678").value).toBe("+390612345678");
    expect(normaliseIdentity("phone", "+49 (0)151 2345 6789").value).toBe("+4915123456789");
  });
});

describe("validateField: region", () => {
  const s = spec("region", { options: ["Germany", "United Kingdom", "Österreich", "United States"] });
  it("matches options case- and accent-insensitively, returning the configured spelling", () => {
    expect(valid(s, "germany")).toBe("Germany");
    expect(valid(s, "OSTERREICH")).toBe("Österreich");
    expect(valid(s, "Oesterreich")).toBe("Österreich");
  });
  it("maps aliases only onto configured options", () => {
    expect(valid(s, "UK")).toBe("United Kingdom");
    expect(valid(s, "Deutschland")).toBe("Germany");
    expect(valid(s, "usa")).toBe("United States");
    expect(valid(s, "Austria")).toBe("Österreich");
    expect(rejected(s, "France")).toBe(true);
    expect(rejected(s, "Frankreich")).toBe(true);
    expect(rejected(spec("region", { options: ["Germany"] }), "UK")).toBe(true);
  });
  it("an option written as the alias is matched from the full name too", () => {
    expect(valid(spec("region", { options: ["UK", "DE"] }), "United Kingdom")).toBe("UK");
  });
});

describe("validateField: date", () => {
  const d = spec("date");
  it("reads ISO, numeric, month-name and relative dates (relative to now)", () => {
    expect(valid(d, "2026-03-12")).toBe("2026-03-12");
    expect(valid(d, "3 March")).toBe("2026-03-03");
    expect(valid(d, "March 3rd")).toBe("2026-03-03");
    expect(valid(d, "3rd of March 2025")).toBe("2025-03-03");
    expect(valid(d, "Mar 3, 2026")).toBe("2026-03-03");
    expect(valid(d, "am 3. März")).toBe("2026-03-03");
    expect(valid(d, "today")).toBe("2026-03-18");
    expect(valid(d, "yesterday.")).toBe("2026-03-17");
    expect(valid(d, "vorgestern")).toBe("2026-03-16");
    expect(valid(d, "3 days ago")).toBe("2026-03-15");
    expect(valid(d, "last Monday")).toBe("2026-03-16");
    expect(valid(d, "last Wednesday")).toBe("2026-03-11"); // today is a Wednesday: a week ago
    expect(valid(d, "letzten Freitag")).toBe("2026-03-13");
  });
  it("reads dates in the customer's language (French, Spanish, Dutch, Portuguese) and weeks, with the same policy", () => {
    const at = (locale: string) => ({ ...CTX, locale });
    expect(valid(d, "le 3 mars", at("fr"))).toBe("2026-03-03");
    expect(valid(d, "il y a 3 jours", at("fr"))).toBe("2026-03-15");
    expect(valid(d, "mardi dernier", at("fr"))).toBe("2026-03-17");
    expect(valid(d, "el 3 de marzo", at("es"))).toBe("2026-03-03");
    expect(valid(d, "hace 3 días", at("es"))).toBe("2026-03-15");
    expect(valid(d, "el lunes pasado", at("es"))).toBe("2026-03-16");
    expect(valid(d, "gisteren", at("nl"))).toBe("2026-03-17");
    expect(valid(d, "3 de março", at("pt"))).toBe("2026-03-03");
    expect(valid(d, "two weeks ago")).toBe("2026-03-04");
    expect(valid(d, "vor zwei Wochen", at("de"))).toBe("2026-03-04");
    expect(rejected(d, "at 3pm")).toBe(true);
    expect(rejected(d, "Bonjour", at("fr"))).toBe(true);
  });

  it("resolves 12/03/2026 by the date order (explicit, else the locale), unless only one reading is a date", () => {
    expect(valid(d, "12/03/2026")).toBe("2026-03-12");
    expect(valid(d, "12/03/2026", { ...CTX, locale: "en-US" })).toBe("2026-12-03");
    expect(valid(d, "12/03/2026", { ...CTX, dateOrder: "mdy" })).toBe("2026-12-03");
    expect(valid(d, "03/25/2026")).toBe("2026-03-25");
    expect(valid(d, "25.03.26", { ...CTX, locale: "en-US" })).toBe("2026-03-25");
  });
  it("a date without a year is the most recent one (or up to 30 days ahead)", () => {
    expect(valid(d, "10 April")).toBe("2026-04-10");
    expect(valid(d, "1 June")).toBe("2025-06-01");
  });
  it("'today' is reckoned in the configured time zone", () => {
    const late = { now: new Date("2026-03-18T23:30:00Z") };
    expect(valid(d, "today", late)).toBe("2026-03-18");
    expect(valid(d, "today", { ...late, timeZone: "Europe/Berlin" })).toBe("2026-03-19");
  });
  it("rejects impossible dates, non-dates and answers with two dates", () => {
    for (const raw of ["31/02/2026", "2026-13-01", "soon", "", "12345", "yesterday or 3 March", "Guten Morgen"]) expect(rejected(d, raw), raw).toBe(true);
  });
});

describe("validateField: text and shared rules", () => {
  it("trims, collapses blanks and enforces the maximum length", () => {
    expect(valid(spec("text"), "  blue,\n size 42 ")).toBe("blue, size 42");
    expect(rejected(spec("text"), "   ")).toBe(true);
    expect(rejected(spec("text"), "x".repeat(501))).toBe(true);
    expect(valid(spec("text"), "x".repeat(20), { ...CTX, maxTextLength: 20 })).toBe("x".repeat(20));
    expect(rejected(spec("text"), "x".repeat(21), { ...CTX, maxTextLength: 20 })).toBe(true);
  });
  it("applies `pattern` and `options` to other kinds after normalisation", () => {
    expect(valid(spec("email", { pattern: ".*@example\\.com" }), "A@Example.com")).toBe("a@example.com");
    expect(rejected(spec("email", { pattern: ".*@example\\.com" }), "a@other.com")).toBe(true);
    expect(valid(spec("text", { options: ["Small", "Large"] }), "large")).toBe("Large");
    expect(rejected(spec("text", { options: ["Small", "Large"] }), "medium")).toBe(true);
  });
});

describe("extractFields", () => {
  const fields: FieldSpec[] = [
    spec("order_id"),
    spec("email"),
    spec("phone"),
    spec("date"),
    spec("region", { options: ["Germany", "United Kingdom", "United States"] }),
    { name: "details", description: "what is wrong", kind: "text" },
  ];

  it("pulls pattern-shaped values out of running text", () => {
    const text = "Hi, my order #123456 hasn't arrived, I ordered it on 3 March. Mail me at John.Doe@Example.com or call +49 151 2345 6789";
    expect(extractFields(text, fields, CTX)).toEqual({ order_id: "123456", date: "2026-03-03", email: "john.doe@example.com", phone: "+4915123456789" });
  });

  it("German running text: order keyword, numeric date, region name", () => {
    expect(extractFields("Bestellung Nr. 98765 vom 12.03.2026, Lieferung nach Deutschland", fields, CTX)).toEqual({
      order_id: "98765",
      date: "2026-03-12",
      region: "Germany",
    });
  });

  it("never extracts a text field, a bare number or a lower-case two-letter word from running text", () => {
    expect(extractFields("help us please, it is 12345 euros", fields, CTX)).toEqual({});
    expect(extractFields("I live in the UK", fields, CTX)).toEqual({ region: "United Kingdom" });
    expect(extractFields("Guten Morgen, meine Nummer ist 0151 23456789", fields, CTX)).toEqual({ phone: "+4915123456789" });
  });

  it("two fields never claim the same characters (a date is not a phone number, an e-mail's digits are not an order)", () => {
    expect(extractFields("on 12.03.2026 from shop12345@example.com", fields, CTX)).toEqual({ date: "2026-03-12", email: "shop12345@example.com" });
  });

  it("with `expecting`, the whole reply is that field's value (also for text), else it is searched for", () => {
    expect(extractFields("blue, size 42", fields, { ...CTX, expecting: "details" })).toEqual({ details: "blue, size 42" });
    expect(extractFields("12345", fields, { ...CTX, expecting: "order_id" })).toEqual({ order_id: "12345" });
    expect(extractFields("it's 12345 I think", fields, { ...CTX, expecting: "order_id" })).toEqual({ order_id: "12345" });
    expect(extractFields("12345", fields, CTX)).toEqual({});
    expect(extractFields("the UK", fields, { ...CTX, expecting: "region" })).toEqual({ region: "United Kingdom" });
  });

  it("a configured order pattern is searched in running text", () => {
    const s = [spec("order_id", { pattern: "NW-\\d{6}" })];
    expect(extractFields("where is nw-654321? (not NW-12)", s, CTX)).toEqual({ order_id: "NW-654321" });
  });
});
