// `pnpm cli index` and `pnpm cli search` end to end: a partner store on disk, a real Meilisearch,
// both engines answering the same JSON through the CLI.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PartnerStore } from '@spie/loader';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { generateOffers } from '../../packages/search/src/testing/fixtures.ts';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;

describe('pnpm cli index / search', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'spie-cli-search-'));
  const env = () => ({
    ...process.env,
    DATA_DIR: dataDir,
    MEILI_URL: inject('meiliUrl'),
    MEILI_MASTER_KEY: inject('meiliMasterKey'),
  });
  const cli = (...args: string[]) => run('pnpm', ['-s', 'cli', ...args], { cwd: root, env: env() });

  beforeAll(async () => {
    const store = new PartnerStore(dataDir);
    const offers = generateOffers({ count: 150, seed: 3, partners: 2, departements: ['79'] });
    for (const partner of ['partenaire-1', 'partenaire-2'])
      await store.publish(
        partner,
        offers.filter((o) => o.partenaire === partner),
        { by: 'test' },
      );
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('indexes the store and both engines answer the same JSON', async () => {
    const indexed = await cli('index', '--index', 'cli_offres');
    expect(indexed.stdout).toMatch(/150 offre\(s\) indexée\(s\) dans « cli_offres »/);
    const args = [
      'search',
      '--commune',
      '79191',
      '--rayon',
      '25',
      '--thematique',
      'trouver-un-emploi',
      '--json',
      '--hits-per-page',
      '50',
    ];
    const embedded = JSON.parse((await cli(...args)).stdout);
    const meili = JSON.parse((await cli(...args, '--engine', 'meilisearch', '--index', 'cli_offres')).stdout);
    expect(embedded.total).toBeGreaterThan(0);
    expect(Object.keys(embedded)).toEqual(['total', 'hors_zone', 'page', 'hits_per_page', 'hits', 'facets']);
    expect(embedded.hits[0]).toHaveProperty('distance_km');
    expect(embedded.facets.thematiques).toBeDefined();
    // no text: nearest first then id, so both engines give the very same page
    expect(meili).toEqual(embedded);
  }, 120_000);

  it('explains an unreachable Meilisearch or a wrong key in French', async () => {
    const wrong = run('pnpm', ['-s', 'cli', 'index'], {
      cwd: root,
      env: { ...env(), MEILI_MASTER_KEY: 'mauvaise' },
    });
    await expect(wrong).rejects.toMatchObject({ stderr: expect.stringMatching(/refuse la clé d’API/) });
    const down = run('pnpm', ['-s', 'cli', 'index'], {
      cwd: root,
      env: { ...env(), MEILI_URL: 'http://127.0.0.1:9' },
    });
    await expect(down).rejects.toMatchObject({ stderr: expect.stringMatching(/Meilisearch injoignable/) });
  }, 60_000);
});
