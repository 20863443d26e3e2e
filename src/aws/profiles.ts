/**
 * Profile names from the shared config and credentials files, for the connection picker. Only
 * section headers and the keys that tell a profile's kind are read; the SDK's provider chain
 * does the real credential work.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

export type ProfileKind = 'sso' | 'process' | 'keys' | 'role' | 'other';

export async function listProfiles(env: NodeJS.ProcessEnv = process.env): Promise<{ name: string; kind: ProfileKind }[]> {
  const home = env.HOME || homedir();
  const files = [env.AWS_CONFIG_FILE || join(home, '.aws', 'config'), env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials')];
  const profiles = new Map<string, Set<string>>();
  for (const [i, file] of files.entries()) {
    const text = await readFile(file, 'utf8').catch(() => '');
    let current: Set<string> | undefined;
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.trim();
      const header = /^\[\s*(?:profile\s+)?([^\]]+?)\s*\]$/.exec(line);
      if (header) {
        // In the config file only `default` and `profile X` sections are profiles.
        const isProfile = i === 1 || line.startsWith('[profile') || header[1] === 'default';
        current = isProfile ? profiles.get(header[1]) ?? new Set() : undefined;
        if (current) profiles.set(header[1], current);
        continue;
      }
      const key = /^([A-Za-z_]+)\s*=/.exec(line)?.[1];
      if (key && current) current.add(key.toLowerCase());
    }
  }
  return [...profiles.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, keys]) => ({
    name,
    kind: keys.has('sso_session') || keys.has('sso_start_url') ? 'sso' : keys.has('credential_process') ? 'process'
      : keys.has('role_arn') ? 'role' : keys.has('aws_access_key_id') ? 'keys' : 'other',
  }));
}
