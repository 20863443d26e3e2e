/**
 * The first block of a cached prefix that differs from the last run's, said the way the user can
 * act on it: which variable rendered differently (with its old and new value when short), which
 * tool definition was edited or whether the tools were only reordered, media replaced, whitespace.
 */
import type { CacheReason, FingerprintBlock, RequestFingerprint } from '../shared/cacheCheck';

const at = (block: FingerprintBlock, line?: number) => (line ?? block.line) === undefined ? undefined : (line ?? block.line)! + 1;
const quote = (value: string | undefined) => (value === undefined ? 'a long value' : JSON.stringify(value));

/** Undefined when blocks[0..boundary) are the same in both runs. */
export function describeBlockChange(before: RequestFingerprint, now: RequestFingerprint, boundary: number): CacheReason | undefined {
  let d = 0;
  while (d < boundary && now.blocks[d] && before.blocks[d]?.hash === now.blocks[d].hash) d++;
  if (d >= boundary) return undefined;
  const block = now.blocks[d];
  const old = before.blocks[d];
  const reason = (detail: string, line?: number): CacheReason => ({ code: 'prefix-changed', line: at(block, line), field: block.field, detail });
  if (!old) return reason('The cached prefix is longer than in the last run: content was added before this cache point.');
  if (block.field === 'tools' || old.field === 'tools') return toolChange(before, now, block, reason);
  if (block.kind === 'media' && old.kind === 'media') return reason('A media file inside the cached prefix was replaced (its bytes differ from the last run).');
  if (block.looseHash === old.looseHash) return reason('Only whitespace changed inside the cached prefix (spaces or line endings), and Bedrock compares byte for byte.');
  for (const v of block.vars ?? []) {
    const was = before.inputs[v.name];
    const is = now.inputs[v.name];
    if (was?.hash !== is?.hash) {
      return reason(`\`{{${v.name}}}\` was ${was ? quote(was.value) : 'not given'}, now ${is ? quote(is.value) : 'not given'}: a changing value inside the cached prefix. Move it after the last cache point, or keep it fixed.`, v.line);
    }
  }
  if (block.partials?.length) return reason(`The text changed since the last run; it includes the partial${block.partials.length > 1 ? 's' : ''} ${block.partials.map((p) => `\`${p}\``).join(', ')}: an edited partial changes every prompt that uses it.`);
  return reason('The text of this block changed since the last run.');
}

function toolChange(before: RequestFingerprint, now: RequestFingerprint, block: FingerprintBlock, reason: (detail: string) => CacheReason): CacheReason {
  const tools = (fp: RequestFingerprint) => fp.blocks.filter((b) => b.field === 'tools');
  const was = tools(before);
  const is = tools(now);
  const sorted = (list: FingerprintBlock[]) => list.map((b) => b.hash).sort().join();
  if (was.length === is.length && sorted(was) === sorted(is)) {
    return reason('The tool definitions were reordered: the same tools in another order are another prefix. Keep them in a fixed order.');
  }
  const edited = is.find((t) => !was.some((w) => w.hash === t.hash));
  const name = edited?.toolName ?? block.toolName;
  if (edited && was.some((w) => w.toolName === edited.toolName)) return reason(`The tool definition \`${name}\` was edited since the last run.`);
  if (is.length !== was.length) return reason(`The tool list changed (${was.length} tools before, ${is.length} now).`);
  return reason(`The tool definition \`${name}\` changed since the last run.`);
}
