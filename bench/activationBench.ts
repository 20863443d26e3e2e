/**
 * Extension activation cost: loading dist/extension.js and running activate() against a
 * do-nothing stand-in for the vscode module (every property is a callable, constructible stub),
 * so the figure is the extension's own work, without the editor's API calls.
 */
import Module from 'node:module';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

function deepStub(): unknown {
  const target = function stub() { /* stub */ };
  const proxy: unknown = new Proxy(target, {
    get: (_t, prop) => (prop === Symbol.toPrimitive ? () => '' : prop === 'then' ? undefined : prop === 'workspaceFolders' || prop === 'textDocuments' ? [] : proxy),
    apply: () => proxy,
    construct: () => proxy as object,
    set: () => true,
  });
  return proxy;
}

/** The vscode namespace's top-level names, each a deep stub (esbuild's interop copies own keys). */
const NAMESPACE = ['window', 'workspace', 'languages', 'commands', 'env', 'extensions', 'Uri', 'EventEmitter', 'Range', 'Position',
  'Selection', 'CodeLens', 'Hover', 'MarkdownString', 'Diagnostic', 'DiagnosticSeverity', 'DocumentSymbol', 'SymbolKind',
  'LanguageStatusSeverity', 'StatusBarAlignment', 'ThemeColor', 'ThemeIcon', 'CodeAction', 'CodeActionKind', 'WorkspaceEdit',
  'TextEdit', 'ProgressLocation', 'Disposable', 'ViewColumn', 'CancellationTokenSource', 'l10n', 'ConfigurationTarget', 'RelativePattern'];

export function activationBench(): { loadMs: number; activateMs: number; bundleKB: number } {
  const stub = Object.fromEntries(NAMESPACE.map((name) => [name, deepStub()]));
  const resolve = (Module as unknown as { _resolveFilename: (r: string, ...rest: unknown[]) => string })._resolveFilename;
  const load = (Module as unknown as { _load: (r: string, ...rest: unknown[]) => unknown })._load;
  (Module as unknown as { _load: typeof load })._load = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? stub : load.call(this, request, ...rest);
  };
  try {
    const path = join(__dirname, '..', 'dist', 'extension.js');
    const t0 = performance.now();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const extension = require(path) as { activate: (context: unknown) => unknown };
    const t1 = performance.now();
    const any = deepStub();
    // Storage folders are real paths: activation joins file names onto them.
    const storage = { fsPath: join(tmpdir(), 'pcs-bench-storage'), toString: () => 'file:///pcs-bench-storage' };
    extension.activate({ subscriptions: [], extensionUri: any, extensionPath: __dirname, secrets: any, globalState: any, workspaceState: any, storageUri: storage, globalStorageUri: storage });
    const t2 = performance.now();
    return { loadMs: t1 - t0, activateMs: t2 - t1, bundleKB: statSync(path).size / 1024 };
  } finally {
    (Module as unknown as { _load: typeof load })._load = load;
    void resolve;
  }
}

if (require.main === module) console.log(activationBench());
