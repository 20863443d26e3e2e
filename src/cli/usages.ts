/**
 * One line of usage per command, apart from the commands themselves: `--help` and usage errors
 * print them without loading any command (the run and probe commands pull in the AWS SDK).
 */
export const ANALYZE_USAGE = 'analyze FILE... [--json] [--model ID] [--region R] [--probes FILE] [--strategy conservative|aggressive|custom] [--fix [--dry-run]] [--workspace DIR] [--config FILE]';
export const RUN_USAGE = 'run FILE [--endpoint URL] [--region R] [--profile P] [--model ID] [--input NAME=VALUE]... [--times N] [--retry-without-cache] [--history FILE] [--response-cache off|file|redis://…] [--response-cache-ttl 1h] [--no-response-cache] [--http1] [--workspace DIR] [--config FILE] [--json]';
export const COUNT_USAGE = 'count FILE [--endpoint URL] [--region R] [--profile P] [--model ID] [--input NAME=VALUE]... [--http1] [--workspace DIR] [--probes FILE] [--config FILE] [--json]';
export const EXPORT_USAGE = 'export FILE [--format converse|anthropic|openai] [--model ID] [--input NAME=VALUE]... [--workspace DIR] [--config FILE]';
export const LOCK_USAGE = 'lock [PATHS...] [--workspace DIR]';
export const CHECK_USAGE = 'check [PATHS...] [--format text|json|sarif|github] [--strict] [--workspace DIR]';
export const PROBE_USAGE = 'probe --model ID [--region R] [--endpoint URL] [--profile P] [--http1] [--yes] [--json] [--probes FILE]';
export const RESPONSE_CACHE_USAGE = 'response-cache stats|clear [--response-cache file|redis://…] [--workspace DIR] [--json]';
export const COMPARE_USAGE = 'compare FILE [--models ID,…] [--strategies none,conservative,aggressive,custom] [--ttls 5m,1h] '
  + '[--interval 90s|10m|2h|history | --calls-per-hour N] [--calls N] [--output-tokens N] [--history FILE] [--json] '
  + '[--live --times N [--endpoint URL] [--region R] [--profile P] [--routers ARN,…] [--input NAME=VALUE]... [--export FILE.csv|FILE.json]] [--workspace DIR]';
