/** A mistake in how the CLI was called: exit code 2 with a one-line message. */
export class UsageError extends Error {}
