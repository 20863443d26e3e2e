/**
 * fast-check arbitraries for bad input: mutated corpus texts, raw strings of any UTF-16 code
 * unit (lone surrogates and NUL included), brace soup, and generated prompts whose frontmatter
 * mixes right and wrong values for every known key. Sizes are bounded so a run stays quick;
 * the very large inputs live in the pathological test as fixed cases.
 */
import fc from 'fast-check';
import { SEEDS } from './corpus';

/** Fragments that matter to the scanner, the layout and the YAML reader. */
export const MARKERS = [
  '{{role "system"}}', '{{role "user"}}', '{{role "model"}}', '{{role "boss"}}', '{{role}}',
  '{{cachePoint}}', '{{cachePoint ttl="1h"}}', '{{cachePoint ttl="5m"}}', '{{cachePoint ttl="2h"}}', '{{cachePoint 3 x=1}}',
  '{{history}}', '{{section "notes"}}', '{{media url="diagram.png"}}', '{{media url="https://x.test/a.png"}}', '{{media}}',
  '{{#if flag}}', '{{else}}', '{{/if}}', '{{#each items}}', '{{/each}}', '{{#with doc}}', '{{/with}}', '{{^if x}}',
  '{{> house_style}}', '{{> master_services_agreement}}', '{{>', '{{!-- note --}}', '{{! note }}', '{{!--', '--}}',
  '{{{raw}}}', '{{{', '}}}', '{{', '}}', '\\{{escaped}}', '{{~question~}}', '{{question}}', '{{json doc}}',
  '{{ifEquals a b}}', '{{lookup a "b"}}', '{{shout name}}', '{{#if}}', '{{/}}', '{{#}}', '{{@index}}', '{{this.x}}',
  '---', '---\n', '\n---\n', 'model: x\n', 'cache.ttl: 2h\n', '\r\n', '\r', '\n', '\uFEFF', '\u0000', '\uD800', '\uDC00',
  '\u2028', '\t', '"', "'", '(', ')', '=', '~', '#', '/', '>', '!',
];

const unitAny = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const unitBrace = fc.constantFrom('{', '}', '{{', '}}', '{{{', '}}}', '#if x', '/if', '#each y', '/each', 'role "user"', 'cachePoint',
  '>', '!--', '--', '~', '"', ' ', '\n', '\r\n', 'a', 'else', '---\n');

/** Any UTF-16 string: lone surrogates, NUL, BOM, every line break. */
export const anyUtf16 = fc.string({ unit: unitAny, maxLength: 400 });
/** Whole code points, printable and not. */
export const anyCodePoints = fc.string({ unit: 'binary', maxLength: 300 });
/** Brace soup: unbalanced, nested, half-written mustaches. */
export const braceSoup = fc.string({ unit: unitBrace, maxLength: 300 });

type Mutation = (text: string) => string;

const at = (text: string, n: number) => (text.length === 0 ? 0 : n % (text.length + 1));

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.nat(), fc.nat(SEEDS.length - 1), fc.nat(), fc.nat(400)).map(([p, s, from, len]) => (t: string) => {
    const src = SEEDS[s].text;
    const i = from % (src.length + 1);
    return t.slice(0, at(t, p)) + src.slice(i, i + len) + t.slice(at(t, p));
  }),
  fc.tuple(fc.nat(), fc.nat(300)).map(([p, len]) => (t: string) => t.slice(0, at(t, p)) + t.slice(at(t, p) + len)),
  fc.tuple(fc.nat(), fc.nat(300), fc.integer({ min: 1, max: 20 })).map(([p, len, times]) => (t: string) => {
    const i = at(t, p);
    return t.slice(0, i) + t.slice(i, i + len).repeat(times + 1) + t.slice(i + len);
  }),
  // Flip, drop or double one brace.
  fc.tuple(fc.nat(), fc.constantFrom('flip', 'drop', 'double')).map(([p, how]) => (t: string) => {
    const i = t.slice(at(t, p)).search(/[{}]/);
    if (i < 0) return t;
    const j = at(t, p) + i;
    const replacement = how === 'drop' ? '' : how === 'double' ? t[j] + t[j] : t[j] === '{' ? '}' : '{';
    return t.slice(0, j) + replacement + t.slice(j + 1);
  }),
  fc.tuple(fc.nat(), fc.constantFrom(...MARKERS), fc.boolean()).map(([p, marker, line]) => (t: string) => {
    const i = at(t, p);
    return t.slice(0, i) + (line ? `\n${marker}\n` : marker) + t.slice(i);
  }),
  fc.tuple(fc.nat(), fc.oneof(anyUtf16, braceSoup)).map(([p, noise]) => (t: string) => t.slice(0, at(t, p)) + noise.slice(0, 40) + t.slice(at(t, p))),
  fc.constantFrom('\r\n', '\r').map((eol) => (t: string) => t.replace(/\r?\n/g, eol)),
  fc.constant((t: string) => `\uFEFF${t}`),
  // Repeat one whole line many times (long bodies, many markers).
  fc.tuple(fc.nat(), fc.integer({ min: 2, max: 200 })).map(([p, times]) => (t: string) => {
    const lines = t.split('\n');
    const k = p % lines.length;
    lines.splice(k, 1, ...Array<string>(times).fill(lines[k]));
    return lines.join('\n');
  }),
);

/**
 * Repeats compound: six mutations can grow a seed to megabytes of template, whose Handlebars
 * compile alone takes tens of seconds on a loaded machine. Texts are cut to this length after
 * each mutation; inputs larger than this are the pathological test's fixed cases.
 */
const MUTATED_LIMIT = 64 * 1024;

/** A corpus text after 1–6 mutations. */
export const mutatedSeed: fc.Arbitrary<string> = fc
  .tuple(fc.nat(SEEDS.length - 1), fc.array(mutation, { minLength: 1, maxLength: 6 }))
  .map(([s, ops]) => ops.reduce((text, op) => op(text).slice(0, MUTATED_LIMIT), SEEDS[s].text));

/** Every kind of raw bad input, including unmutated seeds. */
export const badText: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: mutatedSeed },
  { weight: 1, arbitrary: fc.constantFrom(...SEEDS.map((s) => s.text)) },
  { weight: 2, arbitrary: anyUtf16 },
  { weight: 1, arbitrary: anyCodePoints },
  { weight: 2, arbitrary: braceSoup },
  { weight: 1, arbitrary: fc.tuple(anyUtf16, braceSoup).map(([a, b]) => `---\n${a}\n---\n${b}`) },
);
