import { DateTime } from "luxon";
import { openIntervals } from "../calendar/business-time.js";
import type { Clock } from "../clock.js";
import type { BusinessHours } from "../config/business-hours.js";
import { makeEvent, PRIORITIES, type Conversation, type DomainEvent, type NewTimer } from "../model/index.js";
import type { Store } from "../store/port.js";
import { answeredSinceHandoff } from "./conversation-timers.js";
import type { TimerHandler } from "./scheduler.js";

export const HANDOVER_DIGEST = "handover_digest";
export const HANDOVER_DIGEST_KEY = "handover:digest";
export const HANDOVER_DIGEST_EVENT = "handover.digest";
/** At most this many conversations are read per queue; the digest says when there are more. */
const MAX_PER_QUEUE = 200;
/** Lines shown per section; the rest is counted ("… and 12 more"). */
const MAX_LINES = 15;

/**
 * The start of the next shift strictly after `after`: the start of the next
 * business-hours range (each range of a split day is a shift), or null when
 * the calendar never opens again within its horizon.
 */
export function nextShiftStart(hours: BusinessHours, after: Date): Date | null {
  const from = after.getTime() + 1;
  for (const iv of openIntervals(hours, new Date(from))) if (iv.start > from) return new Date(iv.start);
  return null;
}

/** Where a shift that starts at `start` ends (the end of its business-hours range). */
function shiftEnd(hours: BusinessHours, start: Date): Date {
  const first = openIntervals(hours, start).next();
  return first.done ? start : new Date(first.value.end);
}

/** One conversation in a digest section. */
export interface HandoverItem {
  conversation: Conversation;
  /** Why it is listed: the SLA passed, falls due this shift, the customer waits for an answer, or a snooze ends this shift. */
  section: "breached" | "due" | "waiting" | "waking";
  /** The instant that matters for the section (due time, last customer message, snooze end). */
  at: Date;
}

/** What one queue's handover holds. */
export interface QueueHandover {
  queue: string;
  items: HandoverItem[];
  /** True when more conversations were waiting than were read. */
  truncated: boolean;
}

/**
 * The human-owned conversations of a queue the next shift must know about:
 * breached first-response SLAs, SLAs falling due before `until`, customers
 * waiting for an answer (their message is the last word), snoozes ending
 * before `until`. Pending conversations (the customer owes the answer) are
 * left out. Ordered by section, then priority (urgent first), then time.
 */
export async function collectHandover(store: Store, queue: string, now: Date, until: Date): Promise<QueueHandover> {
  const items: HandoverItem[] = [];
  let after: string | null = null;
  let read = 0;
  do {
    const page = await store.listInbox({ statuses: ["open", "snoozed"], owner: "human", queues: [queue], order: "waiting", after, limit: 50 });
    for (const c of page.conversations) {
      const item = await classify(store, c, now, until);
      if (item) items.push(item);
    }
    read += page.conversations.length;
    after = page.next;
  } while (after && read < MAX_PER_QUEUE);
  const order = ["breached", "due", "waiting", "waking"];
  const rank = (i: HandoverItem) => PRIORITIES.length - PRIORITIES.indexOf(i.conversation.priority);
  items.sort((a, b) => order.indexOf(a.section) - order.indexOf(b.section) || rank(a) - rank(b) || a.at.getTime() - b.at.getTime());
  return { queue, items, truncated: after !== null };
}

async function classify(store: Store, c: Conversation, now: Date, until: Date): Promise<HandoverItem | null> {
  if (c.status === "snoozed") {
    return c.snoozedUntil && c.snoozedUntil.getTime() <= until.getTime() ? { conversation: c, section: "waking", at: c.snoozedUntil } : null;
  }
  const due = c.handoff?.slaDueAt ?? null;
  if (c.handoff && due && !(await answeredSinceHandoff(store, c))) {
    if (due.getTime() <= now.getTime()) return { conversation: c, section: "breached", at: due };
    if (due.getTime() <= until.getTime()) return { conversation: c, section: "due", at: due };
  }
  const last = (await store.listMessages(c.id)).filter((m) => m.direction !== "internal").at(-1);
  return last?.direction === "inbound" ? { conversation: c, section: "waiting", at: last.createdAt } : null;
}

