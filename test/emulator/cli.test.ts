// The command-line emulator: prints its URL, honours --port and PORT, serves the SDK, and stops
// cleanly on SIGTERM/SIGINT. Also checked as an esbuild bundle, the way the build ships it.
import { ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import * as esbuild from 'esbuild';
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, describe, it } from 'node:test';
import type { Emulator } from '../../emulator/server';
import { clientFor, SONNET_4, userMessage } from './testSupport';
import { REPO_ROOT } from '../support/paths';

const LINE = /^Bedrock emulator listening on (http:\/\/127\.0\.0\.1:(\d+))$/;

/** Resolves with the URL from the first stdout line. */
async function started(child: ChildProcess): Promise<{ url: string; port: number }> {
  const lines = createInterface({ input: child.stdout! });
  const [line] = (await once(lines, 'line')) as [string];
  const match = LINE.exec(line);
  assert.ok(match, `unexpected first line: ${line}`);
  return { url: match[1], port: Number(match[2]) };
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function converseThrough(url: string): Promise<string | undefined> {
  const client = clientFor({ url } as Emulator);
  try {
    const response = await client.send(new ConverseCommand({ modelId: SONNET_4, messages: [userMessage({ text: 'hi' })] }));
    return response.output?.message?.content?.[0].text;
  } finally {
    client.destroy();
  }
}

async function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<number | string | null> {
  const exited = once(child, 'exit');
  child.kill(signal);
  const [code, killedBy] = (await exited) as [number | null, NodeJS.Signals | null];
  return code ?? killedBy;
}

const tsxArgs = ['--import', 'tsx', join(REPO_ROOT, 'emulator', 'main.ts')];

describe('emulator command line (tsx)', () => {
  it('picks a random port with --port 0, serves the SDK and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, [...tsxArgs, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const { url, port } = await started(child);
    assert.ok(port > 0);
    assert.match((await converseThrough(url)) ?? '', /^Emulated reply from /);
    assert.equal(await stop(child, 'SIGTERM'), 0);
  });

  it('listens on the port from the PORT variable and exits 0 on SIGINT', async () => {
    const wanted = await freePort();
    const child = spawn(process.execPath, tsxArgs, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, PORT: String(wanted) } });
    const { port } = await started(child);
    assert.equal(port, wanted);
    assert.equal(await stop(child, 'SIGINT'), 0);
  });

  it('refuses an invalid port', async () => {
    const child = spawn(process.execPath, [...tsxArgs, '--port', 'seventy'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const [code] = (await once(child, 'exit')) as [number];
    assert.equal(code, 2);
  });
});

describe('emulator command line (bundled)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'emulator-bundle-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('runs as a single esbuild bundle with the rank table beside it', async () => {
    // Same shape as the project build: CommonJS for node20, ranks kept as a separate file.
    await esbuild.build({
      entryPoints: [join(REPO_ROOT, 'emulator', 'main.ts')], outfile: join(dir, 'emulator.js'),
      bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'error',
      plugins: [{ name: 'external-ranks', setup(build) {
        build.onResolve({ filter: /^js-tiktoken\/ranks\/cl100k_base$/ }, () => ({ path: './cl100k_base.cjs', external: true }));
      } }],
    });
    copyFileSync(require.resolve('js-tiktoken/ranks/cl100k_base'), join(dir, 'cl100k_base.cjs'));
    const child = spawn(process.execPath, [join(dir, 'emulator.js'), '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const { url } = await started(child);
    assert.match((await converseThrough(url)) ?? '', /: 4 input tokens\.$/);
    assert.equal(await stop(child, 'SIGTERM'), 0);
  });
});
