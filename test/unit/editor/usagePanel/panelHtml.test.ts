/**
 * Every page the usage panel host produces: a strict CSP, the one script allowed by nonce, and
 * the first state in an escaped attribute that no record text can break out of.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { renderPanelHtml, type PanelHtmlInput } from '../../../../src/editor/usagePanel/panelHtml';
import type { PanelInitialState } from '../../../../src/shared/protocol';
import { FILE, T0, coldRun, warmRun } from '../../../webview/usageFixtures';
import { REPO_ROOT } from '../../../support/paths';

const CSP_SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';
const NONCE = 'q8JfJ1Uu2m3ZtR0yX5aBcDeF';

function input(initialState: PanelInitialState, nonce = NONCE): PanelHtmlInput {
  return {
    cspSource: CSP_SOURCE,
    nonce,
    scriptUri: `${CSP_SOURCE}/ext/media/build/usagePanel.js`,
    styleUri: `${CSP_SOURCE}/ext/media/usagePanel.css`,
    codiconUri: `${CSP_SOURCE}/ext/media/build/codicons/codicon.css`,
    initialState,
  };
}

function csp(html: string): string {
  const metas = [...html.matchAll(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/g)];
  assert.equal(metas.length, 1, 'exactly one CSP meta');
  return metas[0][1].replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

function directives(policy: string): Map<string, string[]> {
  return new Map(policy.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...values]) => [name, values]));
}

function unescapeAttr(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** The checks every produced page must pass. */
function assertSafePage(html: string, state: PanelInitialState, nonce = NONCE): void {
  const policy = directives(csp(html));
  assert.deepEqual(policy.get('default-src'), ["'none'"]);
  assert.deepEqual(policy.get('script-src'), [`'nonce-${nonce}'`]);
  assert.deepEqual(policy.get('style-src'), [CSP_SOURCE]);
  assert.deepEqual(policy.get('font-src'), [CSP_SOURCE]);
  for (const values of policy.values()) {
    assert.ok(!values.includes("'unsafe-inline'") && !values.includes("'unsafe-eval'"), 'no unsafe sources');
  }
  const scripts = [...html.matchAll(/<script\b([^>]*)>/gi)];
  assert.equal(scripts.length, 1, 'one script tag');
  for (const [, attrs] of scripts) {
    assert.match(attrs, new RegExp(`\\bnonce="${nonce.replace(/[+/]/g, '\\$&')}"`));
    assert.match(attrs, /\bsrc="[^"]+"/, 'the script is a file, never inline code');
  }
  assert.equal([...html.matchAll(/<\/script>/gi)].length, 1);
  // Outside the state attribute (whose value is inert text), the markup has no handlers or styles.
  const markup = html.replace(/data-state="[^"]*"/, 'data-state=""');
  assert.doesNotMatch(markup, /\son[a-z]+=/i, 'no inline event handlers');
  assert.doesNotMatch(markup, /\sstyle=/i, 'no inline styles');
  const attrs = [...html.matchAll(/data-state="([^"]*)"/g)];
  assert.equal(attrs.length, 1);
  assert.doesNotMatch(attrs[0][1], /[<>"]/);
  assert.deepEqual(JSON.parse(unescapeAttr(attrs[0][1])), state);
}

test('the panel page has a strict CSP, one nonce script and the state in data-state', () => {
  const state = { file: FILE, records: [coldRun, warmRun], now: T0 };
  assertSafePage(renderPanelHtml(input(state)), state);
});

test('a record whose text contains "><script> cannot break out of the attribute', () => {
  const hostile = { ...warmRun, text: `"><script>alert(1)</script><img src=x onerror=alert(2)>'&amp;`, model: `</main><script nonce="${NONCE}">x()</script>` };
  const state = { file: `a"b'<c>.prompt`, records: [hostile], now: T0 };
  const html = renderPanelHtml(input(state));
  assertSafePage(html, state);
  assert.ok(!html.includes('"><script>'));
});

test('any record text, file name and nonce give a safe page (property)', () => {
  const text = fc.string({ unit: fc.constantFrom('"', "'", '<', '>', '&', '/', 'script', ' ', 'a', '=', '\n', '</main>', 'é', '😀') });
  fc.assert(fc.property(text, text, fc.base64String({ minLength: 16, maxLength: 44 }).filter((n) => n.length % 4 === 0 && /^[A-Za-z0-9+/]{16}/.test(n)), (body, file, nonce) => {
    const state = { file, records: [{ ...coldRun, text: body, error: body }], now: T0 };
    assertSafePage(renderPanelHtml(input(state, nonce)), state, nonce);
  }), { numRuns: 200 });
});

test('a nonce that is too short or not base64 is refused', () => {
  const state = { file: FILE, records: [], now: T0 };
  assert.throws(() => renderPanelHtml(input(state, 'abc')));
  assert.throws(() => renderPanelHtml(input(state, `${NONCE}" onload="x`)));
});

test('the host sets webview.html only from renderPanelHtml, with a crypto nonce', () => {
  const dir = join(REPO_ROOT, 'src', 'editor', 'usagePanel');
  const sources = readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => readFileSync(join(dir, f), 'utf8'));
  const assignments = sources.flatMap((source) => [...source.matchAll(/\.html\s*=\s*([A-Za-z]+)/g)].map((m) => m[1]));
  assert.deepEqual(assignments, ['renderPanelHtml']);
  const host = sources.join('\n');
  assert.match(host, /nonce:\s*randomBytes\(\d+\)\.toString\('base64'\)/);
  assert.doesNotMatch(host, /Math\.random/);
  assert.doesNotMatch(host, /retainContextWhenHidden\s*:/);
  assert.match(host, /enableCommandUris:\s*false/);
  assert.match(host, /localResourceRoots:\s*\[vscode\.Uri\.joinPath\(extensionUri, 'media'\)\]/);
});
