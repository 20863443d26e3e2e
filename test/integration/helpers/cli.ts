// Runs the project's own CLI on a file, so the editor's numbers are checked against the same
// analysis reached by a different front end, not against numbers written into the test.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './extension';

export interface CliBlock {
  field: 'tools' | 'system' | 'message';
  role?: string;
  messageIndex?: number;
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
  tokens: number;
  prefixTokens: number;
  stable: boolean;
}

export interface CliCachePoint {
  /** 1-based line of the {{cachePoint}} marker. */
  line: number;
  field: 'tools' | 'system' | 'message';
  prefixTokens: number;
  segmentTokens: number;
}

export interface CliFinding { code: string; severity: string; line: number; message: string }

export interface CliAnalysis { blocks: CliBlock[]; cachePoints: CliCachePoint[]; findings: CliFinding[] }

export async function analyzeWithCli(file: string): Promise<CliAnalysis> {
  const cli = join(repoRoot(), 'dist', 'cli.js');
  // In desktop VS Code the extension host runs inside Electron: ask it to behave as plain Node.
  const { stdout } = await promisify(execFile)(process.execPath, [cli, 'analyze', '--json', file], {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout) as CliAnalysis;
}
