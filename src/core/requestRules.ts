/**
 * The final request checked against the model's cache rules before anything is sent. The analyzer
 * checks the template; this checks what the template rendered — a `{{cachePoint}}` inside
 * `{{#each}}` becomes one point per item — so `run`, `count` and `export` refuse a request Bedrock
 * would answer with a 400, naming the template line.
 */
import type { Analysis } from './analysis';
import type { ConverseRequest, RequestSite } from './converseTypes';
import type { ModelRow } from './modelCatalog';

export interface RequestProblem {
  message: string;
  /** 0-based template line, when known. */
  line?: number;
}

interface RenderedPoint {
  field: 'tools' | 'system' | 'messages';
  ttl: '5m' | '1h';
  path: string;
  line?: number;
  /** The content block right before it in the same list. */
  previous?: object;
}

function renderedPoints(request: ConverseRequest, sites: readonly RequestSite[]): RenderedPoint[] {
  const lineAt = new Map(sites.map((s) => [s.path, s.line]));
  const points: RenderedPoint[] = [];
  const scan = (field: RenderedPoint['field'], list: readonly object[], prefix: string) => list.forEach((block, i) => {
    if (!('cachePoint' in block)) return;
    const path = `${prefix}.${i}`;
    const ttl = (block as { cachePoint: { ttl?: '5m' | '1h' } }).cachePoint.ttl ?? '5m';
    points.push({ field, ttl, path, line: lineAt.get(path), previous: list[i - 1] });
  });
  scan('tools', request.toolConfig?.tools ?? [], 'toolConfig.tools');
  scan('system', request.system ?? [], 'system');
  request.messages.forEach((m, i) => scan('messages', m.content, `messages.${i}.content`));
  return points;
}

const at = (line?: number) => (line === undefined ? '' : `line ${line + 1}: `);

export function checkRequest(request: ConverseRequest, sites: readonly RequestSite[], row: ModelRow | undefined, analysis?: Pick<Analysis, 'findings'>): RequestProblem[] {
  // Unknown models, and models without caching (Bedrock's refusal leads to "retry without"), are left to Bedrock.
  if (!row || row.maxPoints === 0) return [];
  const points = renderedPoints(request, sites);
  const problems: RequestProblem[] = [];
  const looped = (analysis?.findings ?? []).filter((f) => f.code === 'cache-point-in-block');
  if (points.length > row.maxPoints) {
    const where = looped.length > 0
      ? ` The {{cachePoint}} on ${looped.map((p) => `line ${p.range.start.line + 1}`).join(', ')} sits inside a block helper and rendered once per item: move it outside the block.`
      : '';
    problems.push({ line: looped[0]?.range.start.line, message: `The rendered request holds ${points.length} cache points; ${row.name} takes at most ${row.maxPoints}.${where}` });
  }
  let seenShort = false;
  for (const point of points) {
    if (!row.fields.includes(point.field)) {
      problems.push({ line: point.line, message: `${at(point.line)}${row.name} takes cache points only in ${row.fields.join(' and ')}, not in ${point.field}${point.field === 'tools' ? ' (remove cache.tools)' : ''}.` });
    }
    if (point.ttl === '1h' && !row.ttls.includes('1h')) problems.push({ line: point.line, message: `${at(point.line)}${row.name} has no 1-hour cache TTL: use ttl="5m".` });
    if (point.ttl === '1h' && seenShort) problems.push({ line: point.line, message: `${at(point.line)}a 1-hour cache point comes after a 5-minute one (order: tools, system, messages); Bedrock refuses that.` });
    if (point.ttl === '5m') seenShort = true;
    if (point.previous && 'reasoningContent' in point.previous) problems.push({ line: point.line, message: `${at(point.line)}a cache point cannot directly follow a reasoning block.` });
  }
  request.messages.forEach((m, i) => {
    if (m.content.length > 0 && m.content.every((b) => 'cachePoint' in b)) {
      const line = sites.find((s) => s.path.startsWith(`messages.${i}.`))?.line;
      problems.push({ line, message: `${at(line)}message ${i + 1} would hold only a cache point: a point must follow content in the same message.` });
    }
  });
  return problems;
}
