/** Runs `fn`, swallowing anything it throws: pixel faults must never reach the shop's page. */
export function neverThrow(fn: () => void): void {
  try {
    fn();
  } catch {
    // never into the page
  }
}
