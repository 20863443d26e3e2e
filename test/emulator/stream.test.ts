// ConverseStream: real event-stream frames, read by the real SDK client and checked on the wire.
import { ConverseStreamCommand, type ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import assert from 'node:assert/strict';
import * as http2 from 'node:http2';
import { after, before, beforeEach, describe, it } from 'node:test';
import { crc32 } from 'node:zlib';
import { startEmulator, type Emulator } from '../../emulator/server';
import { cachePoint, cl100kTokens, clientFor, FRAMING, SONNET_4, textOfTokens, TRANSPORTS, userMessage } from './testSupport';

let emulator: Emulator;
before(async () => { emulator = await startEmulator({ port: 0, host: '127.0.0.1' }); });
after(async () => { await emulator.close(); });
beforeEach(() => emulator.reset());

const eventName = (event: ConverseStreamOutput) => Object.keys(event).find((k) => (event as unknown as Record<string, unknown>)[k] !== undefined) ?? '?';

for (const transport of TRANSPORTS) {
  describe(`ConverseStream over ${transport}`, () => {
    it('streams messageStart, several deltas, contentBlockStop, messageStop and metadata', async () => {
      const client = clientFor(emulator, transport);
      const prefix = textOfTokens(1100);
      const response = await client.send(new ConverseStreamCommand({ modelId: SONNET_4, messages: [userMessage({ text: prefix }, cachePoint())] }));
      assert.equal(response.$metadata.httpStatusCode, 200);
      const events: ConverseStreamOutput[] = [];
      for await (const event of response.stream ?? []) events.push(event);
      const names = events.map(eventName);
      const deltas = names.filter((n) => n === 'contentBlockDelta').length;
      assert.ok(deltas >= 3, `expected several deltas, got ${deltas}`);
      assert.deepEqual(names, ['messageStart', ...Array(deltas).fill('contentBlockDelta'), 'contentBlockStop', 'messageStop', 'metadata']);
      assert.deepEqual(events[0].messageStart, { role: 'assistant' });
      const input = 1100 + FRAMING;
      const reply = `Emulated reply from ${SONNET_4}: ${input} input tokens.`;
      assert.equal(events.map((e) => e.contentBlockDelta?.delta?.text ?? '').join(''), reply);
      assert.equal(events.at(-2)?.messageStop?.stopReason, 'end_turn');
      const metadata = events.at(-1)?.metadata;
      // The whole prefix (message framing included) closes the point, so all of it is written.
      assert.deepEqual(metadata?.usage, {
        inputTokens: 0, outputTokens: cl100kTokens(reply), totalTokens: cl100kTokens(reply),
        cacheReadInputTokens: 0, cacheWriteInputTokens: input,
      });
      assert.ok((metadata?.metrics?.latencyMs ?? 0) > 0);
      assert.equal(emulator.requests[0].transport, transport);
      client.destroy();
    });

    it('stops streaming when the caller aborts a stalled stream', async () => {
      emulator.faults.stall(2);
      const client = clientFor(emulator, transport);
      const controller = new AbortController();
      const closed = emulator.nextClosed();
      const response = await client.send(new ConverseStreamCommand({ modelId: SONNET_4, messages: [userMessage({ text: 'hi' })] }), { abortSignal: controller.signal });
      const seen: string[] = [];
      let failure: Error | undefined;
      try {
        for await (const event of response.stream ?? []) {
          seen.push(eventName(event));
          if (seen.length === 2) controller.abort();
        }
      } catch (error) {
        failure = error as Error;
      }
      assert.deepEqual(seen, ['messageStart', 'contentBlockDelta'], 'nothing arrives after the abort');
      if (transport === 'http/1.1') {
        // The HTTP/1.1 handler destroys the socket: the body fails with "aborted" (ECONNRESET).
        assert.match(String(failure), /abort/i);
      } else {
        // The SDK's HTTP/2 handler closes the stream on abort and the event iterator simply ends:
        // callers must check their signal rather than wait for an exception.
        assert.equal(failure, undefined);
      }
      const record = await closed;
      assert.equal(record.outcome, 'aborted');
      assert.equal(record.eventsSent, 2);
      client.destroy();
    });
  });
}

describe('ConverseStream on the wire', () => {
  it('sends application/vnd.amazon.eventstream frames with valid lengths and CRC32s', async () => {
    const session = http2.connect(emulator.url);
    const body = JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'hi' }] }] });
    const stream = session.request({
      ':method': 'POST', ':path': `/model/${encodeURIComponent(SONNET_4)}/converse-stream`,
      authorization: 'Bearer wire-test-token', 'content-type': 'application/json',
    });
    stream.end(body);
    const [headers, bytes] = await new Promise<[http2.IncomingHttpHeaders, Buffer]>((resolve, reject) => {
      let head: http2.IncomingHttpHeaders = {};
      const chunks: Buffer[] = [];
      stream.on('response', (h) => { head = h; });
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => resolve([head, Buffer.concat(chunks)]));
      stream.on('error', reject);
    });
    session.close();
    assert.equal(headers[':status'], 200);
    assert.equal(headers['content-type'], 'application/vnd.amazon.eventstream');
    const types: string[] = [];
    for (let offset = 0; offset < bytes.length;) {
      const total = bytes.readUInt32BE(offset);
      const headerLength = bytes.readUInt32BE(offset + 4);
      assert.equal(bytes.readUInt32BE(offset + 8), crc32(bytes.subarray(offset, offset + 8)), 'prelude CRC');
      assert.equal(bytes.readUInt32BE(offset + total - 4), crc32(bytes.subarray(offset, offset + total - 4)), 'message CRC');
      const headerBytes = bytes.subarray(offset + 12, offset + 12 + headerLength);
      const parsed: Record<string, string> = {};
      for (let h = 0; h < headerBytes.length;) {
        const nameLength = headerBytes[h];
        const name = headerBytes.subarray(h + 1, h + 1 + nameLength).toString();
        assert.equal(headerBytes[h + 1 + nameLength], 7, 'string header type');
        const valueLength = headerBytes.readUInt16BE(h + 2 + nameLength);
        parsed[name] = headerBytes.subarray(h + 4 + nameLength, h + 4 + nameLength + valueLength).toString();
        h += 4 + nameLength + valueLength;
      }
      assert.equal(parsed[':message-type'], 'event');
      assert.equal(parsed[':content-type'], 'application/json');
      JSON.parse(bytes.subarray(offset + 12 + headerLength, offset + total - 4).toString());
      types.push(parsed[':event-type']);
      offset += total;
    }
    assert.equal(types[0], 'messageStart');
    assert.deepEqual(types.slice(-3), ['contentBlockStop', 'messageStop', 'metadata']);
  });

  it('spaces events out when a slow stream is injected', async () => {
    emulator.faults.slowStream(25);
    const client = clientFor(emulator);
    const response = await client.send(new ConverseStreamCommand({ modelId: SONNET_4, messages: [userMessage({ text: 'hi' })] }));
    const arrivals: number[] = [];
    for await (const _event of response.stream ?? []) arrivals.push(performance.now());
    assert.ok(arrivals.length >= 6);
    // Each of the remaining events waited at least the injected delay on the server.
    assert.ok(arrivals.at(-1)! - arrivals[0] >= 25 * (arrivals.length - 2), `events arrived too fast: ${arrivals.at(-1)! - arrivals[0]}ms`);
    client.destroy();
  });

  for (const transport of TRANSPORTS) {
    it(`sends each event as it is written, over ${transport}, even events a few milliseconds apart`, async () => {
      // With Nagle's algorithm on the server's socket, events 2 ms apart waited for the client's
      // delayed acknowledgement and arrived together at the end of the stream.
      emulator.faults.slowStream(2);
      const client = clientFor(emulator, transport);
      const response = await client.send(new ConverseStreamCommand({ modelId: SONNET_4, messages: [userMessage({ text: textOfTokens(200) })] }));
      const arrivals: number[] = [];
      for await (const _event of response.stream ?? []) arrivals.push(performance.now());
      const bursts = arrivals.filter((t, i) => i === 0 || t - arrivals[i - 1] >= 1).length;
      assert.ok(arrivals.length >= 6);
      assert.ok(bursts >= 3, `${arrivals.length} events arrived in ${bursts} bursts`);
      client.destroy();
    });
  }
});
