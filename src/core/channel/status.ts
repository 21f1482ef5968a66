/**
 * The readiness (`ChannelAdapter.status()`) of an adapter that runs one
 * long-lived connection (IMAP IDLE, Telegram polling, WhatsApp Web): the
 * same questions in the same order for every such channel, so /readyz reads
 * alike whichever channel it reports on.
 */
export function connectionStatus(input: {
  enabled: boolean;
  /** Why the adapter could not start (missing settings, a client that failed to build), or null. */
  problem: string | null;
  stopped: boolean;
  /** The connection's current state; null before it started. */
  state: { phase: string; detail: string } | null;
  /** Phases in which the channel can receive and send. */
  healthy: readonly string[];
}): { ok: boolean; detail: string } {
  if (!input.enabled) return { ok: true, detail: "disabled" };
  if (input.problem) return { ok: false, detail: input.problem };
  if (input.stopped) return { ok: false, detail: "stopped" };
  if (!input.state) return { ok: false, detail: "not started" };
  return { ok: input.healthy.includes(input.state.phase), detail: input.state.detail };
}
