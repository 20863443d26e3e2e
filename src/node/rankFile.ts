/**
 * The tokenizer's ranks as the build packed them beside the bundle (dist/cl100k_base.ranks, see
 * src/core/rankTable.ts): read asynchronously, so a cold start decodes nothing on the main thread.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setPackedRanksSource } from '../core/tokenizer';

/** The packed ranks' file name beside the bundles. */
export const PACKED_RANKS = 'cl100k_base.ranks';

export async function readPackedRanks(path: string): Promise<Uint8Array> {
  const bytes = await readFile(path);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Counts with the ranks packed in `folder` (the bundle's own) when they are there; else as before. */
export function useRankFileIn(folder: string): void {
  const path = join(folder, PACKED_RANKS);
  if (existsSync(path)) setPackedRanksSource(() => readPackedRanks(path));
}
