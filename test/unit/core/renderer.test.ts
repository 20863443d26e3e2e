import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CompiledPrompts, createDotprompt, partialBody } from '../../../src/core/renderer';
import { memoryPartials } from '../helpers/analyze';

const text = (r: Awaited<ReturnType<CompiledPrompts['render']>>) => r.messages.flatMap((m) => m.content).map((p) => ('text' in p ? p.text : '|')).join('');

describe('renderer', () => {
  it('emits a cache point part where {{cachePoint}} sits, with its TTL', async () => {
    const r = await createDotprompt().render('{{role "system"}}A{{cachePoint}}{{role "user"}}B{{cachePoint ttl="1h"}}C');
    assert.deepEqual(r.messages.map((m) => m.content.map((p) => ('metadata' in p ? p.metadata?.purpose : p.text))), [['A', 'cachePoint'], ['B', 'cachePoint:1h', 'C']]);
  });

  it('keeps partial registries apart between environments', async () => {
    const a = await createDotprompt(memoryPartials({ p: 'first' })).render('{{> p}}');
    const b = await createDotprompt(memoryPartials({ p: 'second' })).render('{{> p}}');
    assert.equal(text(a), 'first');
    assert.equal(text(b), 'second');
  });

  it('reuses a compiled prompt but never a stale partial, nested ones included', async () => {
    const cache = new CompiledPrompts();
    const files: Record<string, string> = { outer: 'O[{{> inner}}]', inner: 'v1' };
    const partials = memoryPartials(files);
    const live = { read: (name: string) => partials.read(name) };
    assert.equal(text(await cache.render('{{> outer}} {{x}}', live, { input: { x: 1 } })), 'O[v1] 1');
    assert.equal(text(await cache.render('{{> outer}} {{x}}', live, { input: { x: 2 } })), 'O[v1] 2');
    files.inner = 'v2';
    const changed = memoryPartials(files);
    assert.equal(text(await cache.render('{{> outer}} {{x}}', changed, { input: { x: 3 } })), 'O[v2] 3');
  });

  it('strips a partial file\'s own frontmatter', () => {
    assert.equal(partialBody('---\nx: 1\n---\nbody'), 'body');
    assert.equal(partialBody('no frontmatter'), 'no frontmatter');
  });
});
