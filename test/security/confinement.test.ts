// A cloned .prompt file must not read anything outside the workspace: not through a partial, a
// {{media}} file or a bedrock.tools file, whatever the escape (.., absolute paths, ~, UNC paths,
// file: URLs, symlinks). Every escape is an analyzer error naming the refused file, and a run stops
// before anything is sent. The fake HOME's credentials hold a known secret that must never show.
import assert from 'node:assert/strict';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { preparePrompt, PromptInputError } from '../../src/node/promptPreparation';
import { Analyzer } from '../../src/core/analyzer';
import { WorkspaceFiles } from '../../src/node/promptFiles';
import { startEmulator, type Emulator } from '../../emulator/server';
import { assertNoSecrets, cli, SECRETS, secretHome, SONNET45, workspace } from './securitySupport';

const { home, credentialsFile } = secretHome();
let emulator: Emulator;
before(async () => { emulator = await startEmulator({ port: 0, host: '127.0.0.1' }); });
after(async () => { await emulator.close(); });
beforeEach(() => emulator.reset());

// Files outside the workspace that a prompt might try to reach, each holding the secret.
const outside = workspace({
  'outside.prompt': `Stolen ${SECRETS.fileSecretAccessKey}`,
  'outside.json': JSON.stringify([{ name: SECRETS.fileSecretAccessKey }]),
  'outside.png': SECRETS.fileSecretAccessKey,
});
for (const ext of ['prompt', 'json', 'png']) writeFileSync(`${credentialsFile}.${ext}`, `${SECRETS.fileSecretAccessKey}\n`);
/** A workspace with files of its own and links inside it: some pointing outside, one inside. */
function linkedWorkspace(files: Record<string, string> = {}): string {
  const ws = workspace({ 'inside/_ok.prompt': 'Shared rules.', 'inside/ok.json': JSON.stringify([{ name: 'lookup' }]), 'inside/ok.png': 'png', ...files });
  for (const ext of ['prompt', 'json', 'png']) symlinkSync(credentialsFile, join(ws, `creds.${ext}`));
  symlinkSync(join(home, '.aws'), join(ws, 'awsdir'));
  symlinkSync(join(ws, 'inside', 'ok.png'), join(ws, 'inner-link.png'));
  return ws;
}
const root = linkedWorkspace();

interface Escape {
  label: string;
  partial: string;
  media: string;
  tools: string;
}

// `partial` is the name as written in {{> …}}; the file tried is that name plus `.prompt`.
const ESCAPES: Escape[] = [
  { label: '.. out of the workspace', partial: `../${outside.split('/').pop()}/outside`, media: `../${outside.split('/').pop()}/outside.png`, tools: `../${outside.split('/').pop()}/outside.json` },
  { label: 'an absolute path', partial: join(outside, 'outside'), media: join(outside, 'outside.png'), tools: join(outside, 'outside.json') },
  { label: '~ (the home folder)', partial: '~/secret', media: '~/secret.png', tools: '~/secret.json' },
  { label: '~/.aws/credentials', partial: '~/.aws/credentials', media: '~/.aws/credentials.png', tools: '~/.aws/credentials.json' },
  { label: 'a UNC path', partial: '\\\\server\\share\\secret', media: '\\\\server\\share\\secret.png', tools: '\\\\server\\share\\secret.json' },
  { label: 'a file: URL', partial: `file://${join(outside, 'outside')}`, media: `file://${join(outside, 'outside.png')}`, tools: `file://${join(outside, 'outside.json')}` },
  { label: 'a symlink inside the workspace pointing outside', partial: 'creds', media: 'creds.png', tools: 'creds.json' },
  { label: 'a path through a symlinked folder', partial: 'awsdir/credentials', media: 'awsdir/credentials.png', tools: 'awsdir/credentials.json' },
  { label: 'a file outside that does not exist', partial: '../nowhere/none', media: '../nowhere/none.png', tools: '../nowhere/none.json' },
];

/** Single-quoted YAML and Handlebars literals keep backslashes as written. */
const source = (e: Escape) => `---
model: ${SONNET45}
bedrock.tools: '${e.tools}'
---
{{role "system"}}
Rules: {{> '${e.partial}'}}
{{role "user"}}
{{media url='${e.media}' contentType="image/png"}}
Question?
`;

const quote = (text: string) => text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
const refusal = (name: string) => new RegExp(`Refused "${quote(name)}"`);
const partialRefusal = (name: string) => new RegExp(`Refused the partial "${quote(name)}" \\(`);

