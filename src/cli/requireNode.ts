/**
 * Imported first by src/cli.ts, so that in the bundle this runs before any other module (the AWS SDK
 * included) is evaluated: on a too-old Node.js the command line says which version it needs, in one
 * line, and exits 2 instead of failing later with an obscure error.
 */
import { nodeVersionProblem } from './nodeVersion';

const problem = nodeVersionProblem(process.versions.node);
if (problem) {
  process.stderr.write(`prompt-cache: ${problem}\n`);
  process.exit(2);
}
