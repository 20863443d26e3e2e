// Leaves the example prompt open after the suite, with its lenses computed, and holds the extension
// host until the runner has taken its screenshot: the host shuts down when run() returns, and the
// editor's lenses go with it. The handshake is a line in the log ("ready") and a file the runner
// writes ("taken"); without the runner's env var (desktop runs) there is no picture and no wait.
import { existsSync, watch } from 'node:fs';
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import { activate, closeAllEditors, workspaceFile } from './extension';
import { tokenLenses } from './lenses';
import { poll } from './wait';

export const SHOWCASE_FILE = 'contractReview.prompt';
/** Printed when the showcase is on screen; the runner looks for this exact line. */
export const SHOWCASE_READY = 'integration showcase ready';

/** Resolves when `file` exists, or after `timeoutMs` (the picture is a nicety, never a hang). */
function fileAppears(file: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const watcher = watch(dirname(file), (_event, name) => {
      if (name === basename(file)) done();
    });
    const timer = setTimeout(done, timeoutMs);
    function done() {
      clearTimeout(timer);
      watcher.close();
      resolve();
    }
    if (existsSync(file)) done();
  });
}

export async function showShowcase(): Promise<void> {
  const ack = process.env.PROMPT_CACHE_TEST_SHOWCASE_ACK;
  const uri = workspaceFile(SHOWCASE_FILE);
  if (!ack || !existsSync(uri.fsPath)) return;
  await closeAllEditors();
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document, { preview: false });
  await activate();
  await poll('showcase lenses', async () => ((await tokenLenses(uri)).length > 0 ? true : undefined), 40);
  console.log(SHOWCASE_READY);
  await fileAppears(ack, 30_000);
}
