import { contactAttributes } from "../attributes/index.js";
import type { AttributeDeclarations } from "../config/attributes-schema.js";
import type { AgentConfig, EscalationSettings } from "../config/escalation-schema.js";
import type { Contact, Conversation, Identity } from "../model/index.js";
import type { ThreadView } from "./port.js";

const CHANNEL_NAMES: Record<string, string> = {
  web: "Web chat",
  telegram: "Telegram",
  email: "Email",
  whatsapp: "WhatsApp",
  "whatsapp-cloud": "WhatsApp (Cloud API)",
};
const IDENTITY_OF: Record<string, Identity["kind"][]> = {
  web: ["web"],
  telegram: ["telegram"],
  email: ["email"],
  whatsapp: ["whatsapp", "phone"],
  "whatsapp-cloud": ["whatsapp", "phone"],
};

/** The plain view a bot renders a thread's card from. Null when the conversation was never escalated. */
export function threadView(
  conversation: Conversation,
  contact: Contact,
  agents: readonly AgentConfig[],
  settings: EscalationSettings,
  attributes: AttributeDeclarations = {},
): ThreadView | null {
  if (!conversation.handoff) return null;
  const channel = conversation.lastChannel;
  const identity = contact.identities.find((i) => IDENTITY_OF[channel]?.includes(i.kind));
  const who = contact.name ? `${contact.name}${identity && channel !== "web" ? ` (${identity.value})` : ""}` : (identity?.value ?? "customer");
  return {
    conversation,
    card: conversation.handoff,
    contact: { id: contact.id, name: contact.name, attributes: contactAttributes(attributes, contact.profile) },
    replyTo: { channel, recipient: `${CHANNEL_NAMES[channel] ?? channel} · ${who}` },
    assigneeName: conversation.assignee ? (agents.find((a) => a.id === conversation.assignee)?.name ?? conversation.assignee) : null,
    canned: Object.entries(settings.canned).map(([name, text]) => ({ name, text })),
  };
}
