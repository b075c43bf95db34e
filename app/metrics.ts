/** Counters kept in-process (drops by reason, errors). Exposed at /api/metrics for the admin. */
export function createMetrics() {
  const counters = new Map<string, number>();
  return {
    count(name: string, n = 1) {
      counters.set(name, (counters.get(name) ?? 0) + n);
    },
    snapshot(): Record<string, number> {
      return Object.fromEntries(counters);
    },
  };
}
export type Metrics = ReturnType<typeof createMetrics>;
