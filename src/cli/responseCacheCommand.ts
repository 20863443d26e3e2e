/**
 * `response-cache stats|clear [--response-cache file|redis://…] [--workspace DIR] [--json]`: the
 * response cache's own figures (hits, misses, entries, stored size, dollars and seconds saved), or
 * removing every entry. The file store is the one under the project folder around the current
 * folder (or --workspace); without --response-cache, `file` is meant.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { promptWorkspaceRoots } from '../node/workspaceRoot';
import { openCliStore, RESPONSE_CACHE_OPTIONS, responseCacheSpec } from './responseCacheOptions';
import { UsageError } from './usageError';
import { RESPONSE_CACHE_USAGE } from './usages';


export async function responseCacheCommand(argv: string[], out: (s: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true, strict: true,
    options: { ...RESPONSE_CACHE_OPTIONS, workspace: { type: 'string' }, json: { type: 'boolean' } },
  });
  const action = positionals[0];
  if (action !== 'stats' && action !== 'clear') throw new UsageError(`say stats or clear. Usage: ${RESPONSE_CACHE_USAGE}`);
  const given = { ...values, 'response-cache': values['response-cache'] ?? process.env.PROMPT_CACHE_RESPONSE_CACHE ?? 'file' };
  if (responseCacheSpec(given).kind === 'off') throw new UsageError('the response cache is off: name a store with --response-cache file or --response-cache redis://…');
  const root = promptWorkspaceRoots(join(process.cwd(), 'any.prompt'), { explicit: values.workspace })[0] ?? process.cwd();
  const store = (await openCliStore(given, root))!;
  try {
    if (action === 'clear') {
      const removed = await store.clear();
      out(values.json ? JSON.stringify({ store: store.description, removed }, null, 2) : `Removed ${removed} response cache entr${removed === 1 ? 'y' : 'ies'} from ${store.description}.`);
      return 0;
    }
    const stats = await store.stats();
    if (values.json) {
      out(JSON.stringify({ store: store.description, ...stats }, null, 2));
      return 0;
    }
    const lookups = stats.hits + stats.misses;
    out([
      `Response cache: ${store.description}`,
      `  hits ${stats.hits}, misses ${stats.misses}${lookups ? ` (${((100 * stats.hits) / lookups).toFixed(1)}% replayed)` : ''}`,
      `  entries ${stats.entries}, stored ${formatBytes(stats.storedBytes)}`,
      `  saved $${stats.savedUSD.toFixed(6)} and ${(stats.savedMs / 1000).toFixed(1)} s of Bedrock calls`,
    ].join('\n'));
    return 0;
  } catch (error) {
    process.stderr.write(`prompt-cache response-cache: the store (${store.description}) failed: ${(error as Error).message}\n`);
    return 1;
  } finally {
    await store.close();
  }
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