const HEADINGS: Record<HandoverItem["section"], string> = {
  breached: "⏱ SLA breached, still unanswered",
  due: "⏳ First response due this shift",
  waiting: "💬 Customer waiting for a reply",
  waking: "⏰ Snoozes ending this shift",
};
const VERB: Record<HandoverItem["section"], string> = { breached: "was due", due: "due", waiting: "wrote", waking: "wakes" };

/** The digest text for one queue (plain text with links; every platform renders it). */
export function formatHandover(
  h: QueueHandover,
  o: { queueName: string; shiftStart: Date; shiftEnd: Date; zone: string; urlOf(conversationId: string): string },
): string {
  const time = (d: Date) => DateTime.fromJSDate(d, { zone: o.zone }).toFormat("ccc HH:mm");
  const lines = [`🌅 Shift handover: ${o.queueName}, ${time(o.shiftStart)}–${DateTime.fromJSDate(o.shiftEnd, { zone: o.zone }).toFormat("HH:mm")} (${o.zone})`];
  for (const section of ["breached", "due", "waiting", "waking"] as const) {
    const items = h.items.filter((i) => i.section === section);
    if (items.length === 0) continue;
    lines.push("", `${HEADINGS[section]} (${items.length}):`);
    for (const i of items.slice(0, MAX_LINES)) {
      const goal = (i.conversation.handoff?.goal ?? "").replace(/\s+/g, " ").slice(0, 90);
      lines.push(`• [${i.conversation.priority}] ${goal || "(no summary)"}: ${VERB[section]} ${time(i.at)} ${o.urlOf(i.conversation.id)}`);
    }
    if (items.length > MAX_LINES) lines.push(`• … and ${items.length - MAX_LINES} more`);
  }
  if (h.truncated) lines.push("", `More than ${MAX_PER_QUEUE} conversations are open in this queue; the console lists them all.`);
  return lines.join("\n");
}

export interface HandoverDigestDeps {
  store: Store;
  clock: Clock;
  businessHours: BusinessHours;
  /** The queues that get a digest, with their display names. */
  queues: ReadonlyArray<{ id: string; name: string }>;
  /** Posts a queue's digest to the targets its conversations are routed to; returns how many took it. */
  post(queue: string, text: string): Promise<number>;
  urlOf(conversationId: string): string;
  /** Runs first, while the shift is starting (e.g. automatic assignment of what waited overnight). */
  onShiftStart?(): Promise<void>;
  /** Schedules the next shift's digest with this run's events (same key, so in the same store step). */
  schedule(timer: Omit<NewTimer, "createdAt">, events: DomainEvent[]): Promise<void>;
}

/**
 * At each shift start (the start of every business-hours range) each queue's
 * targets get a handover digest: what breached, what falls due this shift,
 * who waits for a reply, which snoozes end, in priority order with links.
 * Nothing to say: nothing posted. One `handover.digest` event per queue
 * posted, with the counts. A shift the hub was down for is skipped (the
 * next shift's digest covers the same work), never sent late.
 */
export function handoverDigestHandler(deps: HandoverDigestDeps): TimerHandler {
  return async (timer): Promise<DomainEvent[]> => {
    const now = deps.clock.now();
    // The shift the timer was set for. A hub that was down past its end skips it: the next shift's digest covers the same work.
    const start = timer.dueAt;
    const end = shiftEnd(deps.businessHours, start);
    const events: DomainEvent[] = [];
    await deps.onShiftStart?.();
    for (const q of end.getTime() > now.getTime() ? deps.queues : []) {
      const h = await collectHandover(deps.store, q.id, now, end);
      if (h.items.length === 0) continue;
      const text = formatHandover(h, { queueName: q.name, shiftStart: start, shiftEnd: end, zone: deps.businessHours.timezone, urlOf: deps.urlOf });
      const posted = await deps.post(q.id, text);
      const count = (s: HandoverItem["section"]) => h.items.filter((i) => i.section === s).length;
      events.push(
        makeEvent(
          HANDOVER_DIGEST_EVENT,
          "system",
          now,
          { conversationId: null, contactId: null },
          {
            queue: q.id,
            breached: count("breached"),
            due: count("due"),
            waiting: count("waiting"),
            waking: count("waking"),
            posted,
          },
        ),
      );
    }
    const next = nextShiftStart(deps.businessHours, now);
    if (next) await deps.schedule({ key: HANDOVER_DIGEST_KEY, kind: HANDOVER_DIGEST, conversationId: null, dueAt: next, data: {} }, events);
    else if (events.length) await deps.store.appendEvents(events);
    return [];
  };
}
