// The validation worker thread (opt-in) must give the same report and the same store bytes as the
// main thread: same code, problems replayed in the same order, canonical JSON completed by the store.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { publishCsv } from './publish.ts';
import { PartnerStore } from './store.ts';
import { validateOffersFile } from './validate.ts';

const NOW = new Date('2026-11-27T12:00:00Z');
const dir = new URL('../../../tests/fixtures/csv/', import.meta.url);
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.csv'));

describe('validation worker thread', () => {
  it('reports every golden file exactly like the main thread', async () => {
    for (const name of fixtures) {
      const bytes = readFileSync(new URL(name, dir));
      const main = await validateOffersFile(bytes, { now: NOW });
      const threaded = await validateOffersFile(bytes, { now: NOW, workerAfterRows: 2, awaitWorker: true });
      expect(threaded, name).toEqual(main);
    }
  }, 60_000);

  it('publishes the same bytes (sha256) as the main thread', async () => {
    const bytes = readFileSync(new URL('doublons-et-formats.csv', dir));
    const results = [];
    for (const threaded of [false, true]) {
      const data = mkdtempSync(join(tmpdir(), 'spie-worker-'));
      try {
        const r = await publishCsv({
          store: new PartnerStore(data),
          partner: 'ml-niort',
          input: bytes,
          options: {
            now: NOW,
            skipInvalid: true,
            ...(threaded ? { workerAfterRows: 2, awaitWorker: true } : {}),
          },
        });
        results.push(r);
      } finally {
        rmSync(data, { recursive: true, force: true });
      }
    }
    expect(results[0]!.version!.sha256).toBe(results[1]!.version!.sha256);
  }, 60_000);
});
