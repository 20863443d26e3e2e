// `compare --json` is a contract other tests and scripts read: its top-level keys, each row's keys,
// `ttl: null` for `none`, and `best`. Bad options exit 2 with a message naming the option.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../../src/cli';

const SONNET45 = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
const NOVA = 'amazon.nova-pro-v1:0';
const policy = Array.from({ length: 400 }, (_, i) => `Clause ${i}: the parties agree to the terms stated here.`).join('\n');

async function compare(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((s: string) => { err += s; return true; }) as typeof process.stderr.write;
  try {
    const code = await main(['compare', ...args], (s) => { out += s + '\n'; });
    return { code, out, err };
  } finally {
    process.stderr.write = write;
  }
}

describe('compare (CLI)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pcs-compare-'));
  writeFileSync(join(dir, 'package.json'), '{}');
  const file = join(dir, 'p.prompt');
  writeFileSync(file, `---\nmodel: us.${SONNET45}\n---\n{{role "system"}}\n${policy}\n{{role "user"}}\n{{question}}\n`);

  it('prints the JSON contract', async () => {
    const { code, out } = await compare(file, '--models', `${SONNET45},${NOVA}`, '--interval', '10m', '--calls', '12', '--json');
    assert.equal(code, 0);
    const json = JSON.parse(out);
    for (const key of ['file', 'calls', 'intervalSeconds', 'rows', 'best']) assert.ok(key in json, key);
    assert.equal(json.calls, 12);
    assert.equal(json.intervalSeconds, 600);
    for (const row of json.rows) {
      for (const key of ['model', 'strategy', 'ttl', 'cachePointLines', 'hitRatio', 'costUSD', 'costPerCallUSD', 'savingVsNoneUSD', 'notes']) assert.ok(key in row, key);
      assert.ok(Array.isArray(row.cachePointLines) && row.cachePointLines.every(Number.isInteger));
      assert.ok(Array.isArray(row.notes));
      if (row.strategy === 'none') assert.equal(row.ttl, null);
      else assert.ok(['5m', '1h'].includes(row.ttl));
    }
    // Both models, every strategy; Sonnet 4.5 with both TTLs, Nova only with 5m.
    assert.equal(json.rows.filter((r: { model: string }) => r.model === SONNET45).length, 1 + 3 * 2);
    assert.equal(json.rows.filter((r: { model: string }) => r.model === NOVA).length, 1 + 3);
    // Sorted cheapest first, and `best` is the first row.
    const costs: number[] = json.rows.map((r: { costUSD: number }) => r.costUSD);
    costs.slice(1).forEach((c, i) => assert.ok(costs[i] <= c * (1 + 1e-9), `${costs[i]} then ${c}`));
    assert.deepEqual(json.best, { model: json.rows[0].model, strategy: json.rows[0].strategy, ttl: json.rows[0].ttl });
    // The strategy's point is placed after the system prompt (before the user role line, line 405).
    const conservative = json.rows.find((r: { model: string; strategy: string; ttl: string }) => r.model === SONNET45 && r.strategy === 'conservative' && r.ttl === '1h');
    assert.deepEqual(conservative.cachePointLines, [405]);
  });

  it('takes calls per hour, filters strategies and TTLs, and prints a table without --json', async () => {
    const { code, out } = await compare(file, '--models', SONNET45, '--calls-per-hour', '30', '--strategies', 'none,conservative', '--ttls', '5m');
    assert.equal(code, 0);
    assert.match(out, /10 calls, 2m apart/);
    assert.match(out, /conservative\s+5m/);
    assert.doesNotMatch(out, /aggressive|1h/);
    assert.match(out, /best: anthropic\.claude-sonnet-4-5-20250929-v1:0, strategy conservative, ttl 5m/);
  });

  it('replays the file\'s run history as the traffic pattern', async () => {
    const history = join(dir, 'history.json');
    const record = (i: number, minute: number) => ({
      id: `r${i}`, file: relative(process.cwd(), file), startedAt: new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString(), model: SONNET45, region: 'us-east-1',
      usage: { inputTokens: 1, outputTokens: 1, cacheReadInputTokens: 0, cacheWriteInputTokens: 0, totalInputTokens: 1 },
      costUSD: 0, costWithoutCacheUSD: 0, priceDate: '', complete: true, cachePoints: [], blocks: [], text: '',
    });
    // Gaps of 10, 20 and 30 minutes: the median is 20 minutes.
    writeFileSync(history, JSON.stringify({ version: 1, files: { [relative(process.cwd(), file)]: [record(0, 0), record(1, 10), record(2, 30), record(3, 60)] } }));
    const { code, out } = await compare(file, '--models', SONNET45, '--interval', 'history', '--history', history, '--json');
    assert.equal(code, 0);
    const json = JSON.parse(out);
    assert.equal(json.calls, 4);
    assert.equal(json.intervalSeconds, 1200);
    assert.equal(json.traffic, 'history');
    // 10 to 30 minutes apart: only the 1-hour TTL ever reads.
    assert.deepEqual(json.best, { model: SONNET45, strategy: 'conservative', ttl: '1h' });
    const empty = await compare(file, '--interval', 'history', '--history', join(dir, 'none.json'));
    assert.equal(empty.code, 2);
    assert.match(empty.err, /needs at least two earlier runs/);
  });

  it('refuses bad options with exit code 2 and names them', async () => {
    for (const [args, message] of [
      [['--strategies', 'greedy'], /--strategies: unknown strategy "greedy"/],
      [['--ttls', '2h'], /--ttls: unknown TTL "2h"/],
      [['--interval', 'soon'], /--interval must be a duration/],
      [['--interval', '1m', '--calls-per-hour', '4'], /not both/],
      [['--times', '3'], /go with --live/],
    ] as const) {
      const { code, err } = await compare(file, ...args);
      assert.equal(code, 2, args.join(' '));
      assert.match(err, message);
    }
  });
});
