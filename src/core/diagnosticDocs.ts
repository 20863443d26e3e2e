/**
 * Where each diagnostic code is documented, and how a finding's message reads in the Problems
 * view. Like ESLint's rule links, every code links to its row in docs/diagnostics.md, whose code
 * cells carry an anchor of the code's own name.
 */

/** The repository's address; package.json's `repository.url` says the same (a test keeps them equal). */
export const REPOSITORY_URL = 'https://github.com/prompt-cache-studio/prompt-cache-studio';

export function diagnosticDocsUrl(code: string): string {
  return `${REPOSITORY_URL}/blob/main/docs/diagnostics.md#${encodeURIComponent(code)}`;
}

/**
 * The Problems view shows plain text: Markdown code spans there read as literal backticks, so
 * they become plain quotes around the same words.
 */
export function problemsMessage(message: string): string {
  return message.replace(/`+([^`]+?)`+/g, '"$1"');
}
