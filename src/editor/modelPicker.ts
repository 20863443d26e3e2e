/**
 * *Choose Model…*: a picker over the model catalog (with the user's rows) that writes the chosen
 * ID into the file's `model:` key. Behind the quick fix of `model-missing` and `model-unknown`.
 */
import * as vscode from 'vscode';
import { callableId, setModelEdit } from '../core/modelEdits';
import { formatTokens } from '../shared/numberFormat';
import { toWorkspaceEdit } from './cacheCommands';
import { promptDocument } from './promptDocuments';
import { readSettings } from './settings';

export async function pickModel(uri?: unknown): Promise<boolean> {
  const document = await promptDocument(uri);
  const rows = readSettings(document.uri).catalog;
  const items = rows.map((row) => ({
    label: row.name,
    description: callableId(row),
    detail: `${row.family} · cache minimum ${formatTokens(row.minTokens)} tokens · TTLs ${row.ttls.join(', ')}`
      + (row.prices ? ` · $${row.prices.input} in / $${row.prices.output} out per 1M tokens` : ''),
    id: callableId(row),
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Choose the model of this prompt', placeHolder: 'Type to filter by name or ID', matchOnDescription: true, matchOnDetail: true,
  });
  if (!picked) return false;
  return vscode.workspace.applyEdit(toWorkspaceEdit(document.uri, [setModelEdit(document.getText(), picked.id)]));
}
