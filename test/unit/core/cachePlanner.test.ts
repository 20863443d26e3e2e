import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planCachePoints } from '../../../src/core/cachePlanner';
import { analysisOf, FRONTMATTER_END, HAIKU_45, LLAMA, NOVA_PRO, settings, SONNET_4, SONNET_45 } from '../helpers/plannerFixtures';

/** System prompt, then a long document and `Question: {{question}}` in one user message. */
function contractPrompt(model = SONNET_45, head = 3000) {
  return analysisOf(model, [
    { tokens: 300, field: 'system' },
    { tokens: head + 20, head, changing: ['question'] },
  ]);
}

describe('planner: conservative', () => {
  it('puts one point on its own line right before the changing question line', () => {
    const analysis = contractPrompt();
    const [s, ...rest] = planCachePoints(analysis, settings());
    assert.equal(rest.length, 0);
    const block = analysis.blocks[1];
    assert.equal(s.line, (block.stableHead?.endLine ?? -1) + 1);
    assert.equal(s.line, block.changing[0].line);
    assert.equal(s.kind, 'head');
    assert.equal(s.field, 'message');
    assert.equal(s.messageIndex, 0);
    assert.equal(s.prefixTokens, 3300);
    assert.equal(s.segmentTokens, 3300);
    assert.equal(s.ttl, '5m');
    assert.equal(s.insertText, '{{cachePoint}}');
    assert.match(s.reason, /\{\{question\}\}/);
  });

  it('prices the saving as prefix × (input − read) minus the write premium amortised over the reuses', () => {
    const [s] = planCachePoints(contractPrompt(), settings({ expectedReuses: 4 }));
    // us. profile of Sonnet 4.5: regional prices 3.30 in, 0.33 read, 4.125 write (per 1M).
    const perReuse = (3300 * (3.3 - 0.33) - (3300 * (4.125 - 3.3)) / 4) / 1e6;
    assert.ok(Math.abs(s.savingPerReuseUSD - perReuse) < 1e-12);
    assert.ok(Math.abs(s.expectedSavingUSD - perReuse * 4) < 1e-12);
  });

  it('suggests nothing when the stable prefix is under the model minimum, even with a lower threshold', () => {
    assert.deepEqual(planCachePoints(contractPrompt(SONNET_45, 700), settings({ threshold: 100 })), []);
    // Haiku 4.5 needs 4,096 tokens: 3,300 is not enough.
    assert.deepEqual(planCachePoints(contractPrompt(HAIKU_45), settings({ threshold: 1024 })), []);
  });

  it('respects a threshold above the minimum', () => {
    assert.deepEqual(planCachePoints(contractPrompt(), settings({ threshold: 4000 })), []);
    assert.equal(planCachePoints(contractPrompt(), settings({ threshold: 3300 })).length, 1);
  });

  it('suggests nothing when the author already closes the stable prefix', () => {
    const analysis = analysisOf(SONNET_45, [
      { tokens: 300, field: 'system' },
      { tokens: 3000 },
      { tokens: 20, changing: ['question'] },
    ], [{ after: 1 }]);
    assert.deepEqual(planCachePoints(analysis, settings()), []);
  });

  it('adds the end point after an earlier author point, counting only the new segment', () => {
    const analysis = analysisOf(SONNET_45, [
      { tokens: 2000, field: 'system' },
      { tokens: 3020, head: 3000, changing: ['question'] },
    ], [{ after: 0 }]);
    const [s] = planCachePoints(analysis, settings());
    assert.equal(s.prefixTokens, 5000);
    assert.equal(s.segmentTokens, 3000);
  });

  it('skips the end point when its segment after the author point is under the minimum', () => {
    const analysis = analysisOf(SONNET_45, [
      { tokens: 2000, field: 'system' },
      { tokens: 520, head: 500, changing: ['question'] },
    ], [{ after: 0 }]);
    assert.deepEqual(planCachePoints(analysis, settings()), []);
  });

  it('never suggests a point after changing content', () => {
    const analysis = analysisOf(SONNET_45, [
      { tokens: 20, changing: ['name'] },
      { tokens: 5000 },
    ]);
    assert.deepEqual(planCachePoints(analysis, settings()), []);
    assert.deepEqual(planCachePoints(analysis, settings({ strategy: 'aggressive' })), []);
  });

  it('never suggests anything on unknown or non-caching models', () => {
    for (const id of [LLAMA, 'us.example.mystery-model-v9', '']) {
      const analysis = analysisOf(id, [{ tokens: 5000, field: 'system' }, { tokens: 10, changing: ['q'] }]);
      for (const strategy of ['conservative', 'aggressive', 'custom'] as const) {
        assert.deepEqual(planCachePoints(analysis, settings({ strategy })), [], `${id} ${strategy}`);
      }
    }
  });

  it('never leaves a message holding only a cache point', () => {
    // Message 1 starts with an empty stable block: the end of the stable prefix is the system.
    const analysis = analysisOf(SONNET_45, [
      { tokens: 2000, field: 'system' },
      { tokens: 0 },
      { tokens: 30, changing: ['question'] },
    ]);
    const [s, ...rest] = planCachePoints(analysis, settings());
    assert.equal(rest.length, 0);
    assert.equal(s.field, 'system');
    assert.equal(s.afterBlock, 0);
  });

  it('falls back to the previous block when the changing block has no stable head', () => {
    const analysis = analysisOf(SONNET_45, [
      { tokens: 1500, field: 'system' },
      { tokens: 30, changing: ['question'] },
    ]);
    const [s] = planCachePoints(analysis, settings());
    assert.equal(s.kind, 'block');
    assert.equal(s.line, analysis.blocks[0].range.end.line);
  });

  it('stops at the model maximum, counting the author points', () => {
    const full = analysisOf(SONNET_45, [
      { tokens: 1500, field: 'system' }, { tokens: 10, changing: ['a'] }, { tokens: 10 }, { tokens: 10 }, { tokens: 10 },
    ], [{ after: 0 }, { after: 1 }, { after: 2 }, { after: 3 }]);
    assert.deepEqual(planCachePoints(full, settings({ strategy: 'aggressive' })), []);
  });
});

