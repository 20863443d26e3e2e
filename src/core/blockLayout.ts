/**
 * Cuts a scanned body into blocks and cache points: the structural markers at nesting depth 0
 * are boundaries; each stretch of content between two of them is one block. Token counts are
 * filled in later by the analyzer.
 */
import type { ConverseField } from './analysis';
import { scanBody, STRUCTURAL, type Mustache } from './scanner';

export type Role = 'system' | 'user' | 'model';

export interface LaidBlock {
  kind: 'text' | 'media' | 'history';
  start: number;
  end: number;
  role: Role;
  field: ConverseField;
  messageIndex?: number;
  /** Mustaches inside the block (for variables, partials and nested markers). */
  mustaches: Mustache[];
  /** For media blocks: the url argument. */
  url?: string;
  /**
   * Set when the block comes from inside a partial that holds structural markers: the part of the
   * partial's text it stands for (start/end are then the `{{> partial}}` in the file).
   */
  fragment?: string;
}

export interface LaidCachePoint {
  marker: Mustache;
  role: Role;
  field: ConverseField;
  messageIndex?: number;
}

export interface LaidMarker {
  marker: Mustache;
  problem?: string;
}

export interface Layout {
  blocks: LaidBlock[];
  cachePoints: LaidCachePoint[];
  /** Markers with a problem of their own (bad role name…). */
  badMarkers: LaidMarker[];
}

const ROLES = new Set(['system', 'user', 'model']);

/**
 * @param expandPartial a partial's text with its own partials inlined (undefined when it cannot be
 *   read or includes itself): a partial holding role, history, media or section markers shapes the
 *   messages once rendered, so its markers are structure here too.
 */
export function layoutBlocks(text: string, bodyStart: number, bodyEnd: number, mustaches: Mustache[],
  expandPartial?: (name: string) => string | undefined): Layout {
  const blocks: LaidBlock[] = [];
  const cachePoints: LaidCachePoint[] = [];
  const badMarkers: LaidMarker[] = [];
  let role: Role = 'user';
  // Converse message numbering: system content never becomes a message; as in dotprompt, a role
  // marker after content starts a new message.
  let messageIndex = -1;
  let open = false;
  const place = () => {
    if (role === 'system') return { field: 'system' as const, messageIndex: undefined };
    if (!open) { messageIndex++; open = true; }
    return { field: 'message' as const, messageIndex };
  };

  let segmentStart = bodyStart;
  let inside: Mustache[] = [];
  const flush = (segmentEnd: number) => {
    const contentStart = skipBlank(text, segmentStart, segmentEnd, inside);
    if (contentStart < segmentEnd) {
      const end = trimEnd(text, contentStart, segmentEnd);
      blocks.push({ kind: 'text', start: contentStart, end, role, ...place(), mustaches: inside.length === 0 ? inside : inside.filter((m) => m.start >= contentStart && m.end <= end) });
    }
    inside = [];
  };

  /** Applies one structural marker; `site` is where it stands in the file (the partial for a marker inside one). */
  const apply = (m: Mustache, site: Mustache) => {
    switch (m.kind) {
      case 'role': {
        const name = (m.params[0] ?? '').replace(/^["']|["']$/g, '');
        if (!ROLES.has(name)) { badMarkers.push({ marker: site, problem: `Unknown role "${name}": use "system", "user" or "model".` }); break; }
        role = name as Role;
        open = false;
        break;
      }
      case 'cachePoint': {
        const where = role === 'system' ? { field: 'system' as const, messageIndex: undefined } : { field: 'message' as const, messageIndex: Math.max(messageIndex, 0) };
        cachePoints.push({ marker: site === m ? m : { ...site, hash: m.hash, params: m.params }, role, ...where });
        break;
      }
      case 'media': {
        const url = m.hash.url;
        if (!url) badMarkers.push({ marker: site, problem: '{{media}} needs url="…".' });
        blocks.push({ kind: 'media', start: site.start, end: site.end, role, ...place(), mustaches: [site === m ? m : { ...site, kind: 'media', hash: m.hash }], url });
        break;
      }
      case 'history':
        blocks.push({ kind: 'history', start: site.start, end: site.end, role, ...place(), mustaches: [site] });
        // Dotprompt continues after the history in a new model-role message.
        role = 'model';
        open = false;
        break;
      default:
        break;
    }
  };

  const expandStructural = (m: Mustache): boolean => {
    const expanded = expandPartial?.(m.name);
    if (expanded === undefined) return false;
    const inner = scanBody(expanded, 0).mustaches;
    if (!inner.some((x) => STRUCTURAL.has(x.kind) && x.depth === 0)) return false;
    flush(m.start);
    segmentStart = m.end;
    let from = 0;
    const piece = (to: number) => {
      const fragment = expanded.slice(from, to).trim();
      if (fragment) blocks.push({ kind: 'text', start: m.start, end: m.end, role, ...place(), mustaches: [m], fragment });
    };
    for (const x of inner) {
      if (!STRUCTURAL.has(x.kind) || x.depth > 0) continue;
      piece(x.start);
      from = x.end;
      apply(x, m);
    }
    piece(expanded.length);
    return true;
  };

  for (const m of mustaches) {
    if (m.kind === 'partial' && m.depth === 0 && expandStructural(m)) continue;
    if (!STRUCTURAL.has(m.kind) || m.depth > 0) {
      inside.push(m);
      continue;
    }
    flush(m.start);
    segmentStart = m.end;
    apply(m, m);
  }
  flush(bodyEnd);
  return { blocks, cachePoints, badMarkers };
}

/** Skips whitespace and comments at the start of a segment. */
function skipBlank(text: string, from: number, to: number, mustaches: Mustache[]): number {
  let i = from;
  for (;;) {
    while (i < to && isSpace(text.charCodeAt(i))) i++;
    const comment = mustaches.length === 0 ? undefined : mustaches.find((m) => m.start === i && m.kind === 'comment');
    if (!comment) return i;
    i = comment.end;
  }
}

function trimEnd(text: string, from: number, to: number): number {
  let i = to;
  while (i > from && isSpace(text.charCodeAt(i - 1))) i--;
  return i;
}

/** What `\s` matches, without making a string of each character (a keystroke looks at every block's edges). */
function isSpace(code: number): boolean {
  if (code < 128) return code === 32 || (code >= 9 && code <= 13);
  return /\s/.test(String.fromCharCode(code));
}
