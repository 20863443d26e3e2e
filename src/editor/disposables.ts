/**
 * Disposing that does not stop at the first throw. A root object that disposes its registrations in
 * a plain loop leaves every registration after a throwing one alive (providers, listeners, timers)
 * for the rest of the window's life; these helpers dispose everything, then report what failed.
 * No run-time `vscode` import: `vscode.Disposable` fits the interface below, and the helpers are
 * tested in plain Node.
 */

/** Anything that can be disposed; `vscode.Disposable` is one. */
export interface Disposable {
  dispose(): unknown;
}

/**
 * Disposes every item in the order given, even when some throw. Once all have run: a single error
 * is rethrown as it was, several are rethrown together as one AggregateError (in disposal order).
 */
export function disposeAll(items: Iterable<Disposable>): void {
  const errors: unknown[] = [];
  for (const item of items) {
    try {
      item.dispose();
    } catch (error) {
      errors.push(error);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, `${errors.length} of the disposed items threw while disposing`);
}

/**
 * Owns disposables and disposes them all once, last added first (what was built on top of
 * something goes before it), keeping on after a throw as {@link disposeAll} does.
 */
export class DisposableStore implements Disposable {
  private items: Disposable[] = [];
  private disposed = false;

  /** Takes ownership of `item` and returns it. Once the store is disposed, a late item is disposed at once rather than leaked. */
  add<T extends Disposable>(item: T): T {
    if (this.disposed) {
      item.dispose();
    } else {
      this.items.push(item);
    }
    return item;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const items = this.items.reverse();
    this.items = [];
    disposeAll(items);
  }
}
