// One of several processes hammering one response cache folder: writes the shared key and keys of
// its own, reads the shared key back, and exits 1 if it ever reads an entry no writer wrote.
import { FileResponseStore } from '../../../../src/node/fileResponseStore';

const [folder, name, rounds] = process.argv.slice(2);
const SHARED = 'f'.repeat(64);
const store = new FileResponseStore(folder, { warn: (m) => { process.stderr.write(`warn: ${m}\n`); process.exitCode = 1; } });

async function main(): Promise<void> {
  for (let i = 0; i < Number(rounds); i++) {
    const entry = { text: `from ${name} round ${i} `.repeat(50), usage: { inputTokens: i }, costUSD: 0.01, storedAt: new Date().toISOString(), latencyMs: 10 };
    await store.put(SHARED, entry);
    await store.put(`${name.charCodeAt(1).toString(16).padStart(2, '0')}${String(i).padStart(62, '0')}`, entry);
    const read = await store.get(SHARED);
    if (read && !/^from w\d round \d+ /.test(read.text)) {
      process.stderr.write(`foreign entry: ${read.text.slice(0, 40)}\n`);
      process.exit(1);
    }
    await store.recordHit(entry);
  }
}

main().catch((error) => { process.stderr.write(String(error)); process.exit(1); });
