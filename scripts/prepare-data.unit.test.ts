// prepare:data on a temporary DATA_DIR (real files, no network): seeds once, tokens work and are
// stored owner-only, a second run does nothing, an interrupted seed is completed.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PartnerRegistry, PartnerStore } from '@spie/loader';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveDataDir } from './lib/data-dir.ts';
import { demoAllowedAtStart, prepareData, TOKENS_FILE } from './prepare-data.ts';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'spie-prepare-'));
  dirs.push(d);
  return d;
};
// Three real demo partners (the smallest files) keep the test fast; the full set is published by
// `npm start` and validated by scripts/demo/generate.unit.test.ts.
const allDemo = JSON.parse(readFileSync(new URL('../data/demo/partners.json', import.meta.url), 'utf8')) as {
  id: string;
  fichier: string;
  offres: number;
}[];
const demo = [...allDemo].sort((a, b) => a.offres - b.offres).slice(0, 3);
const demoDir = tempDir();
writeFileSync(join(demoDir, 'partners.json'), JSON.stringify(demo));
for (const p of demo)
  copyFileSync(new URL(`../data/demo/${p.fichier}`, import.meta.url), join(demoDir, p.fichier));
const demoOffers = demo.reduce((n, p) => n + p.offres, 0);
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

// Real file writes with fsync: room for a loaded CI machine.
const SLOW = 60_000;

describe('prepareData', () => {
  it(
    'publishes every demo file into an empty store, then leaves it alone',
    async () => {
      const dataDir = tempDir();
      const first = await prepareData({ dataDir, demoDir });
      expect(first.status).toBe('prepare');
      expect(first.totalOffers).toBe(demoOffers);
      expect(first.published.map((p) => p.partner)).toEqual(demo.map((p) => p.id));
      expect((await new PartnerStore(dataDir).partners()).sort()).toEqual(demo.map((p) => p.id).sort());

      const tokensFile = join(dataDir, TOKENS_FILE);
      expect(statSync(tokensFile).mode & 0o077).toBe(0);
      const lines = readFileSync(tokensFile, 'utf8')
        .split('\n')
        .filter((l) => l && !l.startsWith('#'));
      expect(lines).toHaveLength(demo.length);
      const registry = new PartnerRegistry(dataDir);
      const [id, token] = lines[0]!.split('\t');
      expect(await registry.verify(id!, token!)).toBe(true);
      expect(await registry.verify(demo[1]!.id, token!)).toBe(false);

      const second = await prepareData({ dataDir, demoDir });
      expect(second.status).toBe('deja-pret');
      expect(second.totalOffers).toBe(demoOffers);
      expect((await new PartnerStore(dataDir).history(demo[0]!.id)).length).toBe(1);
    },
    SLOW,
  );

  it(
    'completes a seed that stopped after the first partner, without re-creating its token',
    async () => {
      const dataDir = tempDir();
      const registry = new PartnerRegistry(dataDir);
      await registry.add(demo[0]!.id, 'déjà là');
      const store = new PartnerStore(dataDir);
      const firstFile = readFileSync(join(demoDir, demo[0]!.fichier));
      const { publishCsv } = await import('@spie/loader');
      await publishCsv({ store, registry, partner: demo[0]!.id, input: firstFile });

      const result = await prepareData({ dataDir, demoDir });
      expect(result.status).toBe('prepare');
      expect(result.created).not.toContain(demo[0]!.id);
      expect(result.created).toHaveLength(demo.length - 1);
      expect(result.totalOffers).toBe(demoOffers);
      expect((await store.history(demo[0]!.id)).length).toBe(1);
    },
    SLOW,
  );

  it('resolves DATA_DIR from the environment, relative paths from the repository root', () => {
    expect(resolveDataDir({})).toMatch(/data\/store$/);
    expect(resolveDataDir({ DATA_DIR: '/srv/spie' })).toBe('/srv/spie');
    expect(resolveDataDir({ DATA_DIR: 'tmp/x' })).toBe(new URL('../tmp/x', import.meta.url).pathname);
  });
});

describe('npm start and the demo partners', () => {
  it('seeds only the default data/store, or anywhere with SPIE_DEMO=1', () => {
    expect(demoAllowedAtStart(resolveDataDir({}), {})).toBe(true);
    expect(demoAllowedAtStart('/srv/annuaire/donnees', {})).toBe(false);
    expect(demoAllowedAtStart('/srv/annuaire/donnees', { SPIE_DEMO: '1' })).toBe(true);
    expect(demoAllowedAtStart(resolveDataDir({ DATA_DIR: 'data/store' }), {})).toBe(true);
  });
});
