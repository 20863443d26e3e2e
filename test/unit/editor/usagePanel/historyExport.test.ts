/** Usage history export: CSV a spreadsheet reads safely, JSON that round-trips. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { historyToCsv, serializeHistory } from '../../../../src/core/historyExport';
import { coldRun, novaRun, warmRun } from '../../../webview/usageFixtures';

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; } else cell += c;
  }
  return rows;
}

test('CSV: a header and one row per run with the record figures', () => {
  const rows = parseCsv(historyToCsv([coldRun, warmRun, novaRun]));
  assert.equal(rows.length, 4);
  const header = rows[0];
  const get = (row: string[], name: string) => row[header.indexOf(name)];
  assert.equal(get(rows[1], 'id'), 'run-cold');
  assert.equal(get(rows[1], 'cacheWriteInputTokens'), '3600');
  assert.equal(get(rows[2], 'cacheReadInputTokens'), '3600');
  assert.equal(Number(get(rows[2], 'savingUSD')).toFixed(5), '0.00972');
  assert.equal(get(rows[3], 'complete'), 'false');
  assert.equal(get(rows[3], 'error'), 'The stream broke after 100 output tokens.');
  assert.equal(get(rows[2], 'cacheWrite5mTokens'), '');
});

test('CSV: a response cache replay says so, with what it saved', () => {
  const replay = { ...warmRun, id: 'run-replay', costUSD: 0, costWithoutCacheUSD: 0, replayed: true, replay: { storedAt: warmRun.startedAt, savedUSD: 0.00573, savedMs: 1600 } };
  const rows = parseCsv(historyToCsv([warmRun, replay]));
  const header = rows[0];
  assert.deepEqual([rows[1][header.indexOf('replayed')], rows[2][header.indexOf('replayed')]], ['false', 'true']);
  assert.equal(rows[2][header.indexOf('replaySavedUSD')], '0.00573');
});

test('CSV: quotes, commas and line breaks are quoted; formula-like cells are defused', () => {
  const tricky = { ...warmRun, error: 'said "no", then\r\nstopped', model: '=HYPERLINK("http://x")' };
  const rows = parseCsv(historyToCsv([tricky]));
  const header = rows[0];
  assert.equal(rows.length, 2);
  assert.equal(rows[1][header.indexOf('error')], 'said "no", then\r\nstopped');
  assert.equal(rows[1][header.indexOf('model')], `'=HYPERLINK("http://x")`);
});

test('JSON export round-trips the records', () => {
  assert.deepEqual(JSON.parse(serializeHistory([coldRun, novaRun], 'json')), JSON.parse(JSON.stringify([coldRun, novaRun])));
  assert.match(serializeHistory([], 'csv'), /^id,file,startedAt,/);
});
