// The CLI contract of the cache check: `run --json` gives every run a `cacheCheck`, judged against
// the history file in use, so a second invocation is judged against the first.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type Emulator } from '../../emulator/server';
import { cli } from '../security/securitySupport';
import { FAKE_KEYS, isolateAwsEnvironment, longText, workspace } from './awsSupport';

isolateAwsEnvironment();
let emulator: Emulator;
before(async () => { emulator = await startEmulator({ port: 0, host: '127.0.0.1' }); });
after(async () => { await emulator.close(); });

const SONNET45 = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const env = { AWS_ACCESS_KEY_ID: FAKE_KEYS.accessKeyId, AWS_SECRET_ACCESS_KEY: FAKE_KEYS.secretAccessKey, AWS_REGION: 'us-east-1' };
type Check = { verdict: string; expectedReadTokens: number; readTokens: number; reasons: { code: string; line?: number; field?: string; detail: string }[] };

describe('run --json cacheCheck', () => {
  const root = workspace({
    'package.json': '{}',
    'p.prompt': `---\nmodel: ${SONNET45}\n---\n{{role "system"}}\n${longText('policy', 220)}\nToday is {{today}}.\n{{cachePoint}}\n{{role "user"}}\nQuestion?\n`,
  });
  const history = join(root, 'history.json');
  const run = async (today: string) => {
    const result = await cli(['run', 'p.prompt', '--endpoint', emulator.url, '--history', history, '--input', `today=${today}`, '--json'], root, { env });
    assert.equal(result.code, 0, result.stderr);
    return (JSON.parse(result.stdout) as { runs: { cacheCheck: Check }[] }).runs.map((r) => r.cacheCheck);
  };

  it('first, then hit across two invocations, then a miss naming the changed line', async () => {
    const [first] = await run('2026-11-26');
    assert.deepEqual(Object.keys(first).sort(), ['expectedReadTokens', 'readTokens', 'reasons', 'verdict']);
    assert.equal(first.verdict, 'first');
    const [second] = await run('2026-11-26');
    assert.equal(second.verdict, 'hit');
    assert.ok(second.expectedReadTokens > 0 && second.readTokens > 0);
    const [third] = await run('2026-11-27');
    assert.equal(third.verdict, 'miss');
    // frontmatter (3 lines), the role line, 220 lines of policy, then `Today is {{today}}.`
    assert.deepEqual({ code: third.reasons[0].code, line: third.reasons[0].line, field: third.reasons[0].field }, { code: 'prefix-changed', line: 5 + 220, field: 'system' });
  });

  it('the text output says the verdict too', async () => {
    const result = await cli(['run', 'p.prompt', '--endpoint', emulator.url, '--history', history, '--input', 'today=2026-11-27', '--times', '2'], root, { env });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /run 2: cache hit \(expected ≈ [\d,]+ read, Bedrock read [\d,]+\)/);
  });
});
