/**
 * Runs the usage panel's real bundle in real headless Chromium. The page is the host's own HTML
 * (renderPanelHtml, CSP and all) served from 127.0.0.1; the theme stylesheet and body class stand
 * in for what VS Code injects into a webview, and `acquireVsCodeApi` is replaced by a recorder.
 */
/// <reference lib="dom" />
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, extname, join, normalize, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { renderPanelHtml } from '../../src/editor/usagePanel/panelHtml';
import type { AppToHostMessage, HostToAppMessage, PanelInitialState, PanelUiState } from '../../src/shared/protocol';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
export const bundlePath = join(root, 'media', 'build', 'usagePanel.js');
export const screenshotDir = join(root, 'test-output', 'webview');

export type ThemeName = 'light' | 'dark' | 'highContrast';
const BODY_CLASS: Record<ThemeName, string> = { light: 'vscode-light', dark: 'vscode-dark', highContrast: 'vscode-high-contrast' };

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Builds media/build/ when it is missing or older than the app's sources, with the same esbuild
 * options as scripts/build.mjs (that script also bundles the extension, which this tier does
 * not need).
 */
export async function ensureBundle(): Promise<void> {
  const codicons = join(root, 'media', 'build', 'codicons');
  if (!existsSync(join(codicons, 'codicon.ttf'))) {
    mkdirSync(codicons, { recursive: true });
    for (const name of ['codicon.css', 'codicon.ttf']) copyFileSync(require.resolve(`@vscode/codicons/dist/${name}`), join(codicons, name));
  }
  const sources = Math.max(newestMtime(join(root, 'src', 'webview')), newestMtime(join(root, 'src', 'shared')));
  if (existsSync(bundlePath) && statSync(bundlePath).mtimeMs >= sources) return;
  await esbuild.build({
    bundle: true, platform: 'browser', format: 'iife', target: 'es2022', sourcemap: 'inline', logLevel: 'warning',
    entryPoints: [join(root, 'src', 'webview', 'main.ts')], outfile: bundlePath,
  });
}

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf', '.html': 'text/html' };

interface PageSpec { initialState: PanelInitialState; theme: ThemeName }

/** Serves the panel pages and media/ on 127.0.0.1; every page gets a fresh nonce. */
export class PanelServer {
  private readonly pages = new Map<string, PageSpec>();
  private constructor(private readonly server: Server, readonly origin: string) {}

