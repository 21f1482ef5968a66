import type { HandoffCard } from "../model/index.js";

/**
 * The lookups on a card as plain lines, one per action call, for every
 * surface (Slack, Discord, console) to render in its own markup: what the
 * AI asked the shop's system, what came back, and whether the customer was
 * shown it.
 */
export function lookupLines(card: HandoffCard): string[] {
  return (card.lookups ?? []).map((l) => {
    const head = `${l.description} (${l.action}): ${l.outcome === "found" ? "found" : l.outcome === "not_found" ? "no such record" : `failed, ${l.error ?? "unknown error"}`}`;
    const values = l.values
      ? Object.entries(l.values)
          .filter(([, v]) => v !== null && typeof v !== "object")
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(", ")
      : "";
    return [head, values, l.ownership ? `ownership: ${l.ownership}` : ""].filter(Boolean).join(" · ");
  });
}
