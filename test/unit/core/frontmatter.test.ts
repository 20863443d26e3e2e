import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFrontmatter, splitFrontmatter } from '../../../src/core/frontmatter';
import { LineIndex } from '../../../src/core/lineIndex';

function findings(text: string): [string, number, string][] {
  const lines = new LineIndex(text);
  return parseFrontmatter(text, splitFrontmatter(text, lines), lines).findings.map((f) => [f.code, f.range.start.line, f.message]);
}

const DUPLICATE = (line: number) => ['yaml-invalid', line, `Invalid YAML in the frontmatter (line ${line + 1}): Map keys must be unique`];

describe('frontmatter: duplicate keys', () => {
  it('reports a key repeated at the top, in a nested mapping and in a flow mapping, on the repeated key\'s line', () => {
    assert.deepEqual(findings('---\nmodel: a\nmodel: b\n---\nx'), [DUPLICATE(2)]);
    assert.deepEqual(findings('---\ncache:\n  ttl: 5m\n  ttl: 1h\n---\n'), [DUPLICATE(3)]);
    assert.deepEqual(findings('---\ncache: {ttl: 5m, ttl: 1h}\n---\n'), [DUPLICATE(1)]);
  });

  it('keys equal in value are duplicates whatever their quoting; the same key in two mappings is not', () => {
    assert.deepEqual(findings('---\nmodel: a\n"model": b\n---\n'), [DUPLICATE(2)]);
    assert.deepEqual(findings('---\ninput:\n  default: {x: 1}\noutput:\n  default: {x: 2}\n---\n'), []);
  });

  it('finds the one repeat among 10,000 keys', () => {
    const keys = Array.from({ length: 10000 }, (_, i) => `key${i}: ${i}`);
    assert.deepEqual(findings(`---\n${keys.join('\n')}\nkey5000: again\n---\n`).filter((f) => f[0] === 'yaml-invalid'), [DUPLICATE(10001)]);
  });
});
