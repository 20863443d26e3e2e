/** One way to print each kind of figure, whoever prints it. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDuration, formatPercent, formatTokens, formatUsd } from '../../../src/shared/numberFormat';

describe('formatTokens', () => {
  it('rounds to whole tokens with thousands separators', () => {
    assert.deepEqual([0, 1, 999.6, 1234, 1_234_567].map((n) => formatTokens(n)), ['0', '1', '1,000', '1,234', '1,234,567']);
  });

  it('signs differences with a true minus and a plus, never "−0"', () => {
    assert.deepEqual([3600, -3600, 0, -0.2].map((n) => formatTokens(n, { signed: true })), ['+3,600', '−3,600', '0', '0']);
    assert.equal(formatTokens(-12), '−12');
  });

  it('marks an estimate', () => {
    assert.equal(formatTokens(1771, { approx: true }), '≈ 1,771');
  });
});

describe('formatUsd', () => {
  it('shows cents from a dollar up and four significant digits below', () => {
    assert.deepEqual([0, 0.00573, 0.01815, 0.0065, 0.000659, 0.0000768, 12.345, 1234.5].map((n) => formatUsd(n)),
      ['$0.00', '$0.005730', '$0.01815', '$0.006500', '$0.0006590', '$0.00007680', '$12.35', '$1,234.50']);
  });

  it('prints the same run the same way whatever its digits (the panel and the CLI once differed)', () => {
    assert.equal(formatUsd(0.011073), '$0.01107');
    assert.equal(formatUsd(0.0110734999), formatUsd(0.011073));
  });

  it('never falls into exponent notation for a tiny figure', () => {
    assert.equal(formatUsd(0.0000001234), '$0.0000001234');
  });

  it('a figure that rounds up to a dollar reads as cents', () => {
    assert.equal(formatUsd(0.99996), '$1.00');
  });

  it('puts a true minus before a loss and a plus before a signed gain', () => {
    assert.equal(formatUsd(-0.0027), '−$0.002700');
    assert.equal(formatUsd(-0.01), '−$0.01000');
    assert.equal(formatUsd(0.01242, { signed: true }), '+$0.01242');
    assert.equal(formatUsd(-0.01242, { signed: true }), '−$0.01242');
    assert.equal(formatUsd(0, { signed: true }), '$0.00');
  });

  it('marks an estimate', () => {
    assert.equal(formatUsd(0.0065, { approx: true }), '≈ $0.006500');
  });

  it('prints a dash for a figure that is not a number', () => {
    assert.equal(formatUsd(Number.NaN), '—');
  });
});

describe('formatPercent', () => {
  it('one decimal, a true minus for a loss', () => {
    assert.deepEqual([0.923, -0.175, 0, 1].map((n) => formatPercent(n)), ['92.3%', '−17.5%', '0.0%', '100.0%']);
  });

  it('a dash when there is no ratio (no runs, nothing to divide)', () => {
    assert.equal(formatPercent(undefined), '—');
    assert.equal(formatPercent(Number.NaN), '—');
    assert.equal(formatPercent(Number.POSITIVE_INFINITY), '—');
  });

  it('signs differences, but not one that rounds to zero', () => {
    assert.equal(formatPercent(0.923, { signed: true }), '+92.3%');
    assert.equal(formatPercent(-0.00001, { signed: true }), '0.0%');
  });
});

describe('formatDuration', () => {
  it('milliseconds under a second, seconds with two decimals above', () => {
    assert.deepEqual([0, 850, 999.4, 1000, 3200, 65_432].map((n) => formatDuration(n)), ['0 ms', '850 ms', '999 ms', '1.00 s', '3.20 s', '65.43 s']);
  });

  it('a dash when unknown; signed for differences', () => {
    assert.equal(formatDuration(undefined), '—');
    assert.equal(formatDuration(-1600, { signed: true }), '−1.60 s');
    assert.equal(formatDuration(250, { signed: true }), '+250 ms');
  });
});

describe('figures read as Intl.NumberFormat en-US writes them', () => {
  // Intl is the oracle here; the module writes figures out itself to spare start-up its locale data.
  const intl = (options: Intl.NumberFormatOptions) => new Intl.NumberFormat('en-US', options);
  let seed = 20261127;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  /** Values of every magnitude, and decimal ties that binary floating point cannot hold exactly. */
  const values = (scale: number) => [
    ...Array.from({ length: 2000 }, () => random() * 10 ** Math.floor(random() * scale)),
    ...Array.from({ length: 500 }, () => Math.floor(random() * 10 ** 6) / 1000 + 0.0005),
    1.005, 0.125, 0.375, 2.675, 1234.565, 999.995, 0.045, 10.5, 0,
  ];

  it('token counts', () => {
    for (const n of values(12)) assert.equal(formatTokens(n), intl({ maximumFractionDigits: 0 }).format(Math.round(n)), String(n));
  });

  it('dollars from one dollar up, and the four significant digits below', () => {
    for (const usd of values(9)) {
      if (usd >= 1) assert.equal(formatUsd(usd), `$${intl({ minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(usd)}`, String(usd));
      else if (usd > 0 && usd < 0.9999) assert.equal(formatUsd(usd), `$${intl({ minimumSignificantDigits: 4, maximumSignificantDigits: 4 }).format(usd)}`, String(usd));
    }
  });

  it('percentages and seconds', () => {
    for (const v of values(6)) {
      assert.equal(formatPercent(v / 100), `${intl({ minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v)}%`, String(v));
      if (Math.round(v * 1000) >= 1000) assert.equal(formatDuration(v * 1000), `${intl({ minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(v)} s`, String(v));
    }
  });
});
