/**
 * The prefix check's result in the four forms `prompt-cache check` prints: plain text, the JSON
 * contract (kept stable; other tools read it), SARIF 2.1.0 for code scanning, and GitHub workflow
 * annotations.
 */
import type * as Sarif from 'sarif';
import type { ChangedPoint, LockCheck, PromptListed } from './lockComparison';

export const CHECK_FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type CheckFormat = typeof CHECK_FORMATS[number];

export const RULES = {
  changed: 'cache-prefix-changed',
  added: 'cache-prompt-added',
  removed: 'cache-prompt-removed',
  error: 'cache-prompt-error',
} as const;

function usd(n: number): string {
  return n >= 0.01 || n === 0 ? `$${n.toFixed(2)}` : `$${n.toFixed(4)}`;
}

const WHAT: Record<ChangedPoint['block'], string> = {
  tools: 'the tools block (tool list or its order)',
  text: 'line',
  model: 'the model',
};

export function changedMessage(c: ChangedPoint): string {
  const where = c.block === 'text' ? `line ${c.firstChangedLine}` : `${WHAT[c.block]} at line ${c.firstChangedLine}`;
  const cost = c.priced ? `re-warm ≈ ${usd(c.rewarmCostUSD)}` : 're-warm cost unknown (no price for the model)';
  return `The cache point at line ${c.cachePointLine} no longer closes the locked prefix: it first differs at ${where}. ` +
    `Every caller writes ~${c.prefixTokens.toLocaleString('en-US')} tokens again (${cost}). Run \`prompt-cache lock\` if the change is intended.`;
}

function listedMessage(p: PromptListed, kind: 'added' | 'removed'): string {
  return kind === 'added'
    ? `Not in the lock (${p.cachePoints} cache point${p.cachePoints === 1 ? '' : 's'}): run \`prompt-cache lock\` to add it.`
    : 'In the lock, but the prompt is gone or has no cache point any more: run `prompt-cache lock` to drop it.';
}

/** The JSON contract: `{ok, changed, added, removed}` (plus `errors` when a prompt could not be read). */
export function checkJson(check: LockCheck): string {
  const body: Record<string, unknown> = {
    ok: check.ok,
    changed: check.changed.map((c) => ({
      file: c.file, cachePointLine: c.cachePointLine, firstChangedLine: c.firstChangedLine,
      prefixTokens: c.prefixTokens, rewarmCostUSD: c.rewarmCostUSD, block: c.block,
    })),
    added: check.added,
    removed: check.removed,
  };
  if (check.errors.length > 0) body.errors = check.errors;
  return JSON.stringify(body, null, 2);
}

export function checkText(check: LockCheck, strict = false): string {
  const lines: string[] = [];
  for (const c of check.changed) lines.push(`${c.file}:${c.firstChangedLine}: changed: ${changedMessage(c)}`);
  for (const e of check.errors) lines.push(`${e.file}: error: ${e.message}`);
  for (const a of check.added) lines.push(`${a.file}: ${strict ? 'error' : 'note'}: added: ${listedMessage(a, 'added')}`);
  for (const r of check.removed) lines.push(`${r.file}: ${strict ? 'error' : 'note'}: removed: ${listedMessage(r, 'removed')}`);
  const total = check.changed.reduce((s, c) => s + c.rewarmCostUSD, 0);
  lines.push(check.changed.length === 0
    ? (check.ok ? 'Cached prefixes match the lock.' : 'Cached prefixes match the lock, but the check failed (see above).')
    : `${check.changed.length} cached prefix${check.changed.length === 1 ? '' : 'es'} changed; re-warming costs ≈ ${usd(total)} once per cache.`);
  return lines.join('\n');
}

/** SARIF 2.1.0: one run, one rule per kind of result, locations relative to the repository root. */
export function checkSarif(check: LockCheck, strict = false): Sarif.Log {
  const location = (file: string, line: number): Sarif.Location => ({
    physicalLocation: { artifactLocation: { uri: file, uriBaseId: '%SRCROOT%' }, region: { startLine: Math.max(1, line) } },
  });
  const listedLevel: Sarif.Result.level = strict ? 'error' : 'note';
  const results: Sarif.Result[] = [
    ...check.changed.map((c): Sarif.Result => ({
      ruleId: RULES.changed, level: 'error', message: { text: changedMessage(c) },
      locations: [location(c.file, c.firstChangedLine)],
      relatedLocations: [{ ...location(c.file, c.cachePointLine), id: 0, message: { text: 'the cache point' } }],
      properties: { cachePointLine: c.cachePointLine, prefixTokens: c.prefixTokens, rewarmCostUSD: c.rewarmCostUSD, block: c.block },
    })),
    ...check.errors.map((e): Sarif.Result => ({ ruleId: RULES.error, level: 'error', message: { text: e.message }, locations: [location(e.file, 1)] })),
    ...check.added.map((a): Sarif.Result => ({ ruleId: RULES.added, level: listedLevel, message: { text: listedMessage(a, 'added') }, locations: [location(a.file, 1)] })),
    ...check.removed.map((r): Sarif.Result => ({ ruleId: RULES.removed, level: listedLevel, message: { text: listedMessage(r, 'removed') }, locations: [location(r.file, 1)] })),
  ];
  const rule = (id: string, text: string): Sarif.ReportingDescriptor => ({ id, shortDescription: { text } });
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [{
      tool: {
        driver: {
          name: 'prompt-cache',
          rules: [
            rule(RULES.changed, 'A locked cached prefix changed'),
            rule(RULES.error, 'A prompt could not be rendered for the lock'),
            rule(RULES.added, 'A prompt with cache points is not in the lock'),
            rule(RULES.removed, 'A locked prompt is gone'),
          ],
        },
      },
      results,
    }],
  };
}

/** GitHub's escaping for a workflow command's message: %, CR and LF. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** …and for a property value, also `:` and `,`. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function annotation(kind: 'error' | 'warning' | 'notice', props: Record<string, string | number>, message: string): string {
  const list = Object.entries(props).map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',');
  return `::${kind} ${list}::${escapeData(message)}`;
}

/** Workflow annotations: `::error file=…,line=…,title=…::message`. */
export function checkGithub(check: LockCheck, strict = false): string {
  const listed = strict ? 'error' : 'notice';
  return [
    ...check.changed.map((c) => annotation('error', { file: c.file, line: c.firstChangedLine, title: 'Cached prefix changed' }, changedMessage(c))),
    ...check.errors.map((e) => annotation('error', { file: e.file, line: 1, title: 'Prompt not rendered' }, e.message)),
    ...check.added.map((a) => annotation(listed, { file: a.file, line: 1, title: 'Prompt not in the lock' }, listedMessage(a, 'added'))),
    ...check.removed.map((r) => annotation(listed, { file: r.file, line: 1, title: 'Locked prompt removed' }, listedMessage(r, 'removed'))),
  ].join('\n');
}
