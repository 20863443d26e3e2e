/**
 * The commands that call Bedrock, bundled apart from the CLI's entry (dist/cli-aws.js): the AWS
 * SDK is most of their code, and `analyze`, `check` or `lock` should not compile it at start.
 */
export { runCommand } from './runCommand';
export { countCommand } from './countCommand';
export { probeCommand } from './probeCommand';
// `compare --live` runs prompts; its projection alone needs no AWS code, but one bundle keeps it simple.
export { compareCommand } from './compareCommand';
