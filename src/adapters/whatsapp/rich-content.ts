import ICAL from "ical.js";
import { z } from "zod";

/**
 * Readable text for WhatsApp Web content that is not plain text: shared
 * contact cards (vCards), catalog orders and polls. Agents and the AI read
 * the text; the adapter keeps the fields it used as a JSON attachment next to
 * it, so nothing the customer sent is lost when the text leaves something out.
 */

/** Longest text of one vCard field shown (a card's NOTE can be long; the JSON keeps it whole). */
const FIELD_MAX = 200;

/**
 * Contact cards as text, one line each, the way WhatsApp Cloud cards are
 * shown: `Contact: Anna Müller, +49 151 23456789 (Mobile), anna@example.com, Northwind`.
 * Parsed with ical.js (vCard 3.0 and 4.0, including the grouped
 * `item1.TEL` / `item1.X-ABLabel` pairs phones write). A card that does not
 * parse is shown as "(unreadable card)", never dropped; null when there is
 * no card at all.
 */
export function vcardsText(vcards: readonly string[]): string | null {
  const lines = vcards.filter((v) => v.trim() !== "").map((v) => `Contact: ${cardSummary(v)}`);
  return lines.length > 0 ? lines.join("\n") : null;
}

function cardSummary(vcard: string): string {
  let card: ICAL.Component;
  try {
    card = new ICAL.Component(ICAL.parse(vcard));
  } catch {
    return "(unreadable card)";
  }
  if (card.name !== "vcard") return "(unreadable card)";
  const labels = groupLabels(card);
  const name = text(card.getFirstPropertyValue("fn")) || nameFromN(card.getFirstPropertyValue("n")) || "(no name)";
  const phones = card.getAllProperties("tel").flatMap((p) => {
    const number = text(p.getFirstValue());
    if (!number) return [];
    const group = p.getParameter("group");
    const label = (typeof group === "string" ? labels.get(group) : undefined) ?? typeLabel(p.getParameter("type"));
    return [label ? `${number} (${label})` : number];
  });
  const emails = card.getAllProperties("email").flatMap((p) => (text(p.getFirstValue()) ? [text(p.getFirstValue())] : []));
  const org = card.getAllProperties("org").flatMap((p) => {
    const v = p.getFirstValue();
    const company = Array.isArray(v) ? text(v[0]) : text(v);
    return company ? [company] : [];
  });
  return [name, ...phones, ...emails, ...org].map(cut).join(", ");
}

/** `item1.X-ABLabel:Mobile` names the phone of `item1.TEL`. */
function groupLabels(card: ICAL.Component): Map<string, string> {
  const labels = new Map<string, string>();
  for (const p of card.getAllProperties("x-ablabel")) {
    const group = p.getParameter("group");
    const label = text(p.getFirstValue()).replace(/^_\$!<(.+)>!\$_$/, "$1");
    if (typeof group === "string" && label) labels.set(group, label);
  }
  return labels;
}

function typeLabel(type: unknown): string | null {
  const types = (Array.isArray(type) ? type : [type]).filter((t): t is string => typeof t === "string");
  const named = types.map((t) => t.toLowerCase()).find((t) => !["voice", "pref", "internet"].includes(t));
  return named ?? null;
}

function nameFromN(n: unknown): string {
  if (!Array.isArray(n)) return text(n);
  const [family, given] = n.map((part) => (Array.isArray(part) ? part.join(" ") : text(part)));
  return [given, family].filter(Boolean).join(" ");
}

function text(v: unknown): string {
  return typeof v === "string" ? v.trim() : "";
}

function cut(s: string): string {
  return s.length > FIELD_MAX ? `${s.slice(0, FIELD_MAX - 1)}…` : s;
}

/** The fields of an order message WhatsApp Web keeps on the message itself (`_data`). */
export interface WaOrderSummary {
  title?: string | null | undefined;
  itemCount?: number | null | undefined;
  /** The total in thousandths of the currency unit, as WhatsApp stores it. */
  totalAmount1000?: number | string | null | undefined;
  currency?: string | null | undefined;
  note?: string | null | undefined;
}

/** What whatsapp-web.js's `Message.getOrder()` answers; validated, because it comes out of WhatsApp Web's page. */
export const waOrderDetailSchema = z.looseObject({
  products: z
    .array(
      z.looseObject({
        id: z.union([z.string(), z.number()]).nullish(),
        name: z.string().nullish(),
        quantity: z.number().nullish(),
      }),
    )
    .max(500),
});
export type WaOrderDetail = z.output<typeof waOrderDetailSchema>;

/**
 * An order from the business's catalog as text:
 *
 *     Order "Northwind Outfitters" (3 items):
 *     - 2 × Trail boots
 *     - 1 × Wool socks
 *     Total: 289.97 EUR
 *     Note: please gift-wrap
 *
 * The item lines come from `getOrder()` when WhatsApp Web could load the
 * order's details; without them the count and total still say what was
 * ordered.
 */
export function waOrderText(summary: WaOrderSummary, detail: WaOrderDetail | null): string {
  const count = typeof summary.itemCount === "number" && summary.itemCount > 0 ? ` (${summary.itemCount} item${summary.itemCount === 1 ? "" : "s"})` : "";
  const lines = [`Order${summary.title ? ` "${summary.title}"` : ""}${count}:`];
  for (const p of detail?.products ?? []) {
    const label = p.name?.trim() || (p.id !== null && p.id !== undefined ? `product ${p.id}` : "product");
    lines.push(`- ${typeof p.quantity === "number" ? p.quantity : 1} × ${label}`);
  }
  const total = Number(summary.totalAmount1000);
  if (summary.totalAmount1000 !== null && summary.totalAmount1000 !== undefined && Number.isFinite(total)) {
    lines.push(`Total: ${(total / 1000).toFixed(2)}${summary.currency ? ` ${summary.currency}` : ""}`);
  }
  if (summary.note?.trim()) lines.push(`Note: ${summary.note.trim()}`);
  return lines.join("\n");
}

/** A poll the customer created in the chat: its question and options, so agents can read it. */
export function waPollText(question: string, options: readonly string[]): string {
  return [`Poll: ${question || "(no question)"}`, ...options.map((o) => `- ${o}`)].join("\n");
}
