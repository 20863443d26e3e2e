/**
 * Fits a prompt's `config:` to the Bedrock model it will run on. Files written for Gemini or
 * OpenAI carry settings Bedrock rejects (`safetySettings`, `thinkingConfig`, `tools:
 * [{googleSearch: {}}]`…) or names differently (`topK`): each gets a finding on its key saying
 * what is sent instead, or that it is not sent, and the request carries only what the model takes.
 */
import type { Finding, Range } from './analysis';
import type { ResolvedModel } from './modelResolver';
import type { PromptConfig } from './promptConfig';

/** Fields each family accepts in additionalModelRequestFields. */
const ACCEPTED: Record<string, readonly string[]> = {
  claude: ['top_k', 'thinking', 'anthropic_beta', 'tool_choice'],
  nova: ['inferenceConfig'],
};

/** Largest output each family allows when the catalog row does not say. */
const MAX_OUTPUT: Record<string, number> = { claude: 64000, nova: 10000 };
const TEMPERATURE_MAX: Record<string, number> = { claude: 1, nova: 1 };

export interface FittedConfig {
  config: PromptConfig;
  findings: Finding[];
}

/**
 * @param keyRange the range of `config.KEY` (or of `config`) in the file.
 */
export function fitConfigToModel(config: PromptConfig, model: ResolvedModel | undefined, keyRange: (key: string) => Range): FittedConfig {
  const family = model?.row?.family;
  if (!family || !(family in ACCEPTED)) return { config, findings: [] };
  const name = model?.row?.name ?? family;
  const findings: Finding[] = [];
  const warn = (key: string, message: string, code = 'config-unsupported') => findings.push({ code, severity: 'warning', range: keyRange(key), message, data: { key } });
  const inference = { ...config.inference };
  const additional: Record<string, unknown> = {};

  const temperatureMax = TEMPERATURE_MAX[family] ?? 2;
  if (inference.temperature !== undefined && (inference.temperature < 0 || inference.temperature > temperatureMax)) {
    warn('temperature', `temperature ${inference.temperature} is outside 0–${temperatureMax} for ${name}: not sent.`, 'config-range');
    delete inference.temperature;
  }
  if (inference.topP !== undefined && (inference.topP < 0 || inference.topP > 1)) {
    warn('topP', `topP ${inference.topP} is outside 0–1: not sent.`, 'config-range');
    delete inference.topP;
  }
  const maxOut = MAX_OUTPUT[family];
  if (inference.maxTokens !== undefined && maxOut !== undefined && inference.maxTokens > maxOut) {
    warn('maxOutputTokens', `maxOutputTokens ${inference.maxTokens} is above ${name}'s limit of ${maxOut.toLocaleString('en-US')}: sent as ${maxOut.toLocaleString('en-US')}.`, 'config-range');
    inference.maxTokens = maxOut;
  }
  for (const [key, value] of Object.entries(config.additionalFields)) {
    if (key === 'topK') {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
        warn(key, `topK must be a whole number of at least 1: not sent.`, 'config-range');
      } else if (family === 'claude') {
        additional.top_k = value;
        findings.push({ code: 'config-mapped', severity: 'info', range: keyRange(key), message: `topK is sent as ${name}'s own field top_k.`, data: { key } });
      } else {
        additional.inferenceConfig = { ...(additional.inferenceConfig as object | undefined), topK: value };
        findings.push({ code: 'config-mapped', severity: 'info', range: keyRange(key), message: `topK is sent as inferenceConfig.topK for ${name}.`, data: { key } });
      }
      continue;
    }
    if (ACCEPTED[family].includes(key)) {
      additional[key] = value;
      continue;
    }
    warn(key, `${key} is not a setting ${name} takes on Bedrock (it belongs to another provider's API): not sent.`);
  }
  return { config: { ...config, inference, additionalFields: additional }, findings };
}
