// The volatile-content lint on real files: what changes between calls (or between checkouts) before
// a cache point is flagged on its own line with a quick fix; fixed facts and content after the last
// point are not.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { quickFixesFor } from '../../../src/core/cachePointRules';
import { applyEdits } from '../../../src/core/suggestionEdits';
import { VOLATILE_CODE, volatileName, volatileValue } from '../../../src/core/volatileContent';
import { analyzePrompt } from '../../../src/node/promptPreparation';

const HEAD = '---\nmodel: us.anthropic.claude-sonnet-4-5-20250929-v1:0\n';

async function lint(body: string, front = '', files: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'pcs-volatile-'));
  writeFileSync(join(dir, 'package.json'), '{}');
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  const text = `${HEAD}${front}---\n${body}`;
  const file = join(dir, 'p.prompt');
  writeFileSync(file, text);
  const { analysis } = await analyzePrompt({ file, text });
  return { text, analysis, findings: analysis.findings.filter((f) => f.code === VOLATILE_CODE) };
}

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle));

describe('volatile-content lint', () => {
  it('flags time, date and ID inputs before a cache point, on their own line', async () => {
    const { text, findings } = await lint('{{role "system"}}\nRules.\nToday is {{today}}.\nRequest {{requestId}} at {{now}}.\n{{cachePoint}}\nHi {{name}}\n');
    assert.deepEqual(findings.map((f) => [f.range.start.line, f.input]), [
      [lineOf(text, '{{today}}'), 'today'], [lineOf(text, '{{requestId}}'), 'requestId'], [lineOf(text, '{{requestId}}'), 'now'],
    ]);
    assert.ok(findings.every((f) => f.severity === 'warning'));
    assert.match(findings[0].message, /\{\{today\}\} changes between calls \(its name says a date or time\)/);
  });

  it('leaves alone fixed dates in the text, stable-marked inputs, settings and content after the last point', async () => {
    const { findings } = await lint('Policy effective 2024-01-01, reviewed 2025-06-30T00:00.\nZone: {{time_zone}} {{date_format}}\nAs of {{today}}.\n{{cachePoint}}\nNow: {{now}} {{uuid}}\n', 'cache.stable: [today]\n');
    assert.deepEqual(findings, []);
  });

  it('flags an input whose default is a timestamp or a UUID, but not one whose default is a plain date', async () => {
    const front = 'input:\n  default:\n    ref: 3f2b8c1e-9a4d-4c1b-8f7e-2d6a5b4c3e21\n    at: "2026-11-27T10:00:00Z"\n    effective: "2024-01-01"\n';
    const { findings } = await lint('Ref {{ref}} at {{at}}, effective {{effective}}.\n{{cachePoint}}\nGo\n', front);
    assert.deepEqual(findings.map((f) => f.input), ['ref', 'at']);
    assert.match(findings[0].message, /its default is a UUID/);
  });

  it('flags JSON of an input (key order follows the caller), even a stable one', async () => {
    const { findings } = await lint('Profile:\n{{json profile}}\n{{cachePoint}}\nGo\n', 'cache.stable: [profile]\n');
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /keys in the order the caller built them/);
  });

  it('flags partials with other line endings or trailing whitespace, on the include line', async () => {
    const { text, findings } = await lint('Start\n{{> crlf}}\n{{> spaces}}\n{{> clean}}\n{{cachePoint}}\nGo\n', '', {
      '_crlf.prompt': 'one\r\ntwo\r\n', '_spaces.prompt': 'one  \ntwo\n', '_clean.prompt': 'one\ntwo {{topic}}\n',
    });
    assert.deepEqual(findings.map((f) => f.range.start.line), [lineOf(text, '{{> crlf}}'), lineOf(text, '{{> spaces}}')]);
    assert.match(findings[0].message, /has CRLF line endings while this file has LF/);
    assert.match(findings[1].message, /Line 1 of the partial "spaces" ends in whitespace/);
  });

  it('flags a moment input read inside an included partial, on the include line', async () => {
    const { text, findings } = await lint('Start\n{{> header}}\n{{cachePoint}}\nGo\n', '', { '_header.prompt': 'Generated at {{generatedAt}}\n' });
    assert.deepEqual(findings.map((f) => [f.range.start.line, f.input]), [[lineOf(text, '{{> header}}'), 'generatedAt']]);
    assert.match(findings[0].message, /The partial "header" reads \{\{generatedAt\}\}/);
  });

  it('quick fixes move the line after the last cache point, or mark the input stable', async () => {
    const { text, analysis, findings } = await lint('{{role "system"}}\nRules.\nToday is {{today}}.\nMore rules.\n{{cachePoint}}\nHi\n');
    const fixes = quickFixesFor(findings[0], analysis, text);
    assert.deepEqual(fixes.map((f) => [f.title, f.isPreferred]), [
      [`Move line ${lineOf(text, '{{today}}') + 1} after the last cache point (line ${lineOf(text, '{{cachePoint}}') + 1})`, true],
      ['Mark today as stable (cache.stable)', false],
    ]);
    assert.equal(applyEdits(text, fixes[0].edits), text.replace('Today is {{today}}.\n', '').replace('{{cachePoint}}\n', '{{cachePoint}}\nToday is {{today}}.\n'));
    const marked = applyEdits(text, fixes[1].edits);
    assert.match(marked, /cache\.stable: \[today\]/);
    const again = await lint(marked.slice(marked.indexOf('---\n', 4) + 4), 'cache.stable: [today]\n');
    assert.deepEqual(again.findings, []);
  });

  it('reads names and values as a person would', () => {
    for (const name of ['now', 'today', 'currentDate', 'request_id', 'traceId', 'timestamp', 'uuid', 'sessionId', 'incident_time', 'createdAt', 'updated_at']) assert.ok(volatileName(name), name);
    for (const name of ['name', 'customer', 'timeout', 'time_zone', 'dateFormat', 'document', 'policy', 'id', 'update', 'look_at', 'format']) assert.equal(volatileName(name), undefined, name);
    assert.equal(volatileValue('2024-01-01'), undefined);
    assert.equal(volatileValue('effective 2024-01-01T10:00'), undefined);
    assert.ok(volatileValue('2024-01-01 10:00:00'));
    assert.ok(volatileValue(1764237600000));
  });
});
