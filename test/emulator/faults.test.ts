// Injected faults as the SDK experiences them: retried errors (attempts counted on the wire),
// exceptions inside an event stream, dropped connections, and scoping.
import { ConverseCommand, ConverseStreamCommand, type ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { RecordedRequest } from '../../emulator/exchange';
import { startEmulator, type Emulator } from '../../emulator/server';
import { clientFor, NOVA_PRO, SONNET_4, TRANSPORTS, userMessage } from './testSupport';

let emulator: Emulator;
before(async () => { emulator = await startEmulator({ port: 0, host: '127.0.0.1' }); });
after(async () => { await emulator.close(); });
beforeEach(() => emulator.reset());

const input = (modelId = SONNET_4) => ({ modelId, messages: [userMessage({ text: 'hi' })] });
type SdkError = Error & { $metadata?: { httpStatusCode?: number; attempts?: number }; code?: string };

async function failure(run: () => Promise<unknown>): Promise<SdkError> {
  try {
    await run();
  } catch (error) {
    return error as SdkError;
  }
  assert.fail('expected a failure');
}

async function collect(stream: AsyncIterable<ConverseStreamOutput> | undefined): Promise<{ names: string[]; error?: SdkError }> {
  const names: string[] = [];
  try {
    for await (const event of stream ?? []) names.push(Object.keys(event).find((k) => (event as unknown as Record<string, unknown>)[k] !== undefined) ?? '?');
  } catch (error) {
    return { names, error: error as SdkError };
  }
  return { names };
}

const statuses = () => emulator.requests.map((r) => r.status);

describe('retried errors', () => {
  it('throttles the first two attempts; the SDK succeeds on the third', async () => {
    const rule = emulator.faults.throttle(2);
    const client = clientFor(emulator);
    const response = await client.send(new ConverseCommand(input()));
    assert.equal(response.$metadata.attempts, 3);
    assert.deepEqual(statuses(), [429, 429, 200]);
    assert.deepEqual(emulator.requests.map((r) => r.attempt), [1, 2, 3]);
    assert.deepEqual(emulator.requests.map((r) => r.errorType), ['ThrottlingException', 'ThrottlingException', undefined]);
    assert.equal(emulator.faults.list().find((f) => f.id === rule.id)?.hits, 2);
    client.destroy();
  });

  it('gives up with ThrottlingException after three throttled attempts', async () => {
    emulator.faults.throttle(3);
    const client = clientFor(emulator);
    const error = await failure(() => client.send(new ConverseCommand(input())));
    assert.equal(error.name, 'ThrottlingException');
    assert.equal(error.$metadata?.httpStatusCode, 429);
    assert.equal(error.$metadata?.attempts, 3);
    assert.deepEqual(statuses(), [429, 429, 429]);
    // The rule is spent: the next call goes through at once.
    assert.equal((await client.send(new ConverseCommand(input()))).$metadata.attempts, 1);
    client.destroy();
  });

  it('retries 500 and 503 and names them when it gives up', async () => {
    emulator.faults.serverError(500, 1);
    const client = clientFor(emulator);
    assert.equal((await client.send(new ConverseCommand(input()))).$metadata.attempts, 2);
    emulator.faults.serverError(503, 5);
    const error = await failure(() => client.send(new ConverseCommand(input())));
    assert.equal(error.name, 'ServiceUnavailableException');
    assert.equal(error.$metadata?.httpStatusCode, 503);
    assert.equal(error.$metadata?.attempts, 3);
    assert.deepEqual(statuses(), [500, 200, 503, 503, 503]);
    client.destroy();
  });

  it('scopes faults to a model and to an operation', async () => {
    emulator.faults.throttle(5, { model: 'amazon.nova-pro-v1:0' });
    emulator.faults.serverError(500, 5, { operation: 'count-tokens' });
    const client = clientFor(emulator);
    assert.equal((await client.send(new ConverseCommand(input(SONNET_4)))).$metadata.attempts, 1);
    const error = await failure(() => client.send(new ConverseCommand(input(NOVA_PRO))));
    assert.equal(error.name, 'ThrottlingException');
    client.destroy();
  });
});

for (const transport of TRANSPORTS) {
  describe(`stream faults over ${transport}`, () => {
    it('throws a mid-stream modelStreamErrorException after the events before it, without retrying', async () => {
      emulator.faults.streamException(3, 'modelStreamErrorException');
      const client = clientFor(emulator, transport);
      const response = await client.send(new ConverseStreamCommand(input()));
      const { names, error } = await collect(response.stream);
      assert.deepEqual(names, ['messageStart', 'contentBlockDelta', 'contentBlockDelta']);
      assert.equal(error?.name, 'ModelStreamErrorException');
      assert.equal(error?.message, 'The model encountered an error while streaming the response.');
      assert.equal(emulator.requests.length, 1);
      assert.equal(emulator.requests[0].outcome, 'streamException');
      client.destroy();
    });

    it('maps a lowerCamel throttlingException frame to ThrottlingException', async () => {
      emulator.faults.add({ kind: 'streamException', afterEvents: 1, errorType: 'throttlingException', message: 'Slow down, mid-stream.' });
      const client = clientFor(emulator, transport);
      const response = await client.send(new ConverseStreamCommand(input()));
      const { names, error } = await collect(response.stream);
      assert.deepEqual(names, ['messageStart']);
      assert.equal(error?.name, 'ThrottlingException');
      assert.equal(error?.message, 'Slow down, mid-stream.');
      client.destroy();
    });

    it('cuts the stream short when the connection drops after some events', async () => {
      emulator.faults.drop(4);
      const client = clientFor(emulator, transport);
      const response = await client.send(new ConverseStreamCommand(input()));
      const { names, error } = await collect(response.stream);
      assert.deepEqual(names, ['messageStart', 'contentBlockDelta', 'contentBlockDelta', 'contentBlockDelta']);
      if (transport === 'http/1.1') {
        assert.match(String(error), /aborted|ECONNRESET|socket hang up|terminated/i);
      } else {
        // The SDK's HTTP/2 handler ends the event iterator quietly when the session dies: the
        // only sign is the missing metadata event, which callers must treat as a failure.
        assert.equal(error, undefined);
      }
      assert.equal(emulator.requests[0].outcome, 'dropped');
      client.destroy();
    });

    if (transport === 'h2') {
      it('fails the stream with ERR_HTTP2_STREAM_ERROR when only the HTTP/2 stream is reset', async () => {
        emulator.faults.drop(2, { mode: 'reset' });
        const client = clientFor(emulator, transport);
        const response = await client.send(new ConverseStreamCommand(input()));
        const { names, error } = await collect(response.stream);
        assert.deepEqual(names, ['messageStart', 'contentBlockDelta']);
        assert.equal(error?.code, 'ERR_HTTP2_STREAM_ERROR');
        client.destroy();
      });
    }

    it('retries a Converse call whose connection dropped before the response', async () => {
      emulator.faults.drop(0, { times: 1, operation: 'converse' });
      const client = clientFor(emulator, transport);
      const response = await client.send(new ConverseCommand(input()));
      assert.equal(response.$metadata.attempts, 2);
      assert.deepEqual(emulator.requests.map((r) => r.outcome), ['dropped', 'ok']);
      client.destroy();
    });
  });
}

describe('stalled Converse', () => {
  it('waits until the caller aborts, and the SDK reports the abort', async () => {
    emulator.faults.stall(0, { operation: 'converse' });
    const client = clientFor(emulator);
    const controller = new AbortController();
    const closed = emulator.nextClosed();
    const arrived = once(emulator.events, 'request');
    const sent = client.send(new ConverseCommand(input()), { abortSignal: controller.signal });
    // Abort once the emulator holds the request, not after a guessed delay.
    await arrived;
    controller.abort();
    const error = await failure(() => sent);
    assert.equal(error.name, 'AbortError');
    assert.equal((await closed).outcome, 'aborted');
    client.destroy();
  });
});

describe('control over HTTP', () => {
  const post = <T>(path: string, body: unknown): Promise<T> =>
    fetch(emulator.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json() as Promise<T>);
  const getRequests = () => fetch(`${emulator.url}/_emulator/requests`).then((r) => r.json() as Promise<RecordedRequest[]>);

  it('adds faults, moves the clock, lists requests and resets', async () => {
    const rules = await post<unknown[]>('/_emulator/faults', { kind: 'error', status: 429, errorType: 'ThrottlingException', times: 1 });
    assert.equal(rules.length, 1);
    const client = clientFor(emulator);
    assert.equal((await client.send(new ConverseCommand(input()))).$metadata.attempts, 2);

    const clock = await post<{ advancedMs: number; now: string }>('/_emulator/clock', { advanceMs: 3_600_000 });
    assert.equal(clock.advancedMs, 3_600_000);
    assert.ok(Date.parse(clock.now) - Date.now() > 3_500_000);

    const requests = await getRequests();
    assert.deepEqual(requests.map((r) => r.status), [429, 200]);
    assert.equal(requests[1].headers['content-type'], 'application/json');

    const invalid = await fetch(`${emulator.url}/_emulator/faults`, { method: 'POST', body: JSON.stringify({ kind: 'meteor' }) });
    assert.equal(invalid.status, 400);

    await post('/_emulator/reset', {});
    assert.deepEqual(await getRequests(), []);
    assert.equal(emulator.clock.state.advancedMs, 0);
    assert.deepEqual(emulator.faults.list(), []);
    client.destroy();
  });
});
