/** A failed run or count as one specific message with the actions that fix it. */
import * as vscode from 'vscode';
import type { BedrockFailure } from '../../aws/bedrockErrors';

export interface FailureActions {
  showLog(): void;
  pickConnection(): unknown;
  setApiKey(): unknown;
  useModel(modelId: string): unknown;
  revealLine(line: number): unknown;
}

export async function showFailure(failure: BedrockFailure, actions: FailureActions, profile?: string): Promise<void> {
  const buttons: { title: string; run: () => unknown }[] = [];
  switch (failure.kind) {
    case 'accessDenied':
      if (failure.consoleUrl) buttons.push({ title: 'Open Model Access', run: () => vscode.env.openExternal(vscode.Uri.parse(failure.consoleUrl!)) });
      break;
    case 'profileRequired':
      for (const id of failure.suggestedModelIds ?? []) buttons.push({ title: `Use ${id}`, run: () => actions.useModel(id) });
      break;
    case 'ssoExpired':
      buttons.push({ title: 'Run aws sso login', run: () => {
        const terminal = vscode.window.createTerminal('aws sso login');
        terminal.show();
        terminal.sendText(`aws sso login${profile ? ` --profile ${profile}` : ''}`);
      } });
      break;
    case 'credentialsMissing': case 'credentialsInvalid': case 'credentialsExpired':
      buttons.push({ title: 'Choose Profile', run: actions.pickConnection }, { title: 'Set Bedrock API Key', run: actions.setApiKey });
      break;
    case 'validation':
      if (failure.site?.line !== undefined) buttons.push({ title: `Go to Line ${failure.site.line + 1}`, run: () => actions.revealLine(failure.site!.line!) });
      break;
    default:
      break;
  }
  buttons.push({ title: 'Show Log', run: actions.showLog });
  const show = failure.kind === 'cancelled' ? vscode.window.showInformationMessage : vscode.window.showErrorMessage;
  const choice = await show(`Prompt Cache: ${failure.message}`, ...buttons.map((b) => b.title));
  await buttons.find((b) => b.title === choice)?.run();
}
