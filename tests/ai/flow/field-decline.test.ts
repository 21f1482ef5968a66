import { describe, expect, it } from "vitest";
import { declinedFields } from "../../../src/ai/local/field-decline.js";
import { extractIdentifiers } from "../../../src/ai/local/fields.js";
import type { FieldSpec } from "../../../src/ai/port.js";

const ORDER: FieldSpec = { name: "order_id", kind: "order_id", description: "order number", pattern: "(?:NW-?)?\\d{5,8}" };
const EMAIL: FieldSpec = { name: "email", kind: "email", description: "account e-mail" };
const COUNTRY: FieldSpec = { name: "country", kind: "region", description: "country", options: ["Austria", "Germany"] };
const ctx = { now: new Date("2026-11-25T10:00:00Z") };

describe("declinedFields: the customer says they do not have a field", () => {
  it.each([
    "I don't have an order number, I ordered as a guest",
    "lost the e-mail",
    "I lost the confirmation email",
    "keine Bestellnummer",
    "Ich habe keine Bestellnummer",
    "Bestellnummer habe ich nicht",
    "Die Bestellbestätigung ist weg",
    "je n'ai pas de numéro de commande",
    "no tengo el número de pedido",
    "I never got an order confirmation",
  ])("%s → order_id", (text) => {
    expect(declinedFields(text, [ORDER, EMAIL])).toEqual(["order_id"]);
  });

  it.each(["no, it's NW-10023", "I don't know when it ships", "Where is my order?", "NW-10023", "My order number is NW-10023"])("%s → nothing", (text) => {
    expect(declinedFields(text, [ORDER, EMAIL])).toEqual([]);
  });

  it("recognises a custom field by its own name", () => {
    expect(declinedFields("I don't have a customer number", [{ name: "customer_number", kind: "text", description: "x" }])).toEqual(["customer_number"]);
  });
});

describe("extractIdentifiers: values kept from any message", () => {
  it("takes shaped order ids and e-mail addresses, never a bare number or a region", () => {
    expect(extractIdentifiers("NW-10023", [ORDER, EMAIL, COUNTRY], ctx)).toEqual({ order_id: "NW-10023" });
    expect(extractIdentifiers("order 10023, mail me at a@b.example", [ORDER, EMAIL], ctx)).toEqual({ order_id: "10023", email: "a@b.example" });
    expect(extractIdentifiers("Do you deliver to 80331 Munich or Austria?", [ORDER, EMAIL, COUNTRY], ctx)).toEqual({});
  });
});
