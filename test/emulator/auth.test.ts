// Authentication: SigV4 and Bedrock API keys (bearer), missing and expired credentials, and the
// signing-date check with the SDK's own clock-skew correction.
import { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import assert from 'node:assert/strict';
import type { FinalizeHandler, FinalizeHandlerArguments } from '@smithy/types';
import * as http2 from 'node:http2';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startEmulator, type Emulator } from '../../emulator/server';
import { clientFor, SONNET_4, TRANSPORTS, userMessage } from './testSupport';

let emulator: Emulator;
before(async () => { emulator = await startEmulator({ port: 0, host: '127.0.0.1' }); });
after(async () => { await emulator.close(); });
beforeEach(() => emulator.reset());

const MINUTE = 60_000;
const input = { modelId: SONNET_4, messages: [userMessage({ text: 'hi' })] };
type SdkError = Error & { $metadata: { httpStatusCode?: number; attempts?: number } };

async function failure(send: Promise<unknown>): Promise<SdkError> {
  try {
    await send;
  } catch (error) {
    return error as SdkError;
  }
  assert.fail('expected the call to fail');
}

describe('missing authentication', () => {
  it('answers 403 MissingAuthenticationTokenException over HTTP/1.1 and HTTP/2', async () => {
    const path = `/model/${encodeURIComponent(SONNET_4)}/converse`;
    const body = JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'hi' }] }] });
    const h1 = await fetch(emulator.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    assert.equal(h1.status, 403);
    assert.equal(h1.headers.get('x-amzn-errortype'), 'MissingAuthenticationTokenException');
    assert.deepEqual(await h1.json(), { message: 'Missing Authentication Token' });

    const session = http2.connect(emulator.url);
    const stream = session.request({ ':method': 'POST', ':path': path, 'content-type': 'application/json' });
    stream.end(body);
    const [headers, text] = await new Promise<[http2.IncomingHttpHeaders, string]>((resolve, reject) => {
      let head: http2.IncomingHttpHeaders = {};
      let data = '';
      stream.on('response', (h) => { head = h; });
      stream.on('data', (c: Buffer) => { data += c.toString(); });
      stream.on('end', () => resolve([head, data]));
      stream.on('error', reject);
    });
    session.close();
    assert.equal(headers[':status'], 403);
    assert.equal(headers['x-amzn-errortype'], 'MissingAuthenticationTokenException');
    assert.deepEqual(JSON.parse(text), { message: 'Missing Authentication Token' });
    assert.deepEqual(emulator.requests.map((r) => r.transport), ['http/1.1', 'h2']);
  });

  it('surfaces through the SDK when the authorization header is stripped after signing', async () => {
    const client = clientFor(emulator);
    const strip = <I extends object, O extends object>(next: FinalizeHandler<I, O>): FinalizeHandler<I, O> => async (args: FinalizeHandlerArguments<I>) => {
      delete (args.request as { headers: Record<string, string> }).headers.authorization;
      return next(args);
    };
    client.middlewareStack.addRelativeTo(strip, { relation: 'after', toMiddleware: 'httpSigningMiddleware', name: 'stripAuthorization' });
    const error = await failure(client.send(new ConverseCommand(input)));
    assert.equal(error.name, 'MissingAuthenticationTokenException');
    assert.equal(error.$metadata.httpStatusCode, 403);
    client.destroy();
  });
});

describe('Bedrock API keys (bearer tokens)', () => {
  for (const transport of TRANSPORTS) {
    it(`accepts a bearer token from the client config over ${transport}`, async () => {
      const client = new BedrockRuntimeClient({
        region: 'us-east-1', endpoint: emulator.url,
        token: { token: 'bedrock-api-key-config' }, authSchemePreference: ['httpBearerAuth'],
        ...(transport === 'http/1.1' ? { requestHandler: new (await import('@smithy/node-http-handler')).NodeHttpHandler() } : {}),
      });
      const response = await client.send(new ConverseCommand(input));
      assert.equal(response.stopReason, 'end_turn');
      assert.equal(emulator.requests[0].headers.authorization, 'Bearer bedrock-api-key-config');
      assert.equal(emulator.requests[0].auth?.scheme, 'bearer');
      client.destroy();
    });
  }

  it('accepts a bearer token from AWS_BEARER_TOKEN_BEDROCK', async () => {
    process.env.AWS_BEARER_TOKEN_BEDROCK = 'bedrock-api-key-env';
    try {
      const client = new BedrockRuntimeClient({ region: 'us-east-1', endpoint: emulator.url });
      await client.send(new ConverseCommand(input));
      assert.equal(emulator.requests[0].headers.authorization, 'Bearer bedrock-api-key-env');
      client.destroy();
    } finally {
      delete process.env.AWS_BEARER_TOKEN_BEDROCK;
    }
  });

  it('rejects an expired API key', async () => {
    const client = new BedrockRuntimeClient({ region: 'us-east-1', endpoint: emulator.url, token: { token: 'expired-key' }, authSchemePreference: ['httpBearerAuth'] });
    const error = await failure(client.send(new ConverseCommand(input)));
    assert.equal(error.name, 'ExpiredTokenException');
    assert.equal(error.message, 'The security token included in the request is expired');
    assert.equal(error.$metadata.httpStatusCode, 403);
    client.destroy();
  });
});

