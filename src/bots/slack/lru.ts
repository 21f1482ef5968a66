/**
 * A bounded map that forgets its oldest entries: the retry dedupe (event ids),
 * thread lookups and the users.info cache must not grow without limit in a
 * long-running hub. Insertion order is recency order (a `set` moves a key to
 * the end).
 */
export interface Lru<V> {
  get(key: string): V | undefined;
  has(key: string): boolean;
  set(key: string, value: V): void;
  /** Adds the key and returns true when it was not there yet (the dedupe primitive). */
  add(key: string, value: V): boolean;
  readonly size: number;
}

export function createLru<V>(capacity: number): Lru<V> {
  const map = new Map<string, V>();
  const set = (key: string, value: V): void => {
    map.delete(key);
    map.set(key, value);
    while (map.size > capacity) {
      const oldest = map.keys().next().value as string;
      map.delete(oldest);
    }
  };
  return {
    get: (key) => map.get(key),
    has: (key) => map.has(key),
    set,
    add(key, value) {
      if (map.has(key)) return false;
      set(key, value);
      return true;
    },
    get size() {
      return map.size;
    },
  };
}
