// Faults through the emulator's fault injection with the real SDK, one editor-like session (one
// client factory, one history file) across runs: for each fault the user gets a specific message,
// output that had started is kept in a record marked incomplete, the history stays readable, and
// the next run works.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { BedrockClientFactory, type ClientSettings } from '../../src/aws/clientFactory';
import { runPrompt, type RunPromptOptions, type RunPromptResult } from '../../src/aws/promptRunner';
import { parseHistory } from '../../src/core/history';
import { HistoryFile } from '../../src/node/historyFile';
import { startEmulator, type Emulator } from '../../emulator/server';
import { closedPort, SECRETS, secretHome, SONNET45, workspace, writeCredentials } from './securitySupport';

const { credentialsFile } = secretHome();
let emulator: Emulator;
let clients: BedrockClientFactory;
let root: string;
let history: HistoryFile;
before(async () => { emulator = await startEmulator({ port: 0, host: '127.0.0.1' }); });
after(async () => { await emulator.close(); });
beforeEach(() => {
  emulator.reset();
  clients = new BedrockClientFactory();
  root = workspace({ 'p.prompt': `---\nmodel: ${SONNET45}\n---\n{{role "system"}}\nBe brief.\n{{role "user"}}\nTell me something long.` });
  history = new HistoryFile(join(root, '.history.json'));
});
afterEach(() => clients.dispose());

const FAKE_KEYS = { accessKeyId: 'AKIAFAULTTESTKEY0001', secretAccessKey: 'fault-test-secret' };

function run(extra: Partial<RunPromptOptions> = {}, client: ClientSettings = {}): Promise<RunPromptResult> {
  return runPrompt({
    file: join(root, 'p.prompt'), workspaceRoots: [root], clients, historyStore: history, relativeFile: 'p.prompt', ...extra,
    client: { region: 'us-east-1', endpoint: emulator.url, credentials: FAKE_KEYS, retryDelayMs: () => 5, ...client },
  });
}

/** The history on disk, parsed afresh (not through the writer's cache). */
function saved(): { id: string; complete: boolean; text: string; error?: string }[] {
  const parsed = parseHistory(readFileSync(history.path, 'utf8'));
  assert.ok(parsed.ok, 'the history parses');
  return parsed.data.files['p.prompt'] ?? [];
}

/** After a fault: clear it, run again, and expect a complete run appended after the failed one. */
async function nextRunWorks(before: number): Promise<void> {
  emulator.faults.clear();
  emulator.clock.setSkew(0);
  const { failure, records } = await run();
  assert.equal(failure, undefined, failure?.message);
  assert.equal(records[0].complete, true);
  assert.equal(saved().length, before + 1);
  assert.equal(saved().at(-1)!.complete, true);
}

