import { z } from "zod";
import type { WebhookMessage } from "./payload.js";

/** Longest value of one Flow answer shown in the text (the JSON is kept whole in the attachment). */
const ANSWER_MAX = 500;

type Order = NonNullable<WebhookMessage["order"]>;
type SharedContacts = NonNullable<WebhookMessage["contacts"]>;
type FlowReply = NonNullable<NonNullable<WebhookMessage["interactive"]>["nfm_reply"]>;

/**
 * An order (a cart sent from the business's catalog) as text agents and the AI
 * can read: one line per item with quantity, retailer id and unit price, the
 * total per currency, and the customer's note.
 *
 *     Order from catalog 1537277133775245:
 *     - 2 × BOOT-42 at 129.99 EUR
 *     Total: 259.98 EUR
 */
export function orderText(order: Order): string {
  const lines = [order.catalog_id ? `Order from catalog ${order.catalog_id}:` : "Order:"];
  const totals = new Map<string, number>();
  for (const item of order.product_items) {
    lines.push(`- ${item.quantity} × ${item.product_retailer_id} at ${amount(item.item_price)} ${item.currency}`);
    // In hundredths, so 3 × 0.1 adds up to 0.30 and not 0.30000000000000004.
    totals.set(item.currency, (totals.get(item.currency) ?? 0) + Math.round(item.item_price * 100) * item.quantity);
  }
  lines.push(`Total: ${[...totals].map(([currency, cents]) => `${amount(cents / 100)} ${currency}`).join(" + ")}`);
  if (order.text?.trim()) lines.push(`Note: ${order.text.trim()}`);
  return lines.join("\n");
}

function amount(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

/** Shared contact cards as text, one line each: "Contact: name, phone (type), e-mail, company". */
export function contactsText(contacts: SharedContacts): string {
  return contacts
    .map((c) => {
      const name = c.name?.formatted_name ?? ([c.name?.first_name, c.name?.last_name].filter(Boolean).join(" ") || "(no name)");
      const phones = (c.phones ?? []).flatMap((p) => (p.phone ? [`${p.phone}${p.type ? ` (${p.type})` : ""}`] : []));
      const emails = (c.emails ?? []).flatMap((e) => (e.email ? [e.email] : []));
      const org = c.org?.company ? [c.org.company] : [];
      return `Contact: ${[name, ...phones, ...emails, ...org].join(", ")}`;
    })
    .join("\n");
}

const flowAnswers = z.record(z.string(), z.unknown());

/**
 * A completed WhatsApp Flow (form) as "key: value" lines under the flow's
 * name. `flow_token` (ours, not the customer's words) is left out; nested
 * values are shown as JSON. Null when `response_json` is not a JSON object
 * (the caller then shows a placeholder and keeps the payload).
 */
export function flowReplyText(reply: FlowReply): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(reply.response_json);
  } catch {
    return null;
  }
  const answers = flowAnswers.safeParse(parsed);
  if (!answers.success) return null;
  const lines = Object.entries(answers.data)
    .filter(([key]) => key !== "flow_token")
    .map(([key, value]) => `${key}: ${cut(answerText(value))}`);
  const title = reply.name && reply.name !== "flow" ? `Form answers (${reply.name}):` : "Form answers:";
  return [title, ...(lines.length > 0 ? lines : ["(no answers)"])].join("\n");
}

function answerText(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value) && value.every((v) => typeof v === "string" || typeof v === "number")) return value.join(", ");
  return JSON.stringify(value) ?? String(value);
}

function cut(s: string): string {
  return s.length > ANSWER_MAX ? `${s.slice(0, ANSWER_MAX - 1)}…` : s;
}

/** The new text of an edited message: its body, or the caption of edited media. Null when the edit carries neither. */
export function editedText(edit: NonNullable<WebhookMessage["edit"]>): string | null {
  const m = edit.message;
  return m.text?.body ?? m.image?.caption ?? m.video?.caption ?? m.document?.caption ?? null;
}
