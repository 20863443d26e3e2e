/**
 * A memo bounded by entries and by the characters it keeps, forgetting the oldest first. Counting
 * entries alone is not enough: each keystroke in a long block adds that block's whole new text,
 * and a few thousand versions of a 1 MB block would be gigabytes.
 */
export class BoundedMemo<V> {
  private readonly entries = new Map<string, { value: V; chars: number }>();
  private kept = 0;

  constructor(private readonly maxEntries: number, private readonly maxChars: number) {}

  get size(): number {
    return this.entries.size;
  }

  /** Characters held now, as declared by set() and grow(). */
  get chars(): number {
    return this.kept;
  }

  get(key: string): V | undefined {
    return this.entries.get(key)?.value;
  }

  /** Keeps `value`, which holds `chars` characters (the key's own included). */
  set(key: string, value: V, chars: number): void {
    const old = this.entries.get(key);
    if (old) { this.kept -= old.chars; this.entries.delete(key); }
    this.entries.set(key, { value, chars });
    this.kept += chars;
    this.evict();
  }

  /** Forgets `key` (its value turned out stale). */
  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.kept -= entry.chars;
    this.entries.delete(key);
  }

  /** The value kept under `key` now holds `chars` more characters. */
  grow(key: string, chars: number): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    entry.chars += chars;
    this.kept += chars;
    this.evict();
  }

  private evict(): void {
    // The newest entry always stays: it is the one about to be used.
    while (this.entries.size > 1 && (this.entries.size > this.maxEntries || this.kept > this.maxChars)) {
      const [key, oldest] = this.entries.entries().next().value as [string, { chars: number }];
      this.entries.delete(key);
      this.kept -= oldest.chars;
    }
  }
}