describe('faults before any output', () => {
  it('throttling longer than the retry budget: says so with the attempts, keeps an incomplete record', async () => {
    emulator.faults.throttle(10);
    const { failure, records } = await run();
    assert.equal(failure?.message, 'Bedrock throttled the request after 3 attempts. Wait a moment and run again, use a cross-region inference profile, or ask for a higher quota.');
    assert.deepEqual(emulator.requests.map((r) => r.status), [429, 429, 429]);
    assert.deepEqual([records[0].complete, records[0].text, records[0].error], [false, '', failure.message]);
    assert.deepEqual(saved().map((r) => [r.complete, r.error]), [[false, failure.message]]);
    await nextRunWorks(1);
  });

  for (const status of [500, 503] as const) {
    const name = status === 500 ? 'InternalServerException' : 'ServiceUnavailableException';
    it(`a ${status} burst shorter than the retries is recovered without the user noticing`, async () => {
      emulator.faults.serverError(status, 2);
      const { failure, records } = await run();
      assert.equal(failure, undefined);
      assert.deepEqual(emulator.requests.map((r) => r.status), [status, status, 200]);
      assert.equal(records[0].complete, true);
      assert.match(records[0].text, /^Emulated reply/);
      assert.equal(saved().length, 1);
    });

    it(`a ${status} burst longer than the retries: "Bedrock failed to answer (${name})"`, async () => {
      emulator.faults.serverError(status, 10);
      const { failure } = await run();
      assert.equal(failure?.kind, 'serviceError');
      assert.match(failure!.message, new RegExp(`^Bedrock failed to answer \\(${name}\\): .+ Try again in a moment\\.$`));
      assert.equal(emulator.requests.length, 3);
      assert.deepEqual(saved().map((r) => r.complete), [false]);
      await nextRunWorks(1);
    });
  }

  it('connection refused: names the endpoint; the next run to a live endpoint works', async () => {
    const port = await closedPort();
    const { failure, records } = await run({}, { endpoint: `http://127.0.0.1:${port}` });
    assert.equal(failure?.message, `Could not reach Bedrock at http://127.0.0.1:${port} (ECONNREFUSED). Check the network, a proxy, or the endpoint setting.`);
    assert.equal(records[0].complete, false);
    assert.equal(saved().length, 1);
    await nextRunWorks(1);
  });

  it('clock skew: the SDK corrects its clock from the Date header and the run succeeds', async () => {
    emulator.clock.setSkew(10 * 60_000);
    const { failure, records } = await run();
    assert.equal(failure, undefined, failure?.message);
    assert.deepEqual(emulator.requests.map((r) => [r.status, r.errorType]), [[403, 'InvalidSignatureException'], [200, undefined]]);
    assert.equal(records[0].complete, true);
  });

  it('a clock the SDK cannot correct: says the computer\'s clock looks wrong', async () => {
    emulator.faults.add({ kind: 'error', errorType: 'InvalidSignatureException', status: 403, message: 'Signature expired: 20260101T000000Z is now earlier than 20260101T001000Z (20260101T001500Z - 5 min.)' });
    const { failure } = await run();
    assert.equal(failure?.kind, 'credentialsInvalid');
    assert.match(failure!.message, /^Bedrock did not accept the credentials \(InvalidSignatureException\)\. Your computer's clock looks wrong: the request's time is more than 5 minutes off\./);
    await nextRunWorks(1);
  });

  it('credentials that expire between two runs: the refreshed credentials are used by the next run', async () => {
    writeCredentials(credentialsFile, 'AKIAFIRSTSESSION0001');
    const profile = { credentials: undefined, profile: 'scan' };
    assert.equal((await run({}, profile)).failure, undefined);
    // The session ends: Bedrock now answers ExpiredTokenException for that key.
    emulator.faults.add({ kind: 'error', errorType: 'ExpiredTokenException', status: 403, times: 1 });
    const { failure } = await run({}, profile);
    assert.equal(failure?.message, 'The AWS credentials of profile "scan" have expired. For an SSO profile run `aws sso login --profile scan`; otherwise refresh the credentials and try again.');
    // The user refreshes them (aws sso login, a new session in the credentials file)…
    writeCredentials(credentialsFile, 'AKIASECONDSESSION001');
    const third = await run({}, profile);
    assert.equal(third.failure, undefined, third.failure?.message);
    assert.deepEqual(emulator.requests.map((r) => (r.auth?.scheme === 'sigv4' ? r.auth.accessKeyId : '')), ['AKIAFIRSTSESSION0001', 'AKIAFIRSTSESSION0001', 'AKIASECONDSESSION001']);
    assert.deepEqual(saved().map((r) => r.complete), [true, false, true]);
  });

  it('an EXPIRED… key after a good one: the expired-credentials message, then the good key works again', async () => {
    assert.equal((await run()).failure, undefined);
    const expired = await run({}, { credentials: { accessKeyId: SECRETS.expiredAccessKeyId, secretAccessKey: SECRETS.expiredSecretAccessKey } });
    assert.equal(expired.failure?.kind, 'credentialsExpired');
    assert.match(expired.failure!.message, /^The AWS credentials have expired\./);
    await nextRunWorks(2);
  });
});

