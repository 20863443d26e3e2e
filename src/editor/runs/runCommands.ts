/**
 * The run-side commands: run, run fresh (bypassing the response cache), run N times, cancel, exact counts, usage panel, API key, connection.
 * Heavy parts (AWS SDK, panel host) load on first use.
 */
import * as vscode from 'vscode';
import type { BedrockFailure } from '../../aws/index';
import type { AnalysisService } from '../analysisService';
import type { Log } from '../log';
import { ConnectionStatus, pickConnection } from './connectionStatus';
import type { ExactCounts } from './exactCounts';
import { showFailure } from './runFailures';
import { API_KEY_SECRET, type RunService } from './runService';
import { requireTrust } from './trust';
import { exportForDocument } from './requestExportCommand';
import { probeCaching } from './probeCommand';
import { promptDocument } from '../promptDocuments';

export interface RunCommandDeps {
  context: vscode.ExtensionContext;
  analyses: AnalysisService;
  runs: RunService;
  exact: ExactCounts;
  log: Log;
  connection: ConnectionStatus;
  showPanel(file?: string): Promise<unknown>;
}

export function failureHandler(deps: Pick<RunCommandDeps, 'log'>): (failure: BedrockFailure, document: vscode.TextDocument, profile?: string) => Promise<void> {
  return (failure, document, profile) => showFailure(failure, {
    showLog: () => deps.log.channel.show(),
    pickConnection: () => vscode.commands.executeCommand('promptCache.selectConnection'),
    setApiKey: () => vscode.commands.executeCommand('promptCache.setBedrockApiKey'),
    useModel: async (modelId) => {
      const text = document.getText();
      const match = /^model:[ \t]*(.*)$/m.exec(text);
      if (!match) return;
      const start = document.positionAt(match.index + match[0].length - match[1].length);
      const end = document.positionAt(match.index + match[0].length);
      const edit = new vscode.WorkspaceEdit();
      edit.replace(document.uri, new vscode.Range(start, end), modelId);
      await vscode.workspace.applyEdit(edit);
    },
    revealLine: async (line) => {
      const editor = await vscode.window.showTextDocument(document);
      const position = new vscode.Position(line, 0);
      editor.selection = new vscode.Selection(position, position);
      editor.revealRange(new vscode.Range(position, position));
    },
  }, profile);
}

export function runCommands(deps: RunCommandDeps): Record<string, (...args: unknown[]) => unknown> {
  const { runs, exact, context } = deps;
  return {
    'promptCache.runPrompt': async (uri?: unknown) => runs.run(await promptDocument(uri), 1),
    'promptCache.runPromptFresh': async (uri?: unknown) => runs.run(await promptDocument(uri), 1, true),
    'promptCache.runPromptNTimes': async (uri?: unknown, times?: unknown) => {
      const document = await promptDocument(uri);
      let n = typeof times === 'number' ? times : undefined;
      if (n === undefined) {
        const answer = await vscode.window.showInputBox({
          title: 'Run Prompt N Times', prompt: 'How many runs in a row? The first writes the cache, the next ones read it.', value: '2',
          validateInput: (v) => /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 20 ? undefined : 'A whole number from 1 to 20',
        });
        if (!answer) return [];
        n = Number(answer);
      }
      return runs.run(document, n);
    },
    'promptCache.cancelRun': async (uri?: unknown) => {
      const document = await promptDocument(uri);
      const file = runs.relativeFile(document.uri);
      if (!runs.isRunning(file)) {
        void vscode.window.showInformationMessage(`Prompt Cache: nothing is running for ${file}.`);
        return false;
      }
      runs.cancelRun(file);
      return true;
    },
    'promptCache.countTokensExact': async (uri?: unknown) => exact.count(await promptDocument(uri)),
    'promptCache.showUsagePanel': async () => {
      const document = vscode.window.activeTextEditor?.document;
      return deps.showPanel(document?.languageId === 'dotprompt' ? runs.relativeFile(document.uri) : undefined);
    },
    'promptCache.setBedrockApiKey': async () => {
      if (!await requireTrust('Storing a Bedrock API key')) return;
      const key = await vscode.window.showInputBox({ title: 'Bedrock API key', prompt: 'Stored in VS Code\'s secret storage; sent as a bearer token instead of AWS credentials.', password: true, ignoreFocusOut: true });
      if (!key) return;
      await context.secrets.store(API_KEY_SECRET, key.trim());
      runs.resetClients();
      void vscode.window.showInformationMessage('Prompt Cache: Bedrock API key stored in secret storage.');
    },
    'promptCache.clearBedrockApiKey': async () => {
      await context.secrets.delete(API_KEY_SECRET);
      runs.resetClients();
      void vscode.window.showInformationMessage('Prompt Cache: Bedrock API key removed.');
    },
    'promptCache.compareRequests': async (uri?: unknown, runIds?: unknown) => {
      const document = await promptDocument(uri);
      const ids = Array.isArray(runIds) && runIds.length === 2 && runIds.every((id) => typeof id === 'string') ? runIds as [string, string] : undefined;
      return runs.compareRequests(runs.relativeFile(document.uri), ids);
    },
    'promptCache.exportRequest': async (uri?: unknown, format?: unknown) => exportForDocument(deps, await promptDocument(uri), format),
    'promptCache.probeCaching': async (model?: unknown) => probeCaching({ analyses: deps.analyses, runs, log: deps.log }, model),
    'promptCache.selectConnection': async () => {
      await pickConnection();
      deps.connection.update();
    },
  };
}
