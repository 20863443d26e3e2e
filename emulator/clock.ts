// Two offsets from the machine clock, because "time passes" and "the server's clock is wrong" are
// different things to a client: advancing time moves both sides (so cache entries age, but SigV4
// dates stay in step), while skew moves only the server (so signatures look expired or early).

export class EmulatorClock {
  private advancedMs = 0;
  private skewMs = 0;

  /** Emulated time: cache TTLs are measured on this clock. */
  now(): number {
    return Date.now() + this.advancedMs;
  }

  /**
   * The server's wall clock, used for the SigV4 date check and the `Date` response header (from
   * which the SDK corrects its own skew). Advancing time leaves it alone because the client's
   * clock would have moved by the same amount.
   */
  wallClock(): number {
    return Date.now() + this.skewMs;
  }

  /** Lets time pass for cache entries without waiting (the client's clock is assumed to move too). */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('advance() takes a non-negative number of milliseconds');
    this.advancedMs += ms;
  }

  /** Sets how far the server's clock is off from the client's (positive = server ahead). */
  setSkew(ms: number): void {
    if (!Number.isFinite(ms)) throw new RangeError('setSkew() takes a number of milliseconds');
    this.skewMs = ms;
  }

  get state(): { advancedMs: number; skewMs: number; now: string } {
    return { advancedMs: this.advancedMs, skewMs: this.skewMs, now: new Date(this.now()).toISOString() };
  }

  reset(): void {
    this.advancedMs = 0;
    this.skewMs = 0;
  }
}