function analyze(text: string) {
  const file = join(root, 'p.prompt');
  const files = new WorkspaceFiles([root]);
  // Wired as the editor and preparePrompt wire it.
  return new Analyzer().analyze(text, {
    partials: files.partialSource(file),
    readToolsFile: (name) => files.readText(root, name),
    checkMedia: (url) => { const found = files.resolve(root, url); return found.found ? undefined : found.refused; },
  });
}

describe('files outside the workspace are refused', () => {
  for (const e of ESCAPES) {
    describe(e.label, () => {
      it('the analyzer reports each refused file by name', async () => {
        const analysis = await analyze(source(e));
        const errors = analysis.findings.filter((f) => f.severity === 'error');
        const partial = errors.find((f) => f.code === 'partial-refused');
        const media = errors.find((f) => f.code === 'media-refused');
        const tools = errors.find((f) => f.code === 'tools-file');
        assert.match(partial?.message ?? '(none)', partialRefusal(e.partial));
        assert.match(media?.message ?? '(none)', refusal(e.media));
        assert.match(tools?.message ?? '(none)', refusal(e.tools));
        assert.equal(partial!.range.start.line, 5, 'the partial finding is on its line');
        assert.equal(media!.range.start.line, 7, 'the media finding is on its line');
        assertNoSecrets(JSON.stringify(analysis), 'the analysis');
      });

      it('preparePrompt stops with an error naming every refused file', async () => {
        writeFileSync(join(root, 'p.prompt'), source(e));
        const error = await preparePrompt({ file: join(root, 'p.prompt'), workspaceRoots: [root] }).then(() => undefined, (err: unknown) => err);
        assert.ok(error instanceof PromptInputError, String(error));
        assert.match(error.message, partialRefusal(e.partial));
        for (const name of [e.media, e.tools]) assert.match(error.message, refusal(name));
        assertNoSecrets(`${error.message}\n${error.stack}`, 'the error');
      });

      it('the CLI run refuses, exits 2 and sends nothing', async () => {
        const ws = linkedWorkspace({ 'p.prompt': source(e) });
        const { code, stdout, stderr } = await cli(['run', 'p.prompt', '--endpoint', emulator.url, '--json'], ws, {
          env: { AWS_ACCESS_KEY_ID: SECRETS.envAccessKeyId, AWS_SECRET_ACCESS_KEY: SECRETS.envSecretAccessKey },
        });
        assert.equal(code, 2, stderr);
        assert.match(stderr, /^prompt-cache run: p\.prompt: The prompt has errors: /);
        assert.match(stderr, partialRefusal(e.partial));
        for (const name of [e.media, e.tools]) assert.match(stderr, refusal(name));
        assert.equal(stdout, '');
        assert.equal(emulator.requests.length, 0, 'nothing reached Bedrock');
        assertNoSecrets(stdout + stderr, 'the CLI output');
      });
    });
  }

  it('files inside the workspace, and links that stay inside, are read', async () => {
    const text = `---\nmodel: ${SONNET45}\nbedrock.tools: inside/ok.json\n---\n{{> 'inside/ok'}}\n{{media url='inner-link.png'}}\nQ?`;
    const analysis = await analyze(text);
    assert.deepEqual(analysis.findings.filter((f) => f.severity === 'error').map((f) => f.message), []);
    writeFileSync(join(root, 'p.prompt'), text);
    const prepared = await preparePrompt({ file: join(root, 'p.prompt'), workspaceRoots: [root] });
    const content = JSON.stringify(prepared.built.request);
    assert.match(content, /Shared rules\./);
    assert.match(content, /"name":"lookup"/);
    assert.ok(JSON.stringify(prepared.built.request.messages[0].content).includes('"image"'));
  });

  it('a {{media}} path given as a run input is refused when the request is built', async () => {
    writeFileSync(join(root, 'p.prompt'), `---\nmodel: ${SONNET45}\n---\n{{media url=picture contentType="image/png"}}\nQ?`);
    const error = await preparePrompt({ file: join(root, 'p.prompt'), workspaceRoots: [root], inputs: { picture: `${credentialsFile}.png` } })
      .then(() => undefined, (err: unknown) => err as Error);
    assert.match(error?.message ?? '(resolved)', refusal(`${credentialsFile}.png`));
    assertNoSecrets(String(error?.message), 'the error');
  });
});
