/**
 * Which Node.js the command line runs on. The minimum is what the code and the pinned AWS SDK need
 * today (the SDK's `engines` says >=20); its releases published after the first week of January
 * 2027 need Node.js 22, which the message names so that nobody is surprised by the next upgrade.
 * package.json's `engines.node` says the same minimum (a unit test keeps the two equal).
 */
export const MINIMUM_NODE_MAJOR = 20;
export const FUTURE_SDK_NODE_MAJOR = 22;

/**
 * The one-line complaint when `version` (as in `process.versions.node`, with or without a leading
 * `v`) is older than the minimum, or undefined when it is recent enough. A version that cannot be
 * read is let through: refusing to start on a runtime we cannot name would help nobody.
 */
export function nodeVersionProblem(version: string, minimumMajor: number = MINIMUM_NODE_MAJOR): string | undefined {
  const match = /^v?(\d+)\./.exec(version.trim());
  if (!match) return undefined;
  const major = Number(match[1]);
  if (major >= minimumMajor) return undefined;
  return `needs Node.js ${minimumMajor} or newer, this is Node.js ${version.replace(/^v/, '')} `
    + `(AWS SDK releases after the first week of January 2027 need Node.js ${FUTURE_SDK_NODE_MAJOR}).`;
}