  static async start(): Promise<PanelServer> {
    const holder: { self?: PanelServer } = {};
    const server = createServer((req, res) => holder.self!.serve(req.url ?? '/', res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    holder.self = new PanelServer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return holder.self;
  }

  /** Registers a page and returns its URL. */
  page(spec: PageSpec): string {
    const id = randomBytes(6).toString('hex');
    this.pages.set(id, spec);
    return `${this.origin}/panel/${id}.html`;
  }

  private serve(url: string, res: import('node:http').ServerResponse): void {
    const path = decodeURIComponent(new URL(url, this.origin).pathname);
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const pageMatch = /^\/panel\/([0-9a-f]+)\.html$/.exec(path);
    if (pageMatch && this.pages.has(pageMatch[1])) {
      const { initialState, theme } = this.pages.get(pageMatch[1])!;
      const html = renderPanelHtml({
        cspSource: this.origin,
        nonce: randomBytes(18).toString('base64'),
        scriptUri: `${this.origin}/media/build/usagePanel.js`,
        styleUri: `${this.origin}/media/usagePanel.css`,
        codiconUri: `${this.origin}/media/build/codicons/codicon.css`,
        initialState,
      })
        // What VS Code adds to every webview: its theme's variables and a theme class on <body>.
        .replace('</head>', `<link rel="stylesheet" href="${this.origin}/themes/${theme}.css">\n</head>`)
        .replace('<body>', `<body class="${BODY_CLASS[theme]}">`);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
      return;
    }
    const base = path.startsWith('/media/') ? join(root, 'media') : path.startsWith('/themes/') ? join(root, 'test', 'webview', 'themes') : undefined;
    const file = base ? normalize(join(base, path.replace(/^\/(media|themes)\//, ''))) : undefined;
    if (!base || !file || relative(base, file).startsWith('..') || file.includes(`${sep}..`) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

export interface OpenOptions {
  initialState: PanelInitialState;
  theme?: ThemeName;
  /** What `getState()` returns at start (a restored panel's UI state). */
  uiState?: PanelUiState;
  /** The page clock's start (epoch ms); the clock only moves through `advance`. */
  clock: number;
  viewport?: { width: number; height: number };
}

/**
 * The stand-in for VS Code's `acquireVsCodeApi`: records what the app posts and keeps its UI
 * state, and lists CSP violations so tests can assert there are none.
 */
const STAND_IN_API = `function (uiState) {
  var posted = [];
  var violations = [];
  var state = uiState === null ? undefined : uiState;
  var acquired = false;
  window.__posted = posted;
  window.__violations = violations;
  document.addEventListener('securitypolicyviolation', function (e) { violations.push(e.violatedDirective + ' ' + e.blockedURI); });
  window.acquireVsCodeApi = function () {
    // VS Code allows one call per page; a second one throws there too.
    if (acquired) throw new Error('acquireVsCodeApi may only be called once');
    acquired = true;
    return {
      postMessage: function (message) { posted.push(JSON.parse(JSON.stringify(message))); },
      getState: function () { return state; },
      setState: function (next) { state = JSON.parse(JSON.stringify(next)); window.__uiState = state; return next; },
    };
  };
}`;

/** A panel page plus the recorder behind its stand-in VS Code API. */
export class PanelPage {
  readonly dialogs: string[] = [];
  readonly errors: string[] = [];

  private constructor(readonly page: Page) {
    page.on('dialog', (dialog) => { this.dialogs.push(dialog.message()); void dialog.dismiss(); });
    page.on('pageerror', (error) => this.errors.push(error.message));
    page.on('console', (message) => { if (message.type() === 'error') this.errors.push(message.text()); });
  }

  static async open(browser: Browser, server: PanelServer, options: OpenOptions): Promise<PanelPage> {
    const page = await browser.newPage({ viewport: options.viewport ?? { width: 960, height: 1200 } });
    const panel = new PanelPage(page);
    await page.clock.install({ time: options.clock });
    // A string, not a function: the test runner's transpiler would add helpers the page lacks.
    await page.addInitScript({ content: `(${STAND_IN_API})(${JSON.stringify(options.uiState ?? null)});` });
    await page.goto(server.page({ initialState: options.initialState, theme: options.theme ?? 'dark' }));
    // The bundle is a classic script at the end of <body>: by the load event it has run, so
    // `ready` must be there already (no polling: the page's timers belong to the fake clock).
    const types = (await panel.posted()).map((m) => m.type);
    if (!types.includes('ready')) throw new Error(`The panel did not post ready: ${JSON.stringify({ types, errors: panel.errors })}`);
    return panel;
  }

  /**
   * Delivers a host message the way the app receives it (a `message` event on window).
   * Dispatched synchronously, so the app has rendered by the time this resolves.
   */
  async post(message: HostToAppMessage): Promise<void> {
    await this.page.evaluate((data) => { window.dispatchEvent(new MessageEvent('message', { data })); }, message);
  }

  async posted(): Promise<AppToHostMessage[]> {
    return this.page.evaluate(() => (window as unknown as { __posted: AppToHostMessage[] }).__posted);
  }

  async uiState(): Promise<PanelUiState | undefined> {
    return this.page.evaluate(() => (window as unknown as { __uiState?: PanelUiState }).__uiState);
  }

  async violations(): Promise<string[]> {
    return this.page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
  }

  /** Moves the page clock, firing the app's one-second ticks on the way. */
  async advance(ms: number): Promise<void> {
    await this.page.clock.runFor(ms);
  }

  text(selector: string): Promise<string> {
    return this.page.locator(selector).first().innerText();
  }

  async screenshot(name: string): Promise<string> {
    mkdirSync(screenshotDir, { recursive: true });
    const path = join(screenshotDir, `${name}.png`);
    await this.page.screenshot({ path, fullPage: true });
    return path;
  }

  async close(): Promise<void> {
    await this.page.close();
  }
}

/** The theme file's value of a `--vscode-*` variable as the rgb() string getComputedStyle reports. */
export function themeColor(theme: ThemeName, variable: string): string {
  const css = readFileSync(join(root, 'test', 'webview', 'themes', `${theme}.css`), 'utf8');
  const match = new RegExp(`${variable}:\\s*#([0-9a-fA-F]{6})`).exec(css);
  if (!match) throw new Error(`${variable} is not set in the ${theme} theme`);
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(match[1].slice(i, i + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}

/** One browser and one server per test file. */
export interface Fixture { browser: Browser; server: PanelServer }

export async function startFixture(): Promise<Fixture> {
  await ensureBundle();
  const [browser, server] = await Promise.all([launchBrowser(), PanelServer.start()]);
  return { browser, server };
}

export async function stopFixture(fixture: Fixture | undefined): Promise<void> {
  await fixture?.browser.close();
  await fixture?.server.close();
}
