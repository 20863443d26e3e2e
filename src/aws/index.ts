/**
 * Everything the editor needs from the AWS layer, as one entry point. The extension bundles it
 * separately (dist/aws.js) and loads it on the first run or exact count, so the AWS SDK never
 * costs anything at activation.
 */
export { BedrockClientFactory, type ClientSettings } from './clientFactory';
export { runPrompt, type RunPromptOptions, type RunPromptResult } from './promptRunner';
export { countTokensExact, CountCache, type ExactCount, type PrefixCount } from './countTokens';
export { BedrockRunError, type BedrockFailure } from './bedrockErrors';
export { redact, redactText } from './redact';
export { listProfiles } from './profiles';
export { probeCaching, type CacheProbeOutcome } from './cacheProbe';
// The response cache lives in this bundle too: the Redis client loads only with a run that uses it.
export { ResponseCache, openResponseStore } from '../node/responseCache';
export { measureCell, newExperimentId, type LiveCell, type MeasuredCell } from './compareLive';
