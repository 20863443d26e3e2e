// A prompt whose nearest project folder is the home folder may read nothing: every command —
// analyze, export, count, run, and the preparation the editor's commands use — refuses the file it
// names, and nothing is sent. (The hole: `analyze` refused, while export/run/count fell back to the
// prompt's own folder, the home folder, and sent `~/.aws/...` as base64.)
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { preparePrompt } from '../../src/node/promptPreparation';
import { promptWorkspaceRoots } from '../../src/node/workspaceRoot';
import { startEmulator, type Emulator } from '../../emulator/server';
import { cli, SECRETS, secretHome, SONNET45 } from './securitySupport';

const { home } = secretHome();
const PICTURE = Buffer.from(`PNG ${SECRETS.fileSecretAccessKey}`);
const PICTURE_BASE64 = PICTURE.toString('base64');
mkdirSync(join(home, '.aws'), { recursive: true });
writeFileSync(join(home, '.aws', 'pic.png'), PICTURE);
const prompt = join(home, 'a.prompt');
writeFileSync(prompt, `---\nmodel: ${SONNET45}\n---\n{{media url=".aws/pic.png" contentType="image/png"}}\nWhat is in the picture?\n`);
const env = { HOME: home, USERPROFILE: home, AWS_ACCESS_KEY_ID: 'AKIAHOMETEST00000001', AWS_SECRET_ACCESS_KEY: 'homeTestSecret' };

let emulator: Emulator;
before(async () => { emulator = await startEmulator({ port: 0, host: '127.0.0.1' }); });
after(async () => { await emulator.close(); });
beforeEach(() => emulator.reset());

function assertRefused(result: { code: number | null; stdout: string; stderr: string }, command: string): void {
  assert.ok(!result.stdout.includes(PICTURE_BASE64) && !result.stderr.includes(PICTURE_BASE64), `${command} printed the file's bytes`);
  assert.match(result.stderr + result.stdout, /Refused "\.aws\/pic\.png"/, `${command} names the refused file`);
  assert.notEqual(result.code, 0, `${command} fails`);
}

describe('a prompt in the home folder', () => {
  it('has no readable folder under the workspace rule', () => {
    assert.deepEqual(promptWorkspaceRoots(prompt, { home }), []);
  });

  it('analyze reports the media file as refused', async () => {
    const result = await cli(['analyze', 'a.prompt', '--json'], home, { env });
    assert.equal(result.code, 1, result.stderr);
    const report = JSON.parse(result.stdout) as { findings: { code: string; message: string }[] };
    assert.ok(report.findings.some((f) => f.code === 'media-refused' && f.message.includes('.aws/pic.png')), result.stdout);
  });

  for (const command of ['export', 'count', 'run']) {
    it(`${command} refuses the file and sends nothing`, async () => {
      const args = command === 'export' ? ['export', 'a.prompt'] : [command, 'a.prompt', '--endpoint', emulator.url, '--json'];
      const result = await cli(args, home, { env });
      assertRefused(result, command);
      assert.equal(result.code, 2, result.stderr);
      assert.equal(emulator.requests.length, 0, 'nothing reached Bedrock');
    });
  }

  it('the preparation the editor uses refuses it when no workspace folder is open', async () => {
    const error = await preparePrompt({ file: prompt, workspaceRoots: promptWorkspaceRoots(prompt, { folders: [], home }) })
      .then(() => undefined, (e: Error) => e);
    assert.match(error?.message ?? '(prepared)', /Refused "\.aws\/pic\.png"/);
  });

  it('an explicit --workspace makes the file readable, as the user asked', async () => {
    const result = await cli(['export', 'a.prompt', '--workspace', home], home, { env });
    assert.equal(result.code, 0, result.stderr);
    assert.ok(result.stdout.includes(PICTURE_BASE64));
  });
});
