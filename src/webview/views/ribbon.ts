/**
 * The prefix ribbon: the prompt's blocks as one bar, tools → system → messages, each block as
 * wide as its share of tokens and coloured by what the cache did with it in the selected run.
 * Segments are buttons: click or Enter reveals the block in the editor.
 */
import type { UsageRecord } from '../../shared/usageRecord';
import { h } from '../dom';
import { formatTokens } from '../../shared/numberFormat';
import { ribbonSegments, type SegmentState } from '../ribbonModel';

const STATE_TEXT: Record<SegmentState, string> = { read: 'read from cache', written: 'written to cache', uncached: 'uncached' };

function lines(startLine: number, endLine: number): string {
  // Records hold 0-based lines like editor positions; people read 1-based ones.
  return startLine === endLine ? `line ${startLine + 1}` : `lines ${startLine + 1}–${endLine + 1}`;
}

export function ribbon(record: UsageRecord, onReveal: (startLine: number) => void): HTMLElement {
  const segments = ribbonSegments(record);
  const bar = h('div', { class: 'ribbon-bar', attrs: { role: 'group', 'aria-label': 'Prompt prefix by block' } });
  for (const [i, seg] of segments.entries()) {
    const { block } = seg;
    const label = `${block.label}: ${formatTokens(block.tokens)} tokens, ${STATE_TEXT[seg.state]}, ${lines(block.startLine, block.endLine)}`;
    const element = h('div', {
      class: `segment state-${seg.state} field-${block.field}`,
      attrs: {
        role: 'button', tabindex: 0, title: label, 'aria-label': label,
        'data-state': seg.state, 'data-start-line': block.startLine, 'data-focus-key': `segment-${i}`,
      },
      on: {
        click: () => onReveal(block.startLine),
        keydown: (event) => {
          if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); onReveal(block.startLine); }
        },
      },
    }, h('span', { class: 'segment-label' }, block.label));
    // CSSOM widths are allowed under the panel's CSP, unlike style attributes in markup.
    element.style.width = `${seg.widthPercent}%`;
    bar.appendChild(element);
    if (seg.cachePoint) {
      const point = seg.cachePoint;
      const text = `cache point at ${lines(point.line, point.line)} (${point.ttl}): ${point.status}, ${formatTokens(point.prefixTokens)} prefix tokens`;
      const marker = h('span', { class: `cache-marker marker-${point.status}`, attrs: { title: text, 'aria-label': text, role: 'img', 'data-line': point.line } });
      marker.style.left = `${seg.leftPercent + seg.widthPercent}%`;
      bar.appendChild(marker);
    }
  }
  const legend = h('ul', { class: 'legend', attrs: { 'aria-label': 'Legend' } },
    ...(['read', 'written', 'uncached'] as const).map((state) => h('li', {}, h('span', { class: `swatch state-${state}`, attrs: { 'aria-hidden': 'true' } }), STATE_TEXT[state])),
    h('li', {}, h('span', { class: 'swatch marker', attrs: { 'aria-hidden': 'true' } }), 'cache point'),
  );
  const table = h('details', { class: 'data-table' },
    h('summary', {}, 'Blocks as a table'),
    h('table', {},
      h('thead', {}, h('tr', {}, h('th', {}, 'Block'), h('th', {}, 'Part'), h('th', {}, 'Lines'), h('th', {}, 'Tokens'), h('th', {}, 'Cache'))),
      h('tbody', {}, ...segments.map((seg) => h('tr', {},
        h('td', {}, seg.block.label), h('td', {}, seg.block.field), h('td', {}, lines(seg.block.startLine, seg.block.endLine)),
        h('td', { class: 'num' }, formatTokens(seg.block.tokens)), h('td', {}, STATE_TEXT[seg.state] + (seg.cachePoint ? ` · cache point ${seg.cachePoint.ttl}` : ''))))),
    ),
  );
  return h('div', { class: 'ribbon' }, bar, legend, table);
}
