// Waiting for the editor without guessing durations: either an event, or a bounded number of
// retries of a real request (code lens providers have no public "changed" event to listen to).
import { existsSync, watch } from 'node:fs';
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';

/** Retries `probe` until it returns a value, backing off 10 ms → 250 ms, for at most `tries`. */
export async function poll<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, tries = 80): Promise<T> {
  let delay = 10;
  for (let attempt = 0; attempt < tries; attempt++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 250);
  }
  throw new Error(`gave up waiting for ${what} after ${tries} tries`);
}

/**
 * Resolves with the document's diagnostics once they satisfy `accept`: immediately if they already
 * do, otherwise on the onDidChangeDiagnostics event that makes them do so.
 */
export function diagnosticsWhere(
  uri: vscode.Uri,
  accept: (diagnostics: vscode.Diagnostic[]) => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const current = vscode.languages.getDiagnostics(uri);
      if (!accept(current)) return false;
      clearTimeout(timer);
      subscription.dispose();
      resolve(current);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      subscription.dispose();
      const seen = vscode.languages.getDiagnostics(uri).map((d) => `${d.range.start.line + 1}: ${d.message}`);
      reject(new Error(`timed out waiting for ${what}; diagnostics now: ${JSON.stringify(seen)}`));
    }, timeoutMs);
    check();
  });
}

/** Resolves when `file` exists (created or renamed into place); rejects after `timeoutMs`. */
export function fileAppears(file: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const watcher = watch(dirname(file), () => {
      if (existsSync(file)) done();
    });
    const timer = setTimeout(() => done(new Error(`${basename(file)} did not appear within ${timeoutMs} ms`)), timeoutMs);
    function done(error?: Error) {
      clearTimeout(timer);
      watcher.close();
      if (error) reject(error);
      else resolve();
    }
    // Checked after the watcher is set up, so a file written in between is not missed.
    if (existsSync(file)) done();
  });
}

/** A diagnostic's code as a string: ours carry `{ value, target }` so the code links to its docs. */
export function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' && d.code !== null ? String(d.code.value) : String(d.code);
}
