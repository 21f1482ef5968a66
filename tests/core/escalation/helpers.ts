import type { EscalationRef } from "../../../src/core/model/index.js";
import type { AgentDesk, BotStatus, EscalationBot, EscalationTarget, MirrorEntry, ThreadView } from "../../../src/core/escalation/port.js";
import { alwaysOpenConfig } from "../../helpers/hub.js";

/** What a recording bot was asked to do, in order. */
export type BotCall =
  | { method: "openThread"; target: EscalationTarget; view: ThreadView }
  | { method: "mirror"; ref: EscalationRef; entry: MirrorEntry }
  | { method: "update"; ref: EscalationRef; view: ThreadView }
  | { method: "notify"; target: EscalationTarget; text: string; options?: { linkTo?: EscalationRef } };

export interface RecordingBot extends EscalationBot {
  calls: BotCall[];
  /** Every openThread attempt (also failed ones): target name and wall-clock time. */
  attempts: { target: string; at: number }[];
  /** Threads opened successfully, in order. */
  opened: { target: EscalationTarget; view: ThreadView; ref: EscalationRef }[];
  /** Per target name: errors to throw from the next openThread calls, in order. */
  failOpen: Map<string, Error[]>;
  /** Per target name: keep throwing this error from openThread until cleared. */
  failAlways: Map<string, Error>;
  /** Milliseconds openThread waits before answering (simulates a slow platform). */
  openDelayMs: number;
  desk: AgentDesk | null;
  of<M extends BotCall["method"]>(method: M): Extract<BotCall, { method: M }>[];
}

/**
 * A hand-written EscalationBot that records every call and can be told to
 * fail or be slow. Passed to the hub through `botOverrides`; never mocked.
 */
export function recordingBot(platform = "slack"): RecordingBot {
  let n = 0;
  const bot: RecordingBot = {
    platform,
    calls: [],
    attempts: [],
    opened: [],
    failOpen: new Map(),
    failAlways: new Map(),
    openDelayMs: 0,
    desk: null,
    of(method) {
      return bot.calls.filter((c) => c.method === method) as never;
    },
    async start(desk) {
      bot.desk = desk;
    },
    async stop() {},
    status: (): BotStatus => ({ ok: true, detail: "fake" }),
    async openThread(target, view) {
      bot.calls.push({ method: "openThread", target, view });
      bot.attempts.push({ target: target.name, at: Date.now() });
      if (bot.openDelayMs > 0) await new Promise((r) => setTimeout(r, bot.openDelayMs));
      const queued = bot.failOpen.get(target.name)?.shift();
      if (queued) throw queued;
      const always = bot.failAlways.get(target.name);
      if (always) throw always;
      const ref: EscalationRef = {
        platform,
        target: target.channel,
        threadId: `${target.channel}-t${++n}`,
        url: `https://chat.example/${target.channel}/${n}`,
      };
      bot.opened.push({ target, view, ref });
      return ref;
    },
    async mirror(ref, entry) {
      bot.calls.push({ method: "mirror", ref, entry });
    },
    async update(ref, view) {
      bot.calls.push({ method: "update", ref, view });
    },
    async notify(target, text, options) {
      bot.calls.push({ method: "notify", target, text, ...(options ? { options } : {}) });
      return { platform, target: target.channel, threadId: `${target.channel}-n${++n}` };
    },
  };
  return bot;
}

export const AGENTS = {
  mia: { platform: "slack", userId: "U0MIA", name: "Mia" },
  ben: { platform: "slack", userId: "U0BEN", name: "Ben" },
  stranger: { platform: "slack", userId: "U0NOBODY", name: "Eve" },
} as const;

export const ESCALATION_YAML = `escalation:
  targets:
    support:  { platform: slack, channel: C0SUPPORT, mention: [], replies_by_default: true }
    billing:  { platform: slack, channel: C0BILLING, mention: ["<!subteam^S0BILL>"], replies_by_default: true }
    security: { platform: slack, channel: C0SECURITY, mention: [] }
    eng:      { platform: discord, channel: "900000000000000001", mention: [] }
  routes:
    - { match: { queue: [billing] }, targets: [billing] }
  fallback: support
  undo_window: 10s
  retry: { base_delay: 40ms, max_delay: 160ms }
  canned:
    photo_request: "Could you send us a photo of the damage?"
    refund_started: "Your refund is on its way."
  call:
    url_template: "https://meet.example/northwind-{conversation}"
    invitation: "{agent} invites you to a call: {url}"

agents:
  - { id: mia, name: Mia, email: mia@example.com, slack: [U0MIA] }
  - { id: ben, name: Ben Ortiz, slack: [U0BEN], discord: ["700000000000000007"] }
`;

/** The shipped config (always open) with the escalation and agents sections replaced. */
export function escalationConfig(escalationYaml = ESCALATION_YAML): string {
  const base = alwaysOpenConfig();
  const replaced = base.replace(/^escalation:\n[\s\S]*?^agents:[^\n]*\n(?:[ \t]+#[^\n]*\n)*/m, `${escalationYaml}\n`);
  if (replaced === base) throw new Error("escalationConfig: could not find the escalation/agents sections");
  return replaced;
}

/** Polls until `check` passes (real time: the relay's retries run on timers). */
export async function eventually(check: () => void | Promise<void>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (e) {
      if (Date.now() > end) throw e;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

export const CHARGEBACK = "I will file a chargeback with my bank if you don't refund order 1042 today";
