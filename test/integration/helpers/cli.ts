// Runs the project's own CLI on a file, so the editor's numbers are checked against the same
// analysis reached by a different front end, not against numbers written into the test.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
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

export interface CliSuggestion {
  /** 1-based line the cache point goes before (the marker takes this line, the rest moves down). */
  line: number;
  prefixTokens: number;
  ttl: '5m' | '1h';
  savingPerReuseUSD: number;
}

export interface CliAnalysis { blocks: CliBlock[]; cachePoints: CliCachePoint[]; suggestions: CliSuggestion[]; findings: CliFinding[] }

export async function analyzeWithCli(file: string): Promise<CliAnalysis> {
  const cli = join(repoRoot(), 'dist', 'cli.js');
  // In desktop VS Code the extension host runs inside Electron: ask it to behave as plain Node.
  // Exit code 1 means "the report has error findings" and still prints the report.
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, [cli, 'analyze', '--json', file], {
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      maxBuffer: 16 * 1024 * 1024,
    }, (error, out, err) => {
      if (error && error.code !== 1) reject(new Error(`${error.message}\n${err}`));
      else resolve(out);
    });
  });
  return JSON.parse(stdout) as CliAnalysis;
}
