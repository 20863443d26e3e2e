import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from '../../../src/core/suggestionEdits';
import { cachePointFindings, quickFixesFor } from '../../../src/core/cachePointRules';
import { analysisOf, HAIKU_45, LLAMA, NOVA_PRO, settings, SONNET_4, SONNET_45, textOf, type BlockSpec, type PointSpec } from '../helpers/plannerFixtures';

function findings(model: string, blocks: BlockSpec[], points: PointSpec[]) {
  const analysis = analysisOf(model, blocks, points);
  return { analysis, findings: cachePointFindings(analysis, settings()) };
}
const codes = (fs: { code: string; severity: string }[]) => fs.map((f) => `${f.code}:${f.severity}`);

describe('cache point diagnostics: minimum', () => {
  it('is silent for a point whose raw count clears the minimum', () => {
    assert.deepEqual(findings(SONNET_45, [{ tokens: 3000, field: 'system' }], [{ after: 0 }]).findings, []);
  });

  it('reports a prefix under the minimum as an error on the point', () => {
    const { analysis, findings: fs } = findings(SONNET_45, [{ tokens: 600, field: 'system' }], [{ after: 0 }]);
    assert.deepEqual(codes(fs), ['cache-below-minimum:error']);
    assert.deepEqual(fs[0].range, analysis.cachePoints[0].range);
    assert.match(fs[0].message, /Will not be cached/);
  });

  it('says "may not reach the minimum" when only the calibrated count clears it', () => {
    const fs = findings(SONNET_45, [{ tokens: 1100, raw: 960, field: 'system' }], [{ after: 0 }]).findings;
    assert.deepEqual(codes(fs), ['cache-may-miss-minimum:info']);
    assert.match(fs[0].message, /exactly/);
  });

  it('uses the model minimum (Haiku 4.5: 4,096)', () => {
    assert.deepEqual(codes(findings(HAIKU_45, [{ tokens: 3000, field: 'system' }], [{ after: 0 }]).findings), ['cache-below-minimum:error']);
  });

  it('warns when the segment since the previous point is under the minimum', () => {
    const fs = findings(SONNET_45, [{ tokens: 2000, field: 'system' }, { tokens: 500 }], [{ after: 0 }, { after: 1 }]).findings;
    assert.deepEqual(codes(fs), ['cache-segment-below-minimum:warning']);
  });
});

describe('cache point diagnostics: placement', () => {
  it('warns about changing content before the point, naming the variable and its line', () => {
    const { analysis, findings: fs } = findings(SONNET_45, [{ tokens: 2000, field: 'system' }, { tokens: 1500, changing: ['question'] }], [{ after: 1 }]);
    assert.deepEqual(codes(fs), ['cache-after-changing:warning']);
    assert.match(fs[0].message, new RegExp(`\\{\\{question\\}\\} on line ${analysis.blocks[1].changing[0].line + 1}`));
  });

  it('flags a duplicate, a point at the very start and a point alone in its message', () => {
    const dup = findings(SONNET_45, [{ tokens: 2000, field: 'system' }], [{ after: 0 }, { after: 0 }]).findings;
    assert.deepEqual(codes(dup), ['cache-duplicate:warning']);
    const start = findings(SONNET_45, [{ tokens: 2000 }], [{ after: -1 }]).findings;
    assert.deepEqual(codes(start), ['cache-at-start:warning']);
    const alone = findings(SONNET_45, [{ tokens: 2000, field: 'system' }, { tokens: 0, msg: 0 }], [{ after: 1 }]).findings;
    assert.ok(codes(alone).includes('cache-alone-in-message:warning'));
  });

  it('errors on every point beyond the model maximum and names the least valuable', () => {
    const blocks: BlockSpec[] = [
      { tokens: 2000, field: 'system' }, { tokens: 2000 }, { tokens: 2000 }, { tokens: 20, changing: ['q'] }, { tokens: 2000 }, { tokens: 2000 },
    ];
    const { analysis, findings: fs } = findings(SONNET_45, blocks, [0, 1, 2, 3, 4, 5].map((after) => ({ after })));
    const extra = fs.filter((f) => f.code === 'cache-too-many-points');
    assert.equal(extra.length, 2);
    assert.deepEqual(extra.map((f) => f.range), analysis.cachePoints.slice(4).map((p) => p.range));
    // Points after {{q}} are written every call and never read: one of them is least valuable.
    const line = /line (\d+)\./.exec(extra[0].message)?.[1];
    assert.ok(analysis.cachePoints.slice(3).some((p) => String(p.range.start.line + 1) === line), extra[0].message);
  });

  it('errors on a tools point for Nova, and on a TTL there', () => {
    const fs = findings(NOVA_PRO, [{ tokens: 2000, kind: 'tools' }, { tokens: 2000, field: 'system' }], [{ after: 0, ttl: '1h' }]).findings;
    assert.deepEqual(codes(fs).sort(), ['cache-field-rejected:error', 'cache-ttl-nova-tools:error', 'cache-ttl-unsupported:error']);
  });
});

