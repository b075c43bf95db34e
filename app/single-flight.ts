/**
 * One call at a time per key: concurrent callers with the same key share the promise of
 * the call already under way; the next call after it settles starts afresh.
 */
export function createSingleFlight<K, V>() {
  const inflight = new Map<K, Promise<V>>();
  return function singleFlight(key: K, run: () => Promise<V>): Promise<V> {
    let pending = inflight.get(key);
    if (!pending) {
      pending = run().finally(() => inflight.delete(key));
      inflight.set(key, pending);
    }
    return pending;
  };
}
