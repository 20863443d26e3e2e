/**
 * Analyzes each open .prompt document once per version and shares the result with every
 * provider (lenses, hovers, symbols, diagnostics, status). Edits are coalesced briefly, and
 * the analyzer's memo means only changed blocks are re-rendered and re-counted.
 */
import * as vscode from 'vscode';
import type { Analysis } from '../core/analysis';
import { Analyzer, isPartialFile } from '../core/analyzer';
import { adviseCachePoints, type CacheAdvice } from '../core/cacheAdvice';
import { effectiveCacheSettings, type CacheSettings } from '../core/promptConfig';
import { sourcesFor } from '../node/promptPreparation';
import { analyzerSources } from '../node/promptSources';
import { knownChange, spanAfter, unchangedSpan, type ChangeSpan } from '../core/textChangeSpan';
import { readSettings, resolveRegion } from './settings';
import { currentProbes } from './probeResults';
import { partialTexts } from '../node/fileTextCache';
import { workspaceRoots } from './promptDocuments';
import type { Log } from './log';

export const LANGUAGE_ID = 'dotprompt';
export const SELECTOR: vscode.DocumentSelector = [{ language: LANGUAGE_ID }];

export interface AnalysisResult {
  uri: vscode.Uri;
  version: number;
  analysis: Analysis;
  advice: CacheAdvice;
  settings: CacheSettings;
}

const EDIT_DELAY_MS = 120;
/**
 * A document this large, analyzed for the first time, gets lenses from a character estimate at
 * once while the tokenizer loads and counts it exactly (a 1 MB file: tens of milliseconds instead
 * of several hundred); the exact analysis replaces them.
 */
export const ESTIMATE_FIRST_CHARS = 64 * 1024;

export class AnalysisService implements vscode.Disposable {
  private readonly analyzer = new Analyzer();
  /**
   * Per document, the text analyzed last and what the change events since say changed: the next
   * analysis then knows where the edit is without comparing two whole versions (textChangeSpan.ts).
   */
  private readonly edits = new Map<string, { base: string; span: ChangeSpan }>();
  private readonly results = new Map<string, { version: number; promise: Promise<AnalysisResult> }>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Documents with an exact analysis: later versions are counted exactly at once (the memo makes that quick). */
  private readonly analyzedOnce = new Set<string>();
  private readonly emitter = new vscode.EventEmitter<AnalysisResult>();
  /** First-look estimates of large documents, until their exact analysis is done. */
  private readonly estimates = new Map<string, AnalysisResult>();
  private readonly estimated = new vscode.EventEmitter<AnalysisResult>();
  private readonly disposables: vscode.Disposable[] = [this.emitter, this.estimated];
  readonly onDidAnalyze = this.emitter.event;
  /** A first-look estimate is ready (only lenses show it; diagnostics wait for the exact analysis). */
  readonly onDidEstimate = this.estimated.event;

