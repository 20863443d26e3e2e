/**
 * Which catalog models can run a prompt, for the comparison: the model must cache prompts and
 * carry a price (the comparison is about cost), and must accept what the prompt sends — Claude
 * takes images and documents but no video. The user's `--models` list filters the result.
 */
import type { Analysis } from './analysis';
import { mediaKind } from './converseMedia';
import type { ModelRow } from './modelCatalog';

export interface CandidateChoice {
  models: ModelRow[];
  /** Models left out, each with the reason (only those the user asked for, or all when no list). */
  skipped: { model: string; reason: string }[];
}

/** Why `row` cannot run the prompt `analysis` describes; undefined when it can. */
export function cannotRun(row: ModelRow, analysis: Analysis): string | undefined {
  if (!row.prices) return `${row.name} has no price in the catalog.`;
  if (row.minTokens <= 0 || row.maxPoints <= 0) return `${row.name} does not cache prompts.`;
  const video = analysis.blocks.some((b) => b.kind === 'media' && b.url && mediaKind(b.url) === 'video');
  if (video && row.family !== 'nova') return `${row.name} does not accept video.`;
  return undefined;
}

/**
 * The candidates for a prompt. `wanted` holds catalog IDs or their names' prefixes (case-insensitive);
 * an ID not in the catalog is reported as skipped.
 */
export function chooseCandidates(catalog: readonly ModelRow[], analysis: Analysis, wanted?: readonly string[]): CandidateChoice {
  const skipped: CandidateChoice['skipped'] = [];
  let rows = [...catalog];
  if (wanted && wanted.length > 0) {
    rows = [];
    for (const id of wanted) {
      const base = id.replace(/^(us-gov|us|eu|apac|jp|au|ca|global)\./, '');
      const row = catalog.find((r) => r.id === base) ?? catalog.find((r) => r.id.startsWith(base));
      if (!row) skipped.push({ model: id, reason: `${id} is not in the model catalog.` });
      else if (!rows.includes(row)) rows.push(row);
    }
  }
  const models: ModelRow[] = [];
  for (const row of rows) {
    const reason = cannotRun(row, analysis);
    if (reason) skipped.push({ model: row.id, reason });
    else models.push(row);
  }
  return { models, skipped };
}
