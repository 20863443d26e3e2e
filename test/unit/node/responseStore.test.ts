// Which store a --response-cache value or setting names, and keeping a Redis URL's credentials
// out of everything shown or logged.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redactText } from '../../../src/aws/redact';
import { maskUrlCredentials, parseResponseCacheSpec, splitUrlCredentials, withUrlCredentials } from '../../../src/node/responseStore';

describe('response cache spec and URL credentials', () => {
  it('parses off, file and redis URLs, and names what it refuses without the password', () => {
    assert.deepEqual(parseResponseCacheSpec('off'), { kind: 'off' });
    assert.deepEqual(parseResponseCacheSpec(''), { kind: 'off' });
    assert.deepEqual(parseResponseCacheSpec('file'), { kind: 'file' });
    assert.deepEqual(parseResponseCacheSpec('rediss://u:p@cache.internal:6380/2'), { kind: 'redis', url: 'rediss://u:p@cache.internal:6380/2' });
    assert.throws(() => parseResponseCacheSpec('memcached://u:hunter2@x'), (e: Error) => /unknown response cache/.test(e.message) && !e.message.includes('hunter2'));
  });

  it('splits credentials off for secret storage and puts them back for the connection only', () => {
    const split = splitUrlCredentials('redis://team:s3cr%40t@cache:6379/0');
    assert.deepEqual(split, { url: 'redis://cache:6379/0', username: 'team', password: 's3cr@t' });
    assert.equal(withUrlCredentials(split.url, split), 'redis://team:s3cr%40t@cache:6379/0');
    assert.deepEqual(splitUrlCredentials('redis://cache:6379/0'), { url: 'redis://cache:6379/0', username: undefined, password: undefined });
  });

  it('masks credentials in descriptions and in redacted log text', () => {
    assert.equal(maskUrlCredentials('redis://team:hunter2@cache:6379/0'), 'redis://[credentials]@cache:6379/0');
    assert.equal(redactText('connect failed: redis://:hunter2@cache:6379/0 refused'), 'connect failed: redis://[redacted]@cache:6379/0 refused');
  });
});
