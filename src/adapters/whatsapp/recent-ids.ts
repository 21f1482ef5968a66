/**
 * A bounded set of recently seen message ids (oldest forgotten first).
 * WhatsApp Web can emit the same message again after a reconnect; dropping it
 * here saves a store round-trip. The hub's (channel, external id) dedupe stays
 * the guarantee, also across restarts.
 */
export interface RecentIds {
  has(id: string): boolean;
  add(id: string): void;
  size(): number;
}

export function createRecentIds(limit: number): RecentIds {
  const ids = new Set<string>();
  return {
    has: (id) => ids.has(id),
    add(id) {
      ids.delete(id);
      ids.add(id);
      if (ids.size > limit) ids.delete(ids.values().next().value!);
    },
    size: () => ids.size,
  };
}
