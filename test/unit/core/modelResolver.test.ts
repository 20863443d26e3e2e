import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MODEL_CATALOG } from '../../../src/core/modelCatalog';
import { catalogWith, resolveModel } from '../../../src/core/modelResolver';

const SONNET45 = 'anthropic.claude-sonnet-4-5-20250929-v1:0';

describe('model resolver', () => {
  it('strips provider and geography prefixes and picks regional or global prices', () => {
    const regional = resolveModel(`bedrock/us.${SONNET45}`);
    assert.equal(regional.requestId, `us.${SONNET45}`);
    assert.equal(regional.baseId, SONNET45);
    assert.equal(regional.profilePrefix, 'us');
    assert.equal(regional.status, 'caching');
    assert.equal(regional.prices?.input, 3.3);
    assert.equal(resolveModel(`global.${SONNET45}`).prices?.input, 3);
    assert.equal(resolveModel(`aws-bedrock/apac.${SONNET45}`).profilePrefix, 'apac');
    assert.equal(resolveModel(`us-gov.${SONNET45}`).profilePrefix, 'us-gov');
  });

  it('holds every model of the reference table with its limits', () => {
    const row = (id: string) => MODEL_CATALOG.find((r) => r.id === id)!;
    assert.equal(row('anthropic.claude-3-5-haiku-20241022-v1:0').minTokens, 2048);
    assert.equal(row('anthropic.claude-haiku-4-5-20251001-v1:0').minTokens, 4096);
    assert.deepEqual(row('amazon.nova-pro-v1:0').fields, ['system', 'messages']);
    assert.deepEqual(row('amazon.nova-pro-v1:0').ttls, ['5m']);
    assert.deepEqual(row(SONNET45).ttls, ['5m', '1h']);
    assert.equal(row('amazon.nova-micro-v1:0').prices?.cacheRead, 0.00875);
    assert.ok(MODEL_CATALOG.every((r) => r.maxPoints === 4));
  });

  it('says unknown for ARNs and unlisted models, no-caching for known non-caching families', () => {
    assert.equal(resolveModel('arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc').status, 'unknown');
    assert.equal(resolveModel('acme.model-v1').status, 'unknown');
    assert.equal(resolveModel('us.meta.llama3-3-70b-instruct-v1:0').status, 'no-caching');
    assert.equal(resolveModel('anthropic.claude-3-sonnet-20240229-v1:0').status, 'no-caching');
  });

  it('applies rows and prices from settings', () => {
    const arn = 'arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc';
    const catalog = catalogWith([{ id: arn, minTokens: 2048, fields: ['tools', 'system', 'messages'] }, { id: SONNET45, minTokens: 4096 }],
      { [SONNET45]: { input: 2, cacheRead: 0.2, date: '2026-11' } });
    const viaArn = resolveModel(arn, catalog);
    assert.equal(viaArn.status, 'caching');
    assert.equal(viaArn.row?.minTokens, 2048);
    const sonnet = resolveModel(`us.${SONNET45}`, catalog);
    assert.equal(sonnet.row?.minTokens, 4096);
    assert.equal(sonnet.prices?.input, 2);
    assert.equal(sonnet.prices?.output, 15);
    assert.equal(sonnet.row?.priceDate, '2026-11');
  });
});
