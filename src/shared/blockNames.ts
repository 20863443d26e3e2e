/**
 * What a block of a prompt is called, everywhere it is named: the outline, hovers, the CLI's
 * tables and the panel's ribbon. In src/shared because the ribbon (webview) may import nothing else.
 * Messages count from 1 as a reader counts them; the request's 0-based index is `requestPath`.
 */

export interface NamedBlock {
  kind?: string;
  field: string;
  messageIndex?: number;
  /** Dotprompt role of the section; `model` is the assistant's turn. */
  role?: string;
}

/** `Tools`, `System`, `History`, `User message 1`, `Model message 2`, `User message 1 (media)`. */
export function blockName(block: NamedBlock): string {
  if (block.field === 'tools' || block.kind === 'tools') return 'Tools';
  if (block.field === 'system') return 'System';
  if (block.kind === 'history') return 'History';
  const role = block.role === 'model' ? 'Model' : 'User';
  return `${role} message ${(block.messageIndex ?? 0) + 1}${block.kind === 'media' ? ' (media)' : ''}`;
}

/** Where the block lands in the Converse request: `toolConfig.tools`, `system`, `messages[0]`. */
export function requestPath(block: NamedBlock): string {
  if (block.field === 'tools' || block.kind === 'tools') return 'toolConfig.tools';
  if (block.field === 'system') return 'system';
  return `messages[${block.messageIndex ?? 0}]`;
}