describe('SigV4 credentials', () => {
  it('rejects expired credentials without retrying', async () => {
    const client = clientFor(emulator, 'h2', { credentials: { accessKeyId: 'EXPIREDAKIA0000TEST', secretAccessKey: 's', sessionToken: 't' } });
    const error = await failure(client.send(new ConverseCommand(input)));
    assert.equal(error.name, 'ExpiredTokenException');
    assert.equal(error.message, 'The security token included in the request is expired');
    assert.equal(error.$metadata.httpStatusCode, 403);
    assert.equal(error.$metadata.attempts, 1);
    client.destroy();
  });
});

describe('clock skew', () => {
  it('answers "Signature expired" and lets Converse correct its clock from the Date header and retry', async () => {
    emulator.clock.setSkew(10 * MINUTE);
    const client = clientFor(emulator);
    const response = await client.send(new ConverseCommand(input));
    assert.equal(response.stopReason, 'end_turn');
    assert.equal(response.$metadata.attempts, 2);
    const [first, second] = emulator.requests;
    assert.equal(first.status, 403);
    assert.equal(first.errorType, 'InvalidSignatureException');
    assert.match(first.errorMessage ?? '', /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/);
    assert.equal(second.status, 200);
    const signedAt = (r: typeof first) => Date.parse(r.headers['x-amz-date'].replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'));
    assert.ok(signedAt(second) - signedAt(first) > 9 * MINUTE, 'the retry was signed with the corrected clock');
    client.destroy();
  });

  it('answers "Signature not yet current" when the client clock is ahead', async () => {
    emulator.clock.setSkew(-10 * MINUTE);
    const client = clientFor(emulator);
    const response = await client.send(new ConverseCommand(input));
    assert.equal(response.$metadata.attempts, 2);
    assert.match(emulator.requests[0].errorMessage ?? '', /^Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 5 min\.\)$/);
    client.destroy();
  });

  it('lets ConverseStream correct its clock from the error response and retry too', async () => {
    emulator.clock.setSkew(10 * MINUTE);
    const client = clientFor(emulator);
    const response = await client.send(new ConverseStreamCommand(input));
    assert.equal(response.$metadata.httpStatusCode, 200);
    assert.equal(response.$metadata.attempts, 2);
    const events = [];
    for await (const event of response.stream ?? []) events.push(event);
    assert.ok(events.at(-1)?.metadata);
    assert.deepEqual(emulator.requests.map((r) => [r.operation, r.status]), [['converse-stream', 403], ['converse-stream', 200]]);
    client.destroy();
  });

  it('fails after the SDK gives up correcting when skew correction is off', async () => {
    emulator.clock.setSkew(10 * MINUTE);
    // A signer option of this SDK version (not in the public config type): always sign with machine time.
    const client = clientFor(emulator, 'h2', { disableClockSkewCorrection: true } as Record<string, unknown>);
    const error = await failure(client.send(new ConverseCommand(input)));
    assert.equal(error.name, 'InvalidSignatureException');
    assert.match(error.message, /^Signature expired/);
    assert.equal(error.$metadata.attempts, 3, 'retried as transient, then given up');
    client.destroy();
  });

  it('does not treat advancing emulated time as skew', async () => {
    emulator.clock.advance(3 * 60 * MINUTE);
    const client = clientFor(emulator);
    const response = await client.send(new ConverseCommand(input));
    assert.equal(response.$metadata.attempts, 1);
    client.destroy();
  });
});
