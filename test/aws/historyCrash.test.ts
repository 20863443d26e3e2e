// A process killed in the middle of writing the history must leave a file that parses: either the
// history before the write or the one after it, never half of one.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { parseHistory } from '../../src/core/history';
import { HistoryFile } from '../../src/node/historyFile';

const WRITER = resolve(__dirname, 'helpers/historyWriter.ts');

function killAfterAppends(path: string, appends: number): Promise<number> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, path], { cwd: resolve(__dirname, '../..') });
    let seen = 0;
    let buffered = '';
    child.stdout.on('data', (chunk) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      seen += lines.filter((l) => l.startsWith('appended')).length;
      // SIGKILL gives the writer no chance to finish: it dies wherever it is, usually mid-write
      // of the next multi-megabyte history, since writing takes far longer than printing a line.
      if (seen >= appends && !child.killed) child.kill('SIGKILL');
    });
    child.on('error', fail);
    child.on('exit', () => done(seen));
  });
}

describe('history file under a crash', () => {
  for (const appends of [3, 7, 12]) {
    it(`stays parseable when the writer is killed after ${appends} appends`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'pcs-crash-'));
      const path = join(dir, 'history.json');
      const done = await killAfterAppends(path, appends);
      const parsed = parseHistory(readFileSync(path, 'utf8'));
      assert.ok(parsed.ok, parsed.ok ? '' : parsed.reason);
      const ids = parsed.data.files['crash.prompt'].map((r) => r.id);
      // Every append the writer reported is in the file; at most the one in flight may also be.
      assert.ok(ids.length === done || ids.length === done + 1, `${ids.length} records after ${done} reported appends`);
      assert.deepEqual(ids, ids.map((_, i) => `run-${i}`));
      const warnings: string[] = [];
      const reopened = new HistoryFile(path, { warn: (m) => warnings.push(m) });
      assert.equal((await reopened.recordsFor('crash.prompt')).length, ids.length);
      assert.deepEqual(warnings, []);
      assert.deepEqual(readdirSync(dir), ['history.json'], 'the dead writer\'s temp file was cleaned up');
    });
  }
});