describe('faults after output started', () => {
  it('an exception frame after 4 events: the partial output is kept in an incomplete record', async () => {
    emulator.faults.streamException(4, 'modelStreamErrorException');
    const deltas: string[] = [];
    const { failure, records } = await run({ onDelta: (text) => deltas.push(text) });
    assert.equal(failure?.kind, 'streamBroken');
    assert.match(failure!.message, /^The response stream broke after output had started \(ModelStreamErrorException: .*\); the output so far is kept and the run is marked incomplete\.$/);
    assert.ok(deltas.length > 0);
    assert.equal(records[0].text, deltas.join(''));
    const [kept] = saved();
    assert.deepEqual([kept.complete, kept.text, kept.error], [false, deltas.join(''), failure!.message]);
    await nextRunWorks(1);
  });

  it('a connection dropped after 3 events: the partial output is kept in an incomplete record', async () => {
    emulator.faults.drop(3);
    const { failure, records } = await run();
    assert.equal(failure?.kind, 'streamBroken');
    assert.match(failure!.message, /the output so far is kept and the run is marked incomplete\.$/);
    assert.match(records[0].text, /^Emulated/);
    assert.deepEqual(saved().map((r) => [r.complete, r.text]), [[false, records[0].text]]);
    await nextRunWorks(1);
  });

  it('a stream that stalls: the idle timeout ends it and keeps the output so far', async () => {
    emulator.faults.stall(3);
    const { failure, records } = await run({ idleTimeoutMs: 300 });
    assert.equal(failure?.message, 'Bedrock stopped answering (no data for too long); the output so far is kept and the run is marked incomplete. Try again, or check the network.');
    assert.ok(records[0].text.length > 0);
    assert.deepEqual(saved().map((r) => [r.complete, r.text]), [[false, records[0].text]]);
    await nextRunWorks(1);
  });

  it('cancelled mid-stream: "Run cancelled", the output so far kept', async () => {
    emulator.faults.slowStream(20);
    const controller = new AbortController();
    const { failure, records } = await run({ signal: controller.signal, onDelta: () => controller.abort() });
    assert.equal(failure?.message, 'Run cancelled; the output so far is kept and the run is marked incomplete.');
    assert.ok(records[0].text.length > 0);
    assert.deepEqual(saved().map((r) => r.complete), [false]);
    await nextRunWorks(1);
  });
});

describe('the history under faults', () => {
  it('two runs at once on the same file from two writers: both records kept, the file parses', async () => {
    const other = new HistoryFile(history.path);
    emulator.faults.slowStream(5);
    const [a, b] = await Promise.all([run(), run({ historyStore: other })]);
    assert.equal(a.failure ?? b.failure, undefined);
    assert.deepEqual(saved().map((r) => r.id).sort(), [a.records[0].id, b.records[0].id].sort());
  });

  it('a history that cannot be written: a specific error, the run kept, the old history intact, the next run saved', async () => {
    await run();
    const before = readFileSync(history.path, 'utf8');
    // A history whose folder is a file: every write fails the way a full or read-only disk does.
    writeFileSync(join(root, 'blocker'), 'not a folder');
    const warnings: string[] = [];
    const broken = new HistoryFile(join(root, 'blocker', 'history.json'), { warn: (m) => warnings.push(m) });
    const result = await run({ historyStore: broken });
    assert.equal(result.failure, undefined);
    assert.equal(result.records[0].complete, true);
    assert.match(result.records[0].text, /^Emulated reply/);
    const expected = /^The run history could not be saved to .*blocker\/history\.json \(part of the path is a file, not a folder; (ENOTDIR|EEXIST)\)\. The history saved before is unchanged; this run's output and usage are still shown\.$/;
    assert.match(result.historyError ?? '(none)', expected);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], expected);
    assert.equal(readFileSync(history.path, 'utf8'), before, 'the old history is untouched');
    await nextRunWorks(1);
  });
});