describe('cache point diagnostics: TTL and model', () => {
  it('errors on a 1h point after a 5m point (a bare marker is 5m)', () => {
    const fs = findings(SONNET_45, [{ tokens: 2000, field: 'system' }, { tokens: 2000 }], [{ after: 0 }, { after: 1, ttl: '1h' }]).findings;
    assert.deepEqual(codes(fs), ['cache-ttl-order:error']);
    assert.deepEqual(findings(SONNET_45, [{ tokens: 2000, field: 'system' }, { tokens: 2000 }], [{ after: 0, ttl: '1h' }, { after: 1 }]).findings, []);
  });

  it('1h on a model without it: error on Nova, warning on older Claude', () => {
    assert.deepEqual(codes(findings(NOVA_PRO, [{ tokens: 2000, field: 'system' }], [{ after: 0, ttl: '1h' }]).findings), ['cache-ttl-unsupported:error']);
    assert.deepEqual(codes(findings(SONNET_4, [{ tokens: 2000, field: 'system' }], [{ after: 0, ttl: '1h' }]).findings), ['cache-ttl-unsupported:warning']);
  });

  it('warns on every point for a model without caching or an unknown one', () => {
    assert.deepEqual(codes(findings(LLAMA, [{ tokens: 2000, field: 'system' }, { tokens: 10 }], [{ after: 0 }, { after: 1 }]).findings),
      ['model-no-caching:warning', 'model-no-caching:warning']);
    assert.deepEqual(codes(findings('us.example.new-model-v1', [{ tokens: 2000, field: 'system' }], [{ after: 0 }]).findings), ['model-unknown:warning']);
  });

  it('mentions Nova\'s per-request cache limit', () => {
    assert.deepEqual(codes(findings(NOVA_PRO, [{ tokens: 25000, field: 'system' }], [{ after: 0 }]).findings), ['cache-over-cached-limit:info']);
  });
});

