/**
 * Edits and choices for the `model:` key, behind the model quick fixes: the inference-profile IDs
 * that replace a bare base ID, and setting (or adding) the key to a model picked from the catalog.
 */
import type { TextEdit } from './planner/cachePointFixes';
import type { ModelRow } from './modelCatalog';

const pos = (line: number, character = 0) => ({ line, character });

/** Where the value of a top-level `model:` key sits in the frontmatter, if there is one. */
export function modelValueRange(text: string): TextEdit['range'] | undefined {
  const lines = text.split(/\r?\n/);
  if (lines[0]?.trim() !== '---') return undefined;
  for (let i = 1; i < lines.length && lines[i].trim() !== '---'; i++) {
    const m = /^(model[ \t]*:[ \t]*)(.*?)[ \t]*$/.exec(lines[i]);
    if (m) return { start: pos(i, m[1].length), end: pos(i, m[1].length + m[2].length) };
  }
  return undefined;
}

/** Sets `model:` to `id`: replaces the value, adds the key to the frontmatter, or adds a frontmatter. */
export function setModelEdit(text: string, id: string): TextEdit {
  const range = modelValueRange(text);
  if (range) return { range, newText: id };
  if (text.split(/\r?\n/)[0]?.trim() === '---') return { range: { start: pos(1), end: pos(1) }, newText: `model: ${id}\n` };
  return { range: { start: pos(0), end: pos(0) }, newText: `---\nmodel: ${id}\n---\n` };
}

/** The on-demand IDs for a base model that needs an inference profile: US and global first. */
export function profileIds(baseId: string): string[] {
  return ['us', 'global', 'eu', 'apac'].map((geo) => `${geo}.${baseId}`);
}

/** The ID to write for a catalog row: through the US profile when the row needs one. */
export function callableId(row: ModelRow): string {
  return row.requiresProfile ? `us.${row.id}` : row.id;
}
