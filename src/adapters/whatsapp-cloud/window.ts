/** WhatsApp's customer-service window: free text is allowed this long after the customer's last message. */
export const REPLY_WINDOW_HOURS = 24;
const WINDOW_MS = REPLY_WINDOW_HOURS * 3_600_000;

/**
 * Remembers when each customer (E.164 phone) last wrote, in memory. After a
 * restart the window is unknown and treated as closed, the safe side: the
 * configured template goes out instead of free text until they write again.
 */
export interface ReplyWindow {
  /** Records a customer message; keeps the latest time. */
  record(phone: string, at: Date): void;
  /** Whether free text may be sent to this customer now. */
  isOpen(phone: string, now: Date): boolean;
  /** Forgets the customer (WhatsApp said the window is closed). */
  close(phone: string): void;
  size(): number;
}

export function createReplyWindow(): ReplyWindow {
  const lastInbound = new Map<string, number>();
  let recordsSinceSweep = 0;

  function sweep(now: number): void {
    for (const [phone, at] of lastInbound) if (now - at >= WINDOW_MS) lastInbound.delete(phone);
  }

  return {
    record(phone, at) {
      const t = at.getTime();
      const prev = lastInbound.get(phone);
      if (prev === undefined || t > prev) lastInbound.set(phone, t);
      // Entries older than the window are useless; sweep now and then so the map stays bounded.
      if (++recordsSinceSweep >= 1000) {
        recordsSinceSweep = 0;
        sweep(t);
      }
    },
    isOpen(phone, now) {
      const at = lastInbound.get(phone);
      return at !== undefined && now.getTime() - at < WINDOW_MS;
    },
    close(phone) {
      lastInbound.delete(phone);
    },
    size: () => lastInbound.size,
  };
}
