/**
 * The prompt analysed once as written and once per candidate model (each with its own minimum,
 * tokenizer calibration and prices), for the comparison. Shared by `prompt-cache compare` and the
 * editor's Compare command.
 */
import { Analyzer } from '../core/analyzer';
import { chooseCandidates } from '../core/compareCandidates';
import { requestModelId } from '../core/compareCells';
import { MODEL_CATALOG, type ModelRow } from '../core/modelCatalog';
import { analyzePrompt, type AnalyzedPrompt, type AnalyzePromptOptions } from './promptPreparation';

export interface CandidateAnalysis {
  row: ModelRow;
  /** The ID a call names (an inference profile where the model needs one). */
  requestModel: string;
  analyzed: AnalyzedPrompt;
}

export interface CompareAnalyses {
  base: AnalyzedPrompt;
  candidates: CandidateAnalysis[];
  skipped: { model: string; reason: string }[];
}

export async function analyzeCandidates(location: Omit<AnalyzePromptOptions, 'modelOverride'>, models?: readonly string[]): Promise<CompareAnalyses> {
  const options = { ...location, analyzer: location.analyzer ?? new Analyzer() };
  const base = await analyzePrompt(options);
  const choice = chooseCandidates(options.catalog ?? MODEL_CATALOG, base.analysis, models);
  const prefix = base.analysis.model?.profilePrefix;
  const candidates: CandidateAnalysis[] = [];
  for (const row of choice.models) {
    const requestModel = requestModelId(row, prefix);
    // The text read once for the base is reused: every candidate sees the same bytes.
    candidates.push({ row, requestModel, analyzed: await analyzePrompt({ ...options, text: base.text, modelOverride: requestModel }) });
  }
  return { base, candidates, skipped: choice.skipped };
}
