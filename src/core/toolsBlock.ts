/** The tool definitions as Bedrock receives them (`toolConfig.tools`), as one countable text. */
import type { PromptConfig, ToolSpec } from './promptConfig';

export interface ToolsText {
  specs: ToolSpec[];
  text: string;
  error?: string;
}

export function converseTools(specs: ToolSpec[]): { toolSpec: { name: string; description?: string; inputSchema: { json: unknown } } }[] {
  return specs.map((spec) => ({
    toolSpec: { name: spec.name, description: spec.description, inputSchema: { json: spec.inputSchema ?? { type: 'object', properties: {} } } },
  }));
}

export function toolsBlockText(config: PromptConfig, readFile?: (path: string) => { text: string } | { error: string }): ToolsText {
  let specs = config.tools;
  if (config.toolsPath) {
    if (!readFile) return { specs: [], text: '', error: `bedrock.tools names the file "${config.toolsPath}", which cannot be read here.` };
    const read = readFile(config.toolsPath);
    if ('error' in read) return { specs: [], text: '', error: read.error };
    try {
      const parsed: unknown = JSON.parse(read.text);
      if (!Array.isArray(parsed) || !parsed.every((t) => t && typeof t === 'object' && typeof (t as ToolSpec).name === 'string')) {
        return { specs: [], text: '', error: `${config.toolsPath} must hold a JSON list of {name, description, inputSchema}.` };
      }
      specs = parsed as ToolSpec[];
    } catch (error) {
      // Only the position: the parser's message quotes the file's content.
      const at = /position (\d+)/.exec((error as Error).message)?.[1];
      return { specs: [], text: '', error: `${config.toolsPath} is not valid JSON${at ? ` (at character ${at})` : ''}.` };
    }
  }
  if (specs.length === 0) return { specs, text: '' };
  return { specs, text: JSON.stringify(converseTools(specs)) };
}