describe('quick fixes', () => {

  it('moves a point after changing content to the end of the stable prefix (preferred)', () => {
    const analysis = analysisOf(SONNET_45, [{ tokens: 2000, field: 'system' }, { tokens: 3020, head: 3000, changing: ['question'] }], [{ after: 1 }]);
    const text = textOf(analysis);
    const [finding] = cachePointFindings(analysis, settings());
    const fixes = quickFixesFor(finding, analysis, text);
    const move = fixes.find((f) => f.isPreferred);
    assert.ok(move);
    assert.match(move.title, /Move/);
    const after = applyEdits(text, move.edits).split('\n');
    const questionLine = analysis.blocks[1].changing[0].line;
    assert.equal(after[questionLine], '{{cachePoint}}');
    assert.equal(after.filter((l) => l === '{{cachePoint}}').length, 1);
    assert.equal(after.length, text.split('\n').length);
  });

  it('offers to add the variable to cache.stable, in either frontmatter form', () => {
    const analysis = analysisOf(SONNET_45, [{ tokens: 2000, field: 'system' }, { tokens: 1500, changing: ['doc'] }], [{ after: 1 }]);
    const [finding] = cachePointFindings(analysis, settings());
    const flow = quickFixesFor(finding, analysis, textOf(analysis, 'cache.stable: [policy]')).find((f) => /cache.stable/.test(f.title));
    assert.ok(flow);
    assert.equal(applyEdits(textOf(analysis, 'cache.stable: [policy]'), flow.edits).split('\n')[3], 'cache.stable: [policy, doc]');
    const absent = quickFixesFor(finding, analysis, textOf(analysis)).find((f) => /cache.stable/.test(f.title));
    assert.ok(absent);
    assert.equal(applyEdits(textOf(analysis), absent.edits).split('\n')[4], 'cache.stable: [doc]');
  });

  it('removes the least valuable point for too many points, deleting its whole line', () => {
    const blocks: BlockSpec[] = [{ tokens: 2000, field: 'system' }, { tokens: 2000 }, { tokens: 2000 }, { tokens: 2000 }, { tokens: 20, changing: ['q'] }];
    const analysis = analysisOf(SONNET_45, blocks, [{ after: 0 }, { after: 1 }, { after: 2 }, { after: 3 }, { after: 4 }]);
    const text = textOf(analysis);
    const finding = cachePointFindings(analysis, settings()).find((f) => f.code === 'cache-too-many-points');
    assert.ok(finding);
    const preferred = quickFixesFor(finding, analysis, text).find((f) => f.isPreferred);
    assert.ok(preferred);
    const after = applyEdits(text, preferred.edits).split('\n');
    assert.equal(after.length, text.split('\n').length - 1);
    assert.equal(after.filter((l) => l === '{{cachePoint}}').length, 4);
  });

  it('fixes TTL problems by rewriting the marker', () => {
    const analysis = analysisOf(SONNET_45, [{ tokens: 2000, field: 'system' }, { tokens: 2000 }], [{ after: 0 }, { after: 1, ttl: '1h' }]);
    const [finding] = cachePointFindings(analysis, settings());
    const fixes = quickFixesFor(finding, analysis);
    assert.deepEqual(fixes.map((f) => f.edits.map((e) => e.newText)), [['{{cachePoint}}'], ['{{cachePoint ttl="1h"}}']]);
    assert.equal(fixes[0].isPreferred, true);
  });

  it('below the minimum: moves the point to where the prefix reaches it, or to the stable end; removal stays', () => {
    const analysis = analysisOf(SONNET_45, [{ tokens: 600, field: 'system' }, { tokens: 300 }, { tokens: 800 }, { tokens: 2000 }, { tokens: 20, changing: ['q'] }], [{ after: 0 }]);
    const text = textOf(analysis);
    const [finding] = cachePointFindings(analysis, settings());
    assert.equal(finding.code, 'cache-below-minimum');
    const fixes = quickFixesFor(finding, analysis, text);
    const toMinimum = fixes.find((f) => /reaches the minimum of 1,024/.test(f.title));
    assert.ok(toMinimum, fixes.map((f) => f.title).join(' | '));
    const after = applyEdits(text, toMinimum.edits).split('\n');
    assert.equal(after.filter((l) => l === '{{cachePoint}}').length, 1);
    // After the third block (600 + 300 + 800 = 1,700 tokens), before the fourth: not the stable end.
    const moved = after.indexOf('{{cachePoint}}');
    assert.ok(moved > analysis.blocks[2].range.start.line && moved < analysis.blocks[3].range.start.line, `marker at line ${moved}`);
    const stableEnd = fixes.find((f) => /end of the stable prefix/.test(f.title));
    assert.ok(stableEnd);
    assert.ok(applyEdits(text, stableEnd.edits).split('\n').indexOf('{{cachePoint}}') > analysis.blocks[3].range.start.line);
    assert.equal(fixes.find((f) => f.isPreferred)?.title, 'Remove this cache point');
  });

  it('below the minimum with a later point: merging into it is preferred', () => {
    const analysis = analysisOf(SONNET_45, [{ tokens: 600, field: 'system' }, { tokens: 3000 }, { tokens: 20, changing: ['q'] }], [{ after: 0 }, { after: 1 }]);
    const text = textOf(analysis);
    const finding = cachePointFindings(analysis, settings()).find((f) => f.code === 'cache-below-minimum');
    assert.ok(finding);
    const preferred = quickFixesFor(finding, analysis, text).find((f) => f.isPreferred);
    assert.match(preferred?.title ?? '', /^Merge with the next cache point \(line \d+\)/);
    assert.equal(applyEdits(text, preferred!.edits).split('\n').filter((l) => l === '{{cachePoint}}').length, 1);
  });

  it('returns nothing for a finding on another range', () => {
    const analysis = analysisOf(SONNET_45, [{ tokens: 600, field: 'system' }], [{ after: 0 }]);
    const [finding] = cachePointFindings(analysis, settings());
    assert.deepEqual(quickFixesFor({ ...finding, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } }, analysis), []);
  });
});
