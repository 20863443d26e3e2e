/**
 * `export FILE [--format converse|anthropic|openai] [--input k=v]... [--model ID]`: the request the
 * prompt sends, as JSON for that API, on stdout; what could not be carried over goes to stderr.
 * Nothing is sent anywhere.
 */
import { parseArgs } from 'node:util';
import { PromptInputError, preparePrompt } from '../node/promptPreparation';
import { ConverseRequestError } from '../core/converseRequest';
import { EXPORT_FORMATS, exportRequest, stablePrefixTokens, type ExportFormat } from '../core/requestExport';
import { parseInputs, promptPath } from './runOptions';
import { UsageError } from './usageError';
import { EXPORT_USAGE } from './usages';


export async function exportCommand(argv: string[], out: (s: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true, strict: true,
    options: { format: { type: 'string' }, model: { type: 'string' }, input: { type: 'string', multiple: true }, workspace: { type: 'string' }, config: { type: 'string' } },
  });
  const format = (values.format ?? 'converse') as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) throw new UsageError(`unknown format "${values.format}": use ${EXPORT_FORMATS.join(', ')}.`);
  const file = promptPath(positionals[0], EXPORT_USAGE, values.workspace);
  try {
    const prepared = await preparePrompt({ file: file.path, workspaceRoots: file.roots, inputs: parseInputs(values.input), modelOverride: values.model, configFile: values.config });
    const exported = exportRequest(prepared.built.request, format, stablePrefixTokens(prepared.analysis));
    out(JSON.stringify(exported.body, null, 2));
    for (const warning of exported.warnings) process.stderr.write(`prompt-cache export: ${warning}\n`);
    // Say what of the file's config was renamed or left out for this model.
    for (const f of prepared.analysis.findings.filter((x) => x.code.startsWith('config-'))) {
      process.stderr.write(`prompt-cache export: ${file.relative}:${f.range.start.line + 1}: ${f.message}\n`);
    }
    return 0;
  } catch (error) {
    if (error instanceof PromptInputError || error instanceof ConverseRequestError) throw new UsageError(`${file.relative}: ${error.message}`);
    throw error;
  }
}
