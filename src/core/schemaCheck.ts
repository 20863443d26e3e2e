/**
 * Checks `input.schema` and `output.schema` the way Dotprompt reads them (its own Picoschema
 * parser), against the named schemas the project declares: a schema defined in code and not
 * declared, or Picoschema Dotprompt would reject, is a finding at its line instead of a render
 * failure later in `export` or a run.
 */
import { picoschema } from 'dotprompt';
import type { Finding } from './analysis';
import type { LineIndex } from './lineIndex';
import type { PromptConfig } from './promptConfig';

export async function schemaFindings(config: PromptConfig, declared: Record<string, unknown>, text: string, lines: LineIndex,
  frontmatter: { start: number; end: number; keyLine: (key: string) => number }): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const { key, value } of config.schemas ?? []) {
    const missing: string[] = [];
    try {
      await picoschema(value, {
        schemaResolver: (name: string) => {
          if (name in declared) return declared[name] as never;
          missing.push(name);
          return null;
        },
      });
    } catch (error) {
      const message = (error as Error).message;
      const name = missing[0] ?? /schema with name '([^']+)'/.exec(message)?.[1];
      if (name !== undefined) {
        const line = lineOf(text, lines, frontmatter, name) ?? frontmatter.keyLine(key);
        findings.push({ code: 'schema-undeclared', severity: 'warning', range: lines.lineRange(line), data: { schema: name },
          message: `Schema "${name}" is not declared: if your code defines it (defineSchema), declare it under "schemas" in prompt-cache.config.json; until then the prompt cannot be rendered.` });
      } else {
        const token = /got: (\S+)/.exec(message)?.[1];
        const line = (token ? lineOf(text, lines, frontmatter, `(${token}`) : undefined) ?? frontmatter.keyLine(key);
        findings.push({ code: 'schema-invalid', severity: 'warning', range: lines.lineRange(line),
          message: `Invalid Picoschema in ${key}: ${message.replace(/^Picoschema: /, '')}. Dotprompt cannot render the prompt with it.` });
      }
    }
  }
  return findings;
}

/** The first line of the frontmatter holding `needle` as written. */
function lineOf(text: string, lines: LineIndex, frontmatter: { start: number; end: number }, needle: string): number | undefined {
  const at = text.slice(frontmatter.start, frontmatter.end).indexOf(needle);
  return at < 0 ? undefined : lines.position(frontmatter.start + at).line;
}
