import type { OutboundMessage } from "../../core/channel/adapter.js";
import type { WindowTemplate } from "./config.js";

/** Longest text message body WhatsApp accepts. */
export const MAX_TEXT_LENGTH = 4096;
/** Reply buttons per interactive message, title length, and body length (WhatsApp limits). */
export const MAX_BUTTONS = 3;
export const MAX_BUTTON_TITLE = 20;
export const MAX_INTERACTIVE_BODY = 1024;

/** A Graph API `/messages` request body. */
export type GraphMessageBody = Record<string, unknown> & { messaging_product: "whatsapp"; to: string; type: "text" | "interactive" | "template" };

/**
 * Builds the request for one outbound message: reply buttons (at most 3,
 * titles cut to 20 characters) as an interactive message; more buttons than
 * WhatsApp allows, or a body too long for an interactive message, as text with
 * the options listed, so nothing the agent offered is dropped.
 */
export function messageBody(to: string, message: OutboundMessage): GraphMessageBody {
  const buttons = message.buttons ?? [];
  if (buttons.length > 0 && buttons.length <= MAX_BUTTONS && message.text.trim() !== "" && message.text.length <= MAX_INTERACTIVE_BODY) {
    return {
      messaging_product: "whatsapp",
      to,
      type: "interactive",
      interactive: {
        type: "button",
        body: { text: message.text },
        action: {
          buttons: buttons.map((b) => ({ type: "reply", reply: { id: b.id.slice(0, 256), title: shorten(b.label, MAX_BUTTON_TITLE) } })),
        },
      },
    };
  }
  const text = buttons.length > 0 ? `${message.text}\n\n${buttons.map((b, i) => `${i + 1}. ${b.label}`).join("\n")}` : message.text;
  return { messaging_product: "whatsapp", to, type: "text", text: { body: text } };
}

/** The approved template sent instead of free text outside the 24-hour window. */
export function templateBody(to: string, template: WindowTemplate): GraphMessageBody {
  return { messaging_product: "whatsapp", to, type: "template", template: { name: template.name, language: { code: template.language } } };
}

function shorten(s: string, max: number): string {
  const chars = [...s.trim()];
  return chars.length <= max ? chars.join("") : `${chars.slice(0, max - 1).join("")}…`;
}
