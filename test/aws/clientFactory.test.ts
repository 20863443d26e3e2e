// The client factory's cache and lifetimes, and redaction of everything that may be logged.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BedrockRuntimeClientConfig } from '@aws-sdk/client-bedrock-runtime';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { BedrockClientFactory } from '../../src/aws/clientFactory';
import { mapBedrockError } from '../../src/aws/bedrockErrors';
import { redact, redactText } from '../../src/aws/redact';
import { isolateAwsEnvironment } from './awsSupport';

isolateAwsEnvironment();

function recordingFactory() {
  const made: { config: BedrockRuntimeClientConfig; destroyed: boolean }[] = [];
  const factory = new BedrockClientFactory((config) => {
    const entry = { config, destroyed: false };
    made.push(entry);
    const client = new BedrockRuntimeClient(config);
    const destroy = client.destroy.bind(client);
    client.destroy = () => { entry.destroyed = true; destroy(); };
    return client;
  }, {});
  return { factory, made };
}

describe('BedrockClientFactory', () => {
  it('reuses a client for the same profile, region and endpoint, and makes a new one when they change', () => {
    const { factory, made } = recordingFactory();
    const a = factory.get({ profile: 'fixture', region: 'us-east-1', endpoint: 'http://127.0.0.1:1' });
    assert.equal(factory.get({ profile: 'fixture', region: 'us-east-1', endpoint: 'http://127.0.0.1:1' }).client, a.client);
    assert.notEqual(factory.get({ profile: 'fixture', region: 'eu-west-1', endpoint: 'http://127.0.0.1:1' }).client, a.client);
    assert.notEqual(factory.get({ profile: 'other', region: 'us-east-1', endpoint: 'http://127.0.0.1:1' }).client, a.client);
    assert.notEqual(factory.get({ profile: 'fixture', region: 'us-east-1', endpoint: 'http://127.0.0.1:2' }).client, a.client);
    assert.equal(made.length, 4);
    factory.clear();
    assert.ok(made.every((m) => m.destroyed), 'clear() destroys every client');
    assert.equal(factory.size, 0);
  });

  it('uses a bearer token for an API key and SigV4 with the provider chain otherwise', () => {
    const { factory, made } = recordingFactory();
    const keyed = factory.get({ apiKey: 'ABSKfixtureKeyForTests0001' });
    const profiled = factory.get({ profile: 'fixture' });
    assert.equal(keyed.auth, 'apiKey');
    assert.deepEqual(made[0].config.authSchemePreference, ['httpBearerAuth']);
    assert.equal(profiled.auth, 'profile');
    assert.deepEqual(made[1].config.authSchemePreference, ['sigv4']);
    assert.equal(typeof made[1].config.credentials, 'function');
    assert.equal(profiled.region, 'us-east-1', 'default region when none is set');
    factory.dispose();
  });
});

describe('redact', () => {
  it('removes keys, secrets, tokens, signatures and authorization headers', () => {
    const text = [
      'Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/bedrock/aws4_request, SignedHeaders=host, Signature=0123456789abcdef',
      'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'Bearer ABSKQmVkcm9ja0FQSUtleS1leGFtcGxlMTIzNDU2Nzg5MA==',
      'AWS_BEARER_TOKEN_BEDROCK=bedrock-api-key-abcdef123456',
      'url?X-Amz-Signature=deadbeef&X-Amz-Security-Token=FQoGZXIvYXdzEXAMPLE',
    ].join('\n');
    const clean = redactText(text);
    for (const secret of ['IOSFODNN7EXAMPLE', '0123456789abcdef', 'wJalrXUtnFEMI', 'ABSKQmVkcm9ja0FQSUtleS1', 'bedrock-api-key-abcdef', 'deadbeef', 'FQoGZXIvYXdzEXAMPLE']) {
      assert.ok(!clean.includes(secret), `${secret} leaked: ${clean}`);
    }
    assert.match(clean, /AKIAIOSF…|\[redacted\]/);
  });

  it('redacts secret fields of objects and errors without touching the original', () => {
    const value = { headers: { authorization: 'Bearer abc', 'content-type': 'json' }, credentials: { accessKeyId: 'x' }, sessionToken: 'tok', text: 'ok' };
    const clean = redact(value);
    assert.deepEqual(clean, { headers: { authorization: '[redacted]', 'content-type': 'json' }, credentials: '[redacted]', sessionToken: '[redacted]', text: 'ok' });
    assert.equal(value.headers.authorization, 'Bearer abc');
    const error = redact(new Error('failed with Bearer secretToken123'));
    assert.ok(!error.message.includes('secretToken123') && !(error.stack ?? '').includes('secretToken123'));
  });

  it('mapped failures never carry a token in their cause', () => {
    const failure = mapBedrockError(Object.assign(new Error('denied for Authorization: Bearer ABSKsecretsecretsecretsecret'), { name: 'AccessDeniedException' }), { modelId: 'm', region: 'us-east-1' });
    assert.ok(!failure.cause.includes('ABSKsecret'));
  });
});
