import type { EscalationSettings } from "../config/escalation-schema.js";
import type { Contact, HandoffCard } from "../model/index.js";
import type { EscalationTarget } from "./port.js";

/**
 * The targets an escalated conversation is posted to: every route whose
 * match holds adds its targets (so billing can go to #billing while a
 * security risk also pings #security), in config order without repeats;
 * when no route matches, the fallback target.
 */
export function routeTargets(settings: EscalationSettings, card: HandoffCard, contact: Contact): string[] {
  const names: string[] = [];
  for (const route of settings.routes) {
    const m = route.match;
    if (m.queue && !m.queue.includes(card.queue)) continue;
    if (m.priority && !m.priority.includes(card.priority)) continue;
    if (m.risk && !m.risk.includes(card.risk)) continue;
    if (m.language && !m.language.some((l) => card.language === l || card.language.startsWith(`${l}-`))) continue;
    if (m.tier && !(contact.profile.tier && m.tier.includes(contact.profile.tier))) continue;
    for (const t of route.targets) if (!names.includes(t)) names.push(t);
  }
  if (names.length === 0 && settings.fallback) names.push(settings.fallback);
  return names;
}

/**
 * The targets that hear about a queue as a whole (the shift handover digest):
 * those of routes matching on the queue alone, in config order without
 * repeats; none: the fallback target. Routes with further conditions (risk,
 * tier, …) see only the conversations that meet them, so they are left out.
 */
export function queueTargets(settings: EscalationSettings, queue: string): string[] {
  const names: string[] = [];
  for (const route of settings.routes) {
    const m = route.match;
    if (!m.queue?.includes(queue) || m.priority || m.risk || m.language || m.tier) continue;
    for (const t of route.targets) if (!names.includes(t)) names.push(t);
  }
  if (names.length === 0 && settings.fallback) names.push(settings.fallback);
  return names;
}

export function targetOf(settings: EscalationSettings, name: string): EscalationTarget | null {
  const t = settings.targets[name];
  return t ? { name, platform: t.platform, channel: t.channel ?? name, mention: t.mention, repliesByDefault: t.replies_by_default } : null;
}
