// The extension host loads this file (extensionTestsPath) and calls run(): the standard mocha
// index, plus one stats line the command-line runner turns into "N passed, N failed", and a last
// step that leaves the showcase file open with its lenses for the workbench screenshot.
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { showShowcase } from './helpers/showcase';

/**
 * In the web workbench the reporter's lines arrive mixed with the workbench's own log; the runner
 * sets this prefix so it can tell them apart. Desktop runs print to stdout and need none.
 */
function routeReporterOutput(): void {
  const prefix = process.env.PROMPT_CACHE_TEST_OUTPUT_PREFIX;
  if (!prefix) return;
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(prefix + format(...args));
}

/**
 * The command-line runners write the user settings before the workbench starts; the "Extension
 * Tests" launch configuration cannot, so it passes them here (JSON) for its temporary profile.
 */
async function applyLaunchSettings(): Promise<void> {
  const json = process.env.PROMPT_CACHE_TEST_USER_SETTINGS;
  if (!json) return;
  const vscode = await import('vscode');
  for (const [key, value] of Object.entries(JSON.parse(json) as Record<string, unknown>)) {
    await vscode.workspace.getConfiguration().update(key, value, vscode.ConfigurationTarget.Global);
  }
}

export async function run(): Promise<void> {
  routeReporterOutput();
  await applyLaunchSettings();
  const mocha = new Mocha({
    ui: 'tdd',
    color: false,
    timeout: 30_000,
    // The spec reporter writes through console.log, which the workbench forwards to the runner.
    reporter: 'spec',
  });
  if (process.env.PROMPT_CACHE_TEST_GREP) mocha.grep(new RegExp(process.env.PROMPT_CACHE_TEST_GREP));
  // The restricted-mode suite needs a workbench opened untrusted, the rest a trusted one.
  const untrusted = process.env.PROMPT_CACHE_TEST_TRUST === 'untrusted';
  const files = readdirSync(__dirname).filter((name) => name.endsWith('.test.js') && name.endsWith('.untrusted.test.js') === untrusted);
  for (const file of files.sort()) {
    mocha.addFile(join(__dirname, file));
  }
  const failures = await new Promise<number>((resolve, reject) => {
    try {
      const runner = mocha.run((count) => resolve(count));
      runner.on('end', () => {
        const { passes = 0, failures: failed = 0, pending = 0 } = runner.stats ?? {};
        console.log(`integration stats: ${JSON.stringify({ passes, failures: failed, pending })}`);
        // Desktop runs print straight to the terminal: give them the plain count line there.
        if (!process.env.PROMPT_CACHE_TEST_OUTPUT_PREFIX) console.log(`${passes} passed, ${failed} failed`);
      });
    } catch (error) {
      reject(error);
    }
  });
  await showShowcase().catch((error: unknown) => console.error(`showcase: ${String(error)}`));
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
}
