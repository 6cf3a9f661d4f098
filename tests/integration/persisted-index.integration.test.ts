// The search index persisted per catalogue version, as the site starts it: a real partner store, real
// search threads sharing one image, the image file on disk. A start opens the image of the current
// version; a publication since replaces that partner's offers only; a damaged file is rebuilt.
import { mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OfferQuery } from '@spie/core';
import { PartnerStore } from '@spie/loader';
import {
  type CatalogueSource,
  EmbeddedSearchEngine,
  type SearchEngine,
  startCatalogue,
  ThreadedSearchEngine,
} from '@spie/search';
import { afterAll, describe, expect, it } from 'vitest';
import { generateOffers } from '../../packages/search/src/testing/fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'spie-persisted-'));
const file = join(dir, 'index', 'catalogue.img');
const store = new PartnerStore(dir);
const source: CatalogueSource = {
  versions: () => store.currentVersions(),
  readAll: () => store.currentOffers(),
  readPartner: (p) => store.partnerOffers(p),
};
const offers = generateOffers({ count: 900, seed: 11, partners: 6, departements: ['79', '86'] });
const byPartner = (p: string) => offers.filter((o) => o.partenaire === p);
const engines: ThreadedSearchEngine[] = [];
const threaded = () => {
  const e = new ThreadedSearchEngine({ threads: 2 });
  engines.push(e);
  return e;
};
afterAll(async () => {
  await Promise.all(engines.map((e) => e.close()));
  rmSync(dir, { recursive: true, force: true });
});

const QUERIES: OfferQuery[] = [
  { hits_per_page: 1000 },
  { q: 'permis', hits_per_page: 100 },
  { q: 'atelier numerique', hits_per_page: 100 },
  { filters: { thematiques: ['mobilite'] }, hits_per_page: 1000 },
  { geo: { latitude: 46.32313, longitude: -0.45877, radius_km: 30 }, sort: 'distance', hits_per_page: 200 },
];
const answers = (e: SearchEngine) => Promise.all(QUERIES.map((q) => e.search(q)));

describe('persisted search index', () => {
  it('is built and written on the first start, then opened as is with identical answers', async () => {
    for (const p of new Set(offers.map((o) => o.partenaire!)))
      await store.publish(p, byPartner(p), { by: 'test' });
    const first = threaded();
    expect((await startCatalogue(first, file, source)).from).toBe('build');
    expect(statSync(file).size).toBeGreaterThan(0);

    const second = threaded();
    expect(await startCatalogue(second, file, source)).toMatchObject({ from: 'image', applied: [] });
    const fresh = new EmbeddedSearchEngine();
    await fresh.replaceAll(await store.currentOffers());
    const expected = await answers(fresh);
    expect(await answers(first)).toEqual(expected);
    expect(await answers(second)).toEqual(expected);
    expect(await second.count()).toBe(offers.length);
  }, 60_000);

  it('after a publication, opens the image and replaces that partner’s offers (withdrawn ones gone)', async () => {
    const mine = byPartner('partenaire-2');
    const next = [
      ...mine.slice(5),
      { ...mine[0]!, id: 'publiee-apres-index', nom: 'Permis solidaire publié après l’index' },
    ];
    await store.publish('partenaire-2', next, { by: 'test' });
    const engine = threaded();
    expect(await startCatalogue(engine, file, source)).toMatchObject({
      from: 'image+partners',
      applied: ['partenaire-2'],
    });
    // the same as an engine that had the image's catalogue and received the publication
    const reference = new EmbeddedSearchEngine();
    await reference.replaceAll(offers);
    await reference.replacePartner('partenaire-2', await store.partnerOffers('partenaire-2'));
    expect(await answers(engine)).toEqual(await answers(reference));
    expect((await engine.get('publiee-apres-index'))?.nom).toBe('Permis solidaire publié après l’index');
    for (const o of mine.slice(0, 5)) expect(await engine.get(o.id)).toBeUndefined();
    const found = await engine.search({ q: 'permis solidaire publié', hits_per_page: 5 });
    expect(found.hits[0]?.offer.id).toBe('publiee-apres-index');
    expect(await engine.count()).toBe(offers.length - 4);

    // when much of the catalogue changed since, a full build is cheaper than replaying it
    for (const p of ['partenaire-3', 'partenaire-4'])
      await store.publish(p, byPartner(p).slice(1), { by: 'test' });
    const rebuilt = threaded();
    expect((await startCatalogue(rebuilt, file, source)).from).toBe('build');
    expect(await rebuilt.count()).toBe(offers.length - 6);
  }, 90_000);

  it('rebuilds from the store when the file is altered or cut short, never serving it', async () => {
    const whole = readFileSync(file);
    const fresh = new EmbeddedSearchEngine();
    await fresh.replaceAll(await store.currentOffers());
    const expected = await answers(fresh);

    const altered = Buffer.from(whole);
    altered[altered.length - 4000]! ^= 0x01; // one bit, deep in the postings
    writeFileSync(file, altered);
    const a = threaded();
    const ra = await startCatalogue(a, file, source);
    expect(ra.from).toBe('build');
    expect(ra.rejected).toMatch(/^index persisté inutilisable/);
    expect(await answers(a)).toEqual(expected);

    truncateSync(file, Math.floor(statSync(file).size / 2)); // a write cut short
    const b = threaded();
    expect((await startCatalogue(b, file, source)).from).toBe('build');
    expect(await answers(b)).toEqual(expected);

    // the rebuilt image was written: the next start opens it
    const c = threaded();
    expect((await startCatalogue(c, file, source)).from).toBe('image');
    expect(await answers(c)).toEqual(expected);
  }, 90_000);
});
