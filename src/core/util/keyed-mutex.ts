/**
 * Runs tasks one at a time per key (and concurrently across keys). Used so two
 * messages from the same contact, arriving together, cannot both open a new
 * conversation, and so decisions for one conversation happen in order.
 */
export function keyedMutex() {
  const tails = new Map<string, Promise<unknown>>();
  return function run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return result;
  };
}