describe('planner: tools and Nova', () => {
  const tools = { tokens: 2000, kind: 'tools' as const };

  it('closes the tool definitions with cache.tools on Claude when nothing after them is stable', () => {
    const analysis = analysisOf(SONNET_45, [tools, { tokens: 30, field: 'system', changing: ['persona'] }]);
    const [s] = planCachePoints(analysis, settings());
    assert.equal(s.field, 'tools');
    assert.equal(s.kind, 'tools');
    assert.equal(s.insertText, 'cache.tools: true');
    assert.equal(s.line, FRONTMATTER_END);
    assert.equal(s.prefixTokens, 2000);
  });

  it('never suggests a tools point on Nova and does not count tools toward its prefix', () => {
    const analysis = analysisOf(NOVA_PRO, [tools, { tokens: 800, field: 'system' }, { tokens: 420, head: 400, changing: ['q'] }]);
    for (const strategy of ['conservative', 'aggressive'] as const) {
      const out = planCachePoints(analysis, settings({ strategy }));
      assert.ok(out.every((s) => s.field !== 'tools'), strategy);
      assert.equal(out.length, 1, strategy);
      assert.equal(out[0].prefixTokens, 1200);
    }
    const toolsOnly = analysisOf(NOVA_PRO, [tools, { tokens: 30, field: 'system', changing: ['persona'] }]);
    assert.deepEqual(planCachePoints(toolsOnly, settings({ strategy: 'aggressive' })), []);
  });

  it('leaves the tools uncached when suggestions use a 1-hour TTL (a 1h point may not follow the 5m tools point)', () => {
    const analysis = analysisOf(SONNET_45, [tools, { tokens: 3000, field: 'system' }, { tokens: 30, changing: ['q'] }]);
    const out = planCachePoints(analysis, settings({ strategy: 'aggressive', defaultTtl: '1h' }));
    assert.ok(out.length > 0);
    assert.ok(out.every((s) => s.field !== 'tools' && s.ttl === '1h'));
  });
});

describe('planner: TTL', () => {
  const body = [{ tokens: 2000, field: 'system' as const }, { tokens: 3000 }, { tokens: 3000 }, { tokens: 20, changing: ['q'] }];

  it('uses the wanted TTL and writes it in the marker', () => {
    const [s] = planCachePoints(analysisOf(SONNET_45, body), settings({ defaultTtl: '1h' }));
    assert.equal(s.ttl, '1h');
    assert.equal(s.insertText, '{{cachePoint ttl="1h"}}');
  });

  it('never suggests 1h on a model without it', () => {
    for (const id of [SONNET_4, NOVA_PRO]) {
      const out = planCachePoints(analysisOf(id, body), settings({ defaultTtl: '1h', strategy: 'aggressive' }));
      assert.ok(out.length > 0);
      assert.ok(out.every((s) => s.ttl === '5m' && s.insertText === '{{cachePoint}}'), id);
    }
  });

  it('never puts a 1h point after a 5m point', () => {
    const analysis = analysisOf(SONNET_45, body, [{ after: 0 }]);
    const out = planCachePoints(analysis, settings({ defaultTtl: '1h' }));
    assert.equal(out.length, 1);
    assert.equal(out[0].ttl, '5m');
    assert.match(out[0].reason, /5-minute point comes earlier/);
  });

  it('makes a new point 1h when an author 1h point follows it', () => {
    const analysis = analysisOf(SONNET_45, body, [{ after: 2, ttl: '1h' }]);
    const out = planCachePoints(analysis, settings({ strategy: 'aggressive' }));
    assert.ok(out.length > 0);
    assert.ok(out.every((s) => s.afterBlock < 2 && s.ttl === '1h'));
  });
});

describe('planner: autoCacheSystem', () => {
  it('adds a point after a stable system prompt that reaches the minimum, even under conservative', () => {
    const analysis = analysisOf(SONNET_45, [
      { tokens: 1500, field: 'system' },
      { tokens: 3020, head: 3000, changing: ['question'] },
    ]);
    assert.equal(planCachePoints(analysis, settings()).length, 1);
    const out = planCachePoints(analysis, settings({ autoCacheSystem: true }));
    assert.deepEqual(out.map((s) => [s.field, s.prefixTokens, s.segmentTokens]), [['system', 1500, 1500], ['message', 4500, 3000]]);
  });

  it('does not add it when the system prompt is under the minimum or changes', () => {
    const small = analysisOf(SONNET_45, [{ tokens: 800, field: 'system' }, { tokens: 3020, head: 3000, changing: ['q'] }]);
    assert.equal(planCachePoints(small, settings({ autoCacheSystem: true })).length, 1);
    const changing = analysisOf(SONNET_45, [{ tokens: 1800, field: 'system' }, { tokens: 30, field: 'system', changing: ['date'] }]);
    assert.ok(planCachePoints(changing, settings({ autoCacheSystem: true })).every((s) => s.afterBlock !== 1));
  });
});
