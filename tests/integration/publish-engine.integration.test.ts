// publishCsv with a real Meilisearch: the published offers are searchable; when the engine is
// unreachable the publish still stands (the store is the truth) and the index is reported late.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PartnerStore, publishCsv } from '@spie/loader';
import { MeilisearchEngine } from '@spie/search';
import { afterAll, describe, expect, inject, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'spie-publish-engine-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const template = readFileSync(new URL('../fixtures/data-inclusion/services.json', import.meta.url));
const structures = readFileSync(new URL('../fixtures/data-inclusion/structures.json', import.meta.url));

describe('publishCsv → search engine', () => {
  it('indexes the partner’s offers in Meilisearch', async () => {
    const store = new PartnerStore(join(dir, 'ok'));
    const engine = new MeilisearchEngine({
      url: inject('meiliUrl'),
      apiKey: inject('meiliMasterKey'),
      indexName: 'publish-engine-test',
    });
    const r = await publishCsv({
      store,
      engine,
      partner: 'dora-79',
      input: template,
      options: { structures, skipInvalid: true },
    });
    expect(r).toMatchObject({ published: true, index: 'a-jour', version: { rowCount: 3 } });
    const hit = await engine.get('dora--svc-ml-accompagnement');
    expect(hit).toMatchObject({ partenaire: 'dora-79', structure_nom: 'Mission locale du Niortais' });
    expect(await engine.count()).toBe(3);
  });

  it('keeps the publish when the engine is down and says the index is late', async () => {
    const store = new PartnerStore(join(dir, 'down'));
    // Nothing listens on port 9: a real connection failure, not a mock.
    const engine = new MeilisearchEngine({ url: 'http://127.0.0.1:9', indexName: 'nowhere' });
    const r = await publishCsv({
      store,
      engine,
      partner: 'dora-79',
      input: template,
      options: { structures, skipInvalid: true },
    });
    expect(r.published).toBe(true);
    expect(r.index).toBe('en-retard');
    expect(r.indexError).toMatch(/^Meilisearch injoignable à http:\/\/127\.0\.0\.1:9/);
    expect((await store.partnerOffers('dora-79')).map((o) => o.id)).toEqual([
      'dora--svc-ml-accompagnement',
      'soliguide--svc-8842-alimentation',
      'dora--svc-ccas-domiciliation',
    ]);
  });
});
