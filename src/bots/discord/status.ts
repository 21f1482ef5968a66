import type { BotStatus } from "../../core/escalation/port.js";

export interface StatusTracker {
  status(): BotStatus;
  connected(detail: string): void;
  down(detail: string): void;
  /** The token was rejected: nothing works until it is replaced. */
  tokenRejected(detail: string): void;
  targetOk(name: string): void;
  targetFailed(name: string, detail: string): void;
  warn(detail: string | null): void;
}

/**
 * Health for /readyz. Per target: a target whose channel answered
 * auth/not-found is not ok (the hub disables it and alerts the fallback)
 * until a later call to it succeeds. A rejected token makes the whole bot
 * not ok, and every target with it.
 */
export function createStatusTracker(): StatusTracker {
  let ok = false;
  let detail = "not started";
  let warning: string | null = null;
  let tokenBad = false;
  const targets = new Map<string, { ok: boolean; detail: string }>();
  return {
    status() {
      const t = Object.fromEntries([...targets].map(([k, v]) => [k, tokenBad ? { ok: false, detail } : v]));
      return { ok: ok && !tokenBad, detail: warning && ok ? `${detail}; ${warning}` : detail, targets: t };
    },
    connected(d) {
      ok = true;
      tokenBad = false;
      detail = d;
    },
    down(d) {
      ok = false;
      detail = d;
    },
    tokenRejected(d) {
      ok = false;
      tokenBad = true;
      detail = d;
    },
    targetOk(name) {
      targets.set(name, { ok: true, detail: "ok" });
    },
    targetFailed(name, d) {
      targets.set(name, { ok: false, detail: d });
    },
    warn(d) {
      warning = d;
    },
  };
}
