/** The cache-warm countdowns of the file's cache points; the app re-renders them every second. */
import { cacheWarmth, warmthLabel, type CachePointWarmth } from '../../shared/cacheWarmth';
import type { UsageRecord } from '../../shared/usageRecord';
import { h, icon } from '../dom';

function label(point: CachePointWarmth): string {
  return `Line ${point.line + 1} (${point.ttl}): ${warmthLabel(point)}`;
}

export function warmthList(records: readonly UsageRecord[], now: number): HTMLElement {
  const points = cacheWarmth(records, now);
  // Before any run there is nothing to say about warmth; after one, say why there is none.
  if (points.length === 0) return h('p', { class: 'muted warmth-empty' }, records.length === 0 ? '' : 'No cache points in the last run.');
  return h('ul', { class: 'warmth', attrs: { 'aria-label': 'Cache warmth' } },
    ...points.map((point) => h('li', { class: point.warm ? 'warm' : 'cold', attrs: { 'data-warmth-line': point.line } },
      icon(point.warm ? 'flame' : 'circle-slash'), ' ', h('span', { class: 'warmth-text' }, label(point)))));
}

/**
 * Updates the countdown text in place, so a tick does not rebuild the panel (and does not move
 * keyboard focus). Returns false when the set of points changed and a full render is needed.
 */
export function tickWarmth(container: ParentNode, records: readonly UsageRecord[], now: number): boolean {
  const items = container.querySelectorAll<HTMLElement>('[data-warmth-line]');
  const points = cacheWarmth(records, now);
  if (items.length !== points.length) return false;
  points.forEach((point, i) => {
    const item = items[i];
    if (item.dataset.warmthLine !== String(point.line)) return;
    const text = item.querySelector('.warmth-text');
    if (text) text.textContent = label(point);
    item.className = point.warm ? 'warm' : 'cold';
    const glyph = item.querySelector('.codicon');
    if (glyph) glyph.className = `codicon codicon-${point.warm ? 'flame' : 'circle-slash'}`;
  });
  return true;
}
