import type { BotStatus } from "../../core/escalation/port.js";
import type { MappedSlackError } from "./errors.js";

/**
 * The bot's health as /readyz shows it. A token-level failure (revoked,
 * invalid, account inactive) takes the whole bot down; a channel-level one
 * (archived, bot removed, not found) only that target, keyed by the target's
 * config name when known (else the channel id). A later successful call
 * clears the failure, so a re-invited bot recovers without a restart.
 */
export interface StatusTracker {
  status(): BotStatus;
  started(detail: string): void;
  disabled(detail: string): void;
  stopped(): void;
  /** Records a failed call; `target` is the target's key (name or channel). */
  failed(failure: MappedSlackError, target: string | null): void;
  succeeded(target: string | null): void;
}

export function createStatusTracker(initial: { ok: boolean; detail: string }): StatusTracker {
  let base = { ...initial };
  let botFailure: string | null = null;
  const targets = new Map<string, { ok: boolean; detail: string }>();
  return {
    status() {
      const ok = base.ok && botFailure === null;
      const detail = botFailure ?? base.detail;
      return targets.size > 0 ? { ok, detail, targets: Object.fromEntries(targets) } : { ok, detail };
    },
    started(detail) {
      base = { ok: true, detail };
      botFailure = null;
    },
    disabled(detail) {
      base = { ok: false, detail };
    },
    stopped() {
      base = { ok: false, detail: "stopped" };
    },
    failed(failure, target) {
      if (failure.scope === "bot") botFailure = `slack token rejected (${failure.code}); fix SLACK_BOT_TOKEN and reinstall the app`;
      else if (failure.scope === "target" && target)
        targets.set(target, { ok: false, detail: `${failure.code}: invite the bot to the channel, unarchive it or fix the channel id` });
    },
    succeeded(target) {
      botFailure = null;
      if (target) targets.set(target, { ok: true, detail: "ok" });
    },
  };
}
