/**
 * Expands a VS Code snippet body to the text it inserts when the user accepts every default
 * (first choice, placeholder default, empty tab stop), following the snippet syntax VS Code
 * documents. Malformed syntax throws, so a broken snippet fails its test instead of inserting
 * stray `${`.
 */
export interface Expansion {
  text: string;
  /** The default text of each numbered placeholder, once per occurrence (VS Code mirrors them). */
  defaults: Map<number, string[]>;
}

export function expandSnippet(body: string): Expansion {
  const defaults = new Map<number, string[]>();
  let pos = 0;

  const record = (index: number, value: string) => defaults.set(index, [...(defaults.get(index) ?? []), value]);

  /** Reads text until `stop` (a closing brace of an enclosing placeholder) or the end. */
  function text(insidePlaceholder: boolean): string {
    let out = '';
    while (pos < body.length) {
      const c = body[pos];
      if (c === '\\' && pos + 1 < body.length && '$}\\'.includes(body[pos + 1])) { out += body[pos + 1]; pos += 2; continue; }
      if (c === '}' && insidePlaceholder) return out;
      if (c === '$') { out += dollar(); continue; }
      out += c;
      pos += 1;
    }
    if (insidePlaceholder) throw new Error(`unterminated placeholder in snippet body: ${body}`);
    return out;
  }

  function dollar(): string {
    const simple = /^\$(\d+)/.exec(body.slice(pos));
    if (simple) { pos += simple[0].length; record(Number(simple[1]), ''); return ''; }
    const open = /^\$\{(\d+)([:|}])/.exec(body.slice(pos));
    if (!open) {
      if (/^\$\{?[A-Za-z_]/.test(body.slice(pos))) throw new Error(`snippet variables are not expected here: ${body.slice(pos, pos + 20)}`);
      pos += 1;
      return '$';
    }
    const index = Number(open[1]);
    pos += open[0].length;
    if (open[2] === '}') { record(index, ''); return ''; }
    if (open[2] === '|') {
      const end = body.indexOf('|}', pos);
      if (end < 0) throw new Error(`unterminated choice in snippet body: ${body}`);
      const first = body.slice(pos, end).split(/(?<!\\),/)[0].replace(/\\([,|\\])/g, '$1');
      pos = end + 2;
      record(index, first);
      return first;
    }
    const value = text(true);
    pos += 1; // the placeholder's closing brace
    record(index, value);
    return value;
  }

  return { text: text(false), defaults };
}
