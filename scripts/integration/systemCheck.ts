// Finds the Debian packages the integration tier needs and, when one is missing, names the exact
// apt-get line instead of failing later with a stack trace from deep inside a native build.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** A setup problem the user fixes outside the project (a system package, a network). */
export class SetupError extends Error {}

function onPath(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function missingPackagesError(packages: string[], why: string): SetupError {
  return new SetupError(`${why}\nInstall with:\n  apt-get install -y ${packages.join(' ')}`);
}

/** The headless browser that renders the workbench: Debian's chromium, or CHROMIUM_PATH. */
export function findChromium(): string {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    if (!existsSync(configured)) throw new SetupError(`CHROMIUM_PATH points at ${configured}, which does not exist.`);
    return configured;
  }
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  throw missingPackagesError(['chromium'], 'The integration tests need Debian\'s chromium (or CHROMIUM_PATH set to a Chromium binary).');
}

/**
 * code-server's native modules build from source; kerberos links against the MIT Kerberos headers
 * (krb5-config comes with libkrb5-dev) and node-gyp needs a compiler, make and python3.
 */
export function checkBuildPrerequisites(): void {
  const missing: string[] = [];
  if (!onPath('krb5-config')) missing.push('libkrb5-dev');
  if (!onPath('g++') || !onPath('make')) missing.push('build-essential');
  if (!onPath('python3')) missing.push('python3');
  if (missing.length) {
    throw missingPackagesError(missing, 'Provisioning code-server builds native modules and needs these Debian packages.');
  }
}
