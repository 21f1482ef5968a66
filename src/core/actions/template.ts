import mustache from "mustache";

/**
 * Renders config templates with values that came from customers or from
 * another system. Values are always escaped for the place they land in, and
 * never re-parsed as templates (mustache inserts values literally), so an
 * order note saying "{{token}}" stays text.
 */
export type Escaper = (value: string) => string;

/** Values in a URL: each one is a single path segment or query value. */
export const escapeUrlComponent: Escaper = (v) => encodeURIComponent(v);

/**
 * Values in a chat reply: control characters removed, whitespace collapsed
 * and length capped, so a looked-up value cannot forge extra lines or flood
 * the customer's screen.
 */
export const escapeChatText: Escaper = (v) => {
  const clean = v
    .replace(/[\u0000-\u001f\u007f\u200b-\u200f\u2028-\u202e]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return clean.length > MAX_VALUE_CHARS ? `${clean.slice(0, MAX_VALUE_CHARS - 1)}…` : clean;
};

/** Values inside a JSON string (the JSON encoder escapes them later). */
export const escapeNothing: Escaper = (v) => v;

const MAX_VALUE_CHARS = 300;

/** Renders one template with the given escaper; a value that is an object or array renders as its JSON. */
export function renderTemplate(template: string, view: Record<string, unknown>, escape: Escaper): string {
  return mustache.render(template, view, undefined, { escape: (value: unknown) => escape(typeof value === "string" ? value : stringOf(value)) });
}

/** Renders every string of a JSON body template (objects and arrays recursively). */
export function renderBody(body: unknown, view: Record<string, unknown>): unknown {
  if (typeof body === "string") return renderTemplate(body, view, escapeNothing);
  if (Array.isArray(body)) return body.map((b) => renderBody(b, view));
  if (body && typeof body === "object") return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, renderBody(v, view)]));
  return body;
}

function stringOf(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}
