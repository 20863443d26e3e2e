// Opens the VS Code workbench in headless Chromium and hands it the extension under development and
// the compiled test index. The workbench reports the test output through codeAutomationLog and the
// result through codeAutomationExit, which the page calls because of the smoke-test driver flag.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export interface WorkbenchOptions {
  chromiumPath: string;
  origin: string;
  /** Absolute paths on the server machine (the same machine here). */
  workspace: string;
  extensionDevelopmentPath: string;
  extensionTestsPath: string;
  tempDir: string;
  onLog(type: string, text: string): void;
  /** Called as soon as the browser runs, so a timeout can close it even before the page loads. */
  onLaunched?(close: () => Promise<void>): void;
}

export interface Workbench {
  page: Page;
  /** Resolves with the test runner's exit code. */
  exitCode: Promise<number>;
  close(): Promise<void>;
}

const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** The workbench URL: the folder to open plus the test payload, as `code --extensionTestsPath` would pass it. */
export function workbenchUrl(origin: string, workspace: string, developmentPath: string, testsPath: string): string {
  const remote = (path: string) => `vscode-remote://${new URL(origin).host}${path}`;
  const payload = [
    ['extensionDevelopmentPath', remote(developmentPath)],
    ['extensionTestsPath', remote(testsPath)],
    ['skipWelcome', 'true'],
  ];
  return `${origin}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** The workbench forwards console calls unformatted: a format string, then its arguments. */
function formatArgs(args: unknown): string {
  const list: unknown[] = Array.isArray(args) ? args : [args];
  return format(...list);
}

/** Only the local server may be reached: the tests must not depend on (or leak to) the network. */
function isLocal(url: string): boolean {
  if (!/^(https?|wss?):/.test(url)) return true;
  return new URL(url).hostname === '127.0.0.1';
}

export async function openWorkbench(options: WorkbenchOptions): Promise<Workbench> {
  const profile = join(options.tempDir, 'chromium-profile');
  const home = join(options.tempDir, 'home');
  mkdirSync(profile, { recursive: true });
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: options.chromiumPath,
    headless: true,
    args: CHROMIUM_FLAGS,
    // Chromium keeps certificate and crash state under $HOME: keep it in the run's temp folder.
    env: { ...process.env, HOME: home },
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: 1,
    timeout: 60_000,
  });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLocal(url)) return route.continue();
    options.onLog('blocked', `blocked a request to ${new URL(url).origin}`);
    return route.abort('blockedbyclient');
  });
  const close = async () => { await context.close().catch(() => undefined); };
  options.onLaunched?.(close);
  const page = context.pages()[0] ?? (await context.newPage());

  let reportExit: (code: number) => void = () => undefined;
  const exitCode = new Promise<number>((resolve) => { reportExit = resolve; });
  await page.exposeFunction('codeAutomationLog', (type: string, args: unknown) => options.onLog(type, formatArgs(args)));
  await page.exposeFunction('codeAutomationExit', (code: number) => reportExit(Number(code)));
  page.on('pageerror', (error) => options.onLog('pageerror', error.message));

  await page.goto(workbenchUrl(options.origin, options.workspace, options.extensionDevelopmentPath, options.extensionTestsPath));
  return {
    page,
    exitCode,
    close,
  };
}
