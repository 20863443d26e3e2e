/**
 * Watches the event loop while work runs: the longest gap between two turns is the longest time
 * the extension host would have been blocked.
 */
export function watchEventLoop(): { stop(): number } {
  let longest = 0;
  let last = performance.now();
  let running = true;
  const tick = () => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  return {
    /** Stops watching; the longest gap seen, in ms. */
    stop: () => {
      running = false;
      return Math.max(longest, performance.now() - last);
    },
  };
}
