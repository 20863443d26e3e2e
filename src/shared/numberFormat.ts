/**
 * How every figure reads — token counts, dollars, percentages, durations — in lenses, hovers,
 * the usage panel and the CLI. One module so the same run costs the same string everywhere. It
 * lives in src/shared because the panel's webview may import nothing else. Fixed to en-US so the
 * figures read the same in every test and screenshot; the words around them are English too.
 */

/** U+2212: a true minus, the same width as the plus beside it in signed figures. */
export const MINUS = '−';

/** What the panel and the CLI print for a figure that does not exist (no runs, no latency). */
export const NO_VALUE = '—';

/** Significant digits of a dollar figure under one dollar: a cheap call does not read as $0.00. */
export const USD_SIGNIFICANT_DIGITS = 4;

export interface FormatOptions {
  /** Prefix "≈ ": an estimate, not a measured figure. */
  approx?: boolean;
  /** "+" before a positive figure (differences); a negative one always gets the minus. */
  signed?: boolean;
}

/** Integer digits with a comma every three from the right, as en-US writes them: `1,234,567`. */
function grouped(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+$)/g, ',');
}

/**
 * A figure ≥ 0 with exactly `digits` decimals, as Intl.NumberFormat('en-US') writes it: rounded half
 * away from zero on the number's shortest decimal form (1.005 → 1.01, where toFixed gives 1.00).
 * Written out rather than asking Intl: the first NumberFormat loads the locale data, about 15 ms
 * at start-up that every CLI command and the extension's activation would pay.
 */
function fixed(value: number, digits: number): string {
  const [mantissa, exponent = '0'] = String(value).split('e');
  const scaled = String(Math.round(Number(`${mantissa}e${Number(exponent) + digits}`))).padStart(digits + 1, '0');
  const whole = grouped(scaled.slice(0, scaled.length - digits));
  return digits > 0 ? `${whole}.${scaled.slice(scaled.length - digits)}` : whole;
}

function decorate(text: string, value: number, options: FormatOptions): string {
  const sign = value < 0 ? MINUS : options.signed && value > 0 ? '+' : '';
  return `${options.approx ? '≈ ' : ''}${sign}${text}`;
}

/** A token count, rounded to a whole token: `1,234`. */
export function formatTokens(n: number, options: FormatOptions = {}): string {
  const rounded = Math.round(n);
  // Rounding can leave a negative zero, which would print "−0".
  return decorate(grouped(String(Math.abs(rounded))), rounded === 0 ? 0 : rounded, options);
}

/** Decimal places that show `abs` with USD_SIGNIFICANT_DIGITS significant digits (cents from a dollar up). */
function usdDigits(abs: number): number {
  if (abs === 0 || abs >= 1) return 2;
  const digits = USD_SIGNIFICANT_DIGITS - 1 - Math.floor(Math.log10(abs));
  // 0.99996 rounds up to a dollar: then it is cents like any other dollar figure.
  return Number(abs.toFixed(digits)) >= 1 ? 2 : digits;
}

/**
 * Dollars: cents from one dollar up (`$12.35`), four significant digits below (`$0.005730`,
 * `$0.01815`), `$0.00` for nothing; negative figures with a true minus (`−$0.002700`).
 */
export function formatUsd(usd: number, options: FormatOptions = {}): string {
  if (!Number.isFinite(usd)) return NO_VALUE;
  const abs = Math.abs(usd);
  return decorate(`$${fixed(abs, usdDigits(abs))}`, usd, options);
}

/** A ratio (0.923, or −0.175 for a loss) as a percentage with one decimal; "—" when there is none. */
export function formatPercent(ratio: number | undefined, options: FormatOptions = {}): string {
  if (ratio === undefined || !Number.isFinite(ratio)) return NO_VALUE;
  const text = `${fixed(Math.abs(ratio * 100), 1)}%`;
  // A ratio that rounds to 0.0% has no sign worth showing.
  return decorate(text, text === '0.0%' ? 0 : ratio, options);
}

/** Milliseconds under a second (`850 ms`), seconds with two decimals above (`3.20 s`); "—" when unknown. */
export function formatDuration(ms: number | undefined, options: FormatOptions = {}): string {
  if (ms === undefined || !Number.isFinite(ms)) return NO_VALUE;
  const abs = Math.abs(ms);
  const text = Math.round(abs) < 1000 ? `${Math.round(abs)} ms` : `${fixed(abs / 1000, 2)} s`;
  return decorate(text, Math.round(ms) === 0 ? 0 : ms, options);
}
