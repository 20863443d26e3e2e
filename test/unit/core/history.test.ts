// Run history (pure): append and cap per file, parse and validate.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appendRecord, emptyHistory, parseHistory, recordsFor, serializeHistory } from '../../../src/core/history';
import { record } from '../helpers/usageRecords';

describe('history (pure)', () => {
  it('appends per file and drops the oldest beyond the limit', () => {
    let data = emptyHistory();
    for (let i = 0; i < 7; i++) data = appendRecord(data, record('a.prompt', `a${i}`), 5);
    data = appendRecord(data, record('b.prompt', 'b0'), 5);
    assert.deepEqual(recordsFor(data, 'a.prompt').map((r) => r.id), ['a2', 'a3', 'a4', 'a5', 'a6']);
    assert.deepEqual(recordsFor(data, 'b.prompt').map((r) => r.id), ['b0']);
  });

  it('round-trips through serialize/parse', () => {
    const data = appendRecord(emptyHistory(), record('a.prompt', 'x'));
    const parsed = parseHistory(serializeHistory(data));
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.data, data);
  });

  it('reports a file that is not a history and drops single bad records', () => {
    assert.equal(parseHistory('{"version":1,"files":').ok, false);
    assert.equal(parseHistory('[]').ok, false);
    assert.equal(parseHistory('{"version":9,"files":{}}').ok, false);
    const parsed = parseHistory(JSON.stringify({ version: 1, files: { 'a.prompt': [record('a.prompt', 'ok'), { id: 'bad' }] } }));
    assert.ok(parsed.ok);
    assert.equal(parsed.dropped, 1);
    assert.deepEqual(parsed.data.files['a.prompt'].map((r) => r.id), ['ok']);
  });
});
