/**
 * A copy of a string that shares no memory with the string it was cut from. V8 keeps a slice of
 * a long string as a view into the whole, so a memo keyed by one block's text, or a count kept for
 * an unchanged block, would keep that whole version of the document alive — and, typing into a
 * 1 MB prompt, every version typed so far. Whatever outlives one analysis is detached first.
 */

/** V8 copies slices shorter than this; longer ones are views. */
const SHORTEST_VIEW = 13;

export function detached(text: string): string {
  // Slicing a concatenation makes V8 flatten it into fresh memory first: the result is a view
  // into that copy, not into the document.
  return text.length < SHORTEST_VIEW ? text : (` ${text}`).slice(1);
}