  constructor(private readonly log: Log) {
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (!this.isPrompt(e.document) || e.contentChanges.length === 0) return;
        const edited = this.edits.get(e.document.uri.toString());
        if (edited) edited.span = spanAfter(edited.span, e.contentChanges);
        this.schedule(e.document);
      }),
      vscode.workspace.onDidOpenTextDocument((d) => this.isPrompt(d) && this.schedule(d, 0)),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)),
      watchPartials(() => this.refreshAll()),
    );
    for (const document of vscode.workspace.textDocuments) if (this.isPrompt(document)) this.schedule(document, 0);
  }

  isPrompt(document: vscode.TextDocument): boolean {
    return document.languageId === LANGUAGE_ID;
  }

  /** The analysis of the document's current version (computed now if needed). */
  get(document: vscode.TextDocument): Promise<AnalysisResult> {
    const key = document.uri.toString();
    const cached = this.results.get(key);
    if (cached && cached.version === document.version) return cached.promise;
    const promise = this.compute(document);
    this.results.set(key, { version: document.version, promise });
    promise.then((result) => {
      this.estimates.delete(key);
      if (this.results.get(key)?.promise === promise) this.emitter.fire(result);
    }, (error) => {
      // No estimate may outlive its analysis: its lenses would say "estimating…" for ever.
      this.estimates.delete(key);
      this.log.error(`Analysis of ${document.uri.fsPath} failed`, error);
    });
    return promise;
  }

  /**
   * The first-look estimate of the document's current version while its exact analysis is still
   * running, else the exact analysis: lenses show something at once on a large file.
   */
  latest(document: vscode.TextDocument): Promise<AnalysisResult> {
    const exact = this.get(document);
    const estimate = this.estimates.get(document.uri.toString());
    return estimate && estimate.version === document.version ? Promise.resolve(estimate) : exact;
  }

  /** Re-analyzes every open prompt (settings changed). */
  refreshAll(): void {
    this.results.clear();
    for (const document of vscode.workspace.textDocuments) if (this.isPrompt(document)) this.schedule(document, 0);
  }

  private schedule(document: vscode.TextDocument, delay = EDIT_DELAY_MS): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      if (!document.isClosed) void this.get(document);
    }, delay));
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.results.delete(key);
    this.estimates.delete(key);
    this.analyzedOnce.delete(key);
    this.edits.delete(key);
  }

  private async compute(document: vscode.TextDocument): Promise<AnalysisResult> {
    const version = document.version;
    const key = document.uri.toString();
    const settings = readSettings(document.uri);
    // An unsaved, untitled prompt has no folder: it reads no files at all.
    const sources = document.uri.scheme === 'file'
      ? analyzerSources(sourcesFor({ file: document.uri.fsPath, workspaceRoots: workspaceRoots(document), partialsPath: settings.partialsPath, declared: settings.declared, projectTrusted: settings.trusted }))
      : {};
    const text = document.getText();
    // Synchronously with reading the text: change events from here on are against this text.
    const before = this.edits.get(key);
    const known = before && knownChange(before.span, before.base.length, text.length);
    this.edits.set(key, { base: text, span: unchangedSpan(text.length) });
    let change = known && { from: before.base, ...known };
    const options = {
      defaultModel: settings.defaultModel, catalog: settings.catalog, sizeLimit: settings.sizeLimitBytes, ...sources,
      // Probed minimums replace the catalog's for the region runs go to (the file's own region wins).
      probes: currentProbes((message) => this.log.warn(message)),
      region: resolveRegion(undefined, settings.region),
      partial: isPartialFile(document.uri.path),
    };
    const result = (analysis: Analysis): AnalysisResult => {
      const cache = effectiveCacheSettings(settings.cache, analysis.config);
      return { uri: document.uri, version, analysis, advice: adviseCachePoints(analysis, cache), settings: cache };
    };
    if (!this.analyzedOnce.has(key) && text.length > ESTIMATE_FIRST_CHARS) {
      const estimate = result(await this.analyzer.analyze(text, { ...options, change, estimate: true }));
      change = undefined;
      if (this.results.get(key)?.version === version) {
        this.estimates.set(key, estimate);
        this.estimated.fire(estimate);
      }
    }
    const exact = result(await this.analyzer.analyze(text, { ...options, change }));
    this.analyzedOnce.add(key);
    return exact;
  }

  dispose(): void {
    partialTexts.clear();
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const d of this.disposables) d.dispose();
  }
}

/** Partials are cached by path and mtime; a change on disk drops the entry and re-analyzes prompts that read it. */
function watchPartials(onChange: () => void): vscode.Disposable {
  const watcher = vscode.workspace.createFileSystemWatcher('**/*.prompt');
  const changed = (uri: vscode.Uri) => { if (partialTexts.invalidate(uri.fsPath)) onChange(); };
  watcher.onDidChange(changed);
  // A new file may be a partial that was missing.
  watcher.onDidCreate(onChange);
  watcher.onDidDelete(changed);
  return watcher;
}
