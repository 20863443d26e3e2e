/**
 * What an editor knows about the edits since a text was last analyzed: how many characters at
 * the start and at the end are still the same. Built from the editor's own change events, it
 * spares a keystroke the comparison of two whole versions of a large document; it may claim
 * less than is really the same (a safe miss) but never more.
 */

/** One edit as the editor reports it: `rangeLength` characters at `rangeOffset` replaced by `text`. */
export interface TextEdit {
  rangeOffset: number;
  rangeLength: number;
  text: string;
}

export interface ChangeSpan {
  /** Characters at the start unchanged since the base text. */
  prefix: number;
  /** Characters at the end unchanged since the base text. */
  suffix: number;
  /** Length of the text after the edits. */
  length: number;
}

/** No edit yet: the whole text of this length is the same. */
export function unchangedSpan(length: number): ChangeSpan {
  return { prefix: length, suffix: length, length };
}

/** The span after `edits`, applied in order, each placed in the text as the previous ones left it. */
export function spanAfter(span: ChangeSpan, edits: readonly TextEdit[]): ChangeSpan {
  let { prefix, suffix, length } = span;
  for (const edit of edits) {
    // An edit that does not fit the text it claims to change: nothing can be said any more.
    if (edit.rangeOffset < 0 || edit.rangeLength < 0 || edit.rangeOffset + edit.rangeLength > length) return { prefix: 0, suffix: 0, length: -1 };
    prefix = Math.min(prefix, edit.rangeOffset);
    suffix = Math.min(suffix, length - edit.rangeOffset - edit.rangeLength);
    length += edit.text.length - edit.rangeLength;
  }
  return { prefix, suffix, length };
}

/**
 * The common start and end of the base text (of `baseLength`) and the current one, if the span
 * describes the current text; clamped so the two never overlap in either text.
 */
export function knownChange(span: ChangeSpan, baseLength: number, currentLength: number): { prefix: number; suffix: number } | undefined {
  if (span.length !== currentLength) return undefined;
  const shorter = Math.min(baseLength, currentLength);
  const prefix = Math.min(span.prefix, shorter);
  return { prefix, suffix: Math.min(span.suffix, shorter - prefix) };
}
