/**
 * The layer rules in eslint.config.mjs, run through ESLint's own API on virtual files placed at
 * several folder depths: a forbidden import fires the rule wherever the file sits, and the imports
 * each layer legitimately makes stay clean.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';
import { REPO_ROOT as root } from '../../support/paths';

const eslint = new ESLint({ cwd: root, overrideConfigFile: join(root, 'eslint.config.mjs') });
const layerRules = new Set(['no-restricted-imports', 'no-restricted-syntax']);

/** The layer-rule messages ESLint reports for `code` saved as `file` (relative to the repository). */
async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return result.messages.filter((m) => m.ruleId !== null && layerRules.has(m.ruleId)).map((m) => `${m.ruleId}: ${m.message}`);
}

async function assertRefused(file: string, code: string): Promise<void> {
  const errors = await layerErrors(file, code);
  assert.ok(errors.length > 0, `${file}: expected a layer rule to refuse\n${code}`);
}

async function assertAllowed(file: string, code: string): Promise<void> {
  assert.deepEqual(await layerErrors(file, code), [], `${file}: expected no layer error for\n${code}`);
}

describe('layer lint rules', () => {
  const refused: [file: string, code: string][] = [
    ['src/core/planner/deep/x.ts', "import '../../../aws/clientFactory';"],
    ['src/core/planner/x.ts', "import { createClient } from '../../aws/clientFactory';\nexport { createClient };"],
    ['src/core/x.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;"],
    ['src/core/x.ts', "import { readFile } from 'fs/promises';\nexport const r = readFile;"],
    ['src/core/x.ts', "import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';\nexport type C = BedrockRuntimeClient;"],
    ['src/core/x.ts', "export * from '@smithy/core';"],
    ['src/core/planner/x.ts', "import * as vscode from 'vscode';\nexport const v = vscode;"],
    ['src/core/planner/x.ts', "export { readPrompt } from '../../node/promptFiles';"],
    ['src/core/planner/x.ts', "import '../../editor/log';"],
    ['src/core/x.ts', "export const load = () => import('../aws/index');"],
    ['src/core/planner/x.ts', "export const load = () => import('node:fs');"],
    ['src/core/x.ts', "export const load = () => require('../webview/state');"],
    ['src/node/x.ts', "import * as vscode from 'vscode';\nexport const v = vscode;"],
    ['src/node/sub/x.ts', "import '../../aws/clientFactory';"],
    ['src/node/x.ts', "import '@aws-sdk/client-bedrock-runtime';"],
    ['src/node/x.ts', "import '../editor/settings';"],
    ['src/aws/x.ts', "import * as vscode from 'vscode';\nexport const v = vscode;"],
    ['src/aws/sub/x.ts', "import '../../editor/log';"],
    ['src/aws/x.ts', "import '../webview/state';"],
    ['src/webview/x.ts', "import '../core/x';"],
    ['src/webview/views/x.ts', "import '../../core/analysis';"],
    ['src/webview/views/deep/x.ts', "import '../../../editor/usagePanel/panel';"],
    ['src/webview/x.ts', "import 'vscode';"],
    ['src/webview/x.ts', "import 'node:path';"],
    ['src/shared/x.ts', "import '../core/analysis';"],
    ['src/shared/x.ts', "import 'yaml';"],
    ['src/cli/sub/x.ts', "import '../../editor/y';"],
    ['src/cli/x.ts', "import '../webview/state';"],
    ['src/cli.ts', "import './editor/settings';"],
    ['src/cli.ts', "import * as vscode from 'vscode';\nexport const v = vscode;"],
    ['src/cli/x.ts', "export const load = () => import('vscode');"],
    ['src/editor/usagePanel/x.ts', "import '../../webview/state';"],
    ['src/extension.ts', "import './webview/main';"],
  ];
  for (const [file, code] of refused) {
    it(`refuses in ${file}: ${code.split('\n')[0]}`, () => assertRefused(file, code));
  }

  const allowed: [file: string, code: string][] = [
    ['src/core/planner/deep/x.ts', "import '../../../shared/usageRecord';\nimport '../../analysis';\nimport '../sibling';\nimport './child';"],
    ['src/core/x.ts', "import 'dotprompt';\nimport 'yaml';\nimport 'js-tiktoken/lite';\nexport const load = () => import('js-tiktoken/ranks/cl100k_base');"],
    ['src/aws/x.ts', "import '@aws-sdk/client-bedrock-runtime';\nimport '@smithy/node-http-handler';\nimport 'node:fs';\nimport '../core/converseRequest';\nimport '../node/promptFiles';"],
    ['src/node/sub/x.ts', "import 'node:fs';\nimport '../../core/renderer';\nimport '../../shared/usageRecord';\nimport '../historyFile';"],
    ['src/webview/views/x.ts', "import '../../shared/protocol';\nimport '../format';\nimport './usageCard';"],
    ['src/shared/x.ts', "import './usageRecord';"],
    ['src/cli/sub/x.ts', "import '../../aws/promptRunner';\nimport '../../node/workspaceRoot';\nimport '../../core/analyzer';\nimport 'node:util';"],
    ['src/cli.ts', "import './cli/analyzeCommand';"],
    ['src/editor/deep/x.ts', "import * as vscode from 'vscode';\nimport '../../core/analysis';\nexport const v = vscode;\nexport const load = () => import('../../aws/index');"],
  ];
  for (const [file, code] of allowed) {
    it(`allows in ${file}: ${code.split('\n')[0]}`, () => assertAllowed(file, code));
  }
});
