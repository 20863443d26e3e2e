/**
 * The tokenizer's rank file, read as data when it sits beside the bundle (dist/cl100k_base.cjs,
 * copied there by the build). Loading it with require compiles a 1 MB JavaScript string: about
 * 20 ms in which the event loop cannot run, the longest single pause of a cold open. Read
 * asynchronously and parsed as JSON (the file is `module.exports = {…};` around a JSON object),
 * it takes a millisecond or two of the main thread.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RankFile } from '../core/bytePairCounter';
import { setRankFileSource } from '../core/tokenizer';

export async function readRankFile(path: string): Promise<RankFile> {
  const text = await readFile(path, 'utf8');
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end < start) throw new Error(`${path} does not hold a rank table.`);
  const parsed = JSON.parse(text.slice(start, end + 1)) as Partial<RankFile>;
  if (typeof parsed.pat_str !== 'string' || typeof parsed.bpe_ranks !== 'string') throw new Error(`${path} has no pat_str or bpe_ranks.`);
  return { pat_str: parsed.pat_str, bpe_ranks: parsed.bpe_ranks };
}

/** Counts with the rank file in `folder` (the bundle's own) when it is there; else as before. */
export function useRankFileIn(folder: string): void {
  const path = join(folder, 'cl100k_base.cjs');
  if (existsSync(path)) setRankFileSource(() => readRankFile(path));
}
