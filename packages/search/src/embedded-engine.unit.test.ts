import { describe, expect, it } from 'vitest';
import { EmbeddedSearchEngine } from './embedded-engine.ts';
import { generateOffers } from './testing/fixtures.ts';

describe('EmbeddedSearchEngine writes', () => {
  it('keeps answering correctly through many partner updates (freed slots are compacted)', async () => {
    const offers = generateOffers({ count: 1200, seed: 5, partners: 2, departements: ['79'] });
    const engine = new EmbeddedSearchEngine();
    await engine.replaceAll(offers);
    const mine = offers.filter((o) => o.partenaire === 'partenaire-1');
    const others = offers.length - mine.length;
    // concurrent writes are serialised: the last one wins, whatever the timing
    await Promise.all(
      Array.from({ length: 4 }, (_, round) =>
        engine.replacePartner(
          'partenaire-1',
          mine.map((o) => ({ ...o, nom: `${o.nom} v${round}` })),
        ),
      ),
    );
    expect(await engine.count()).toBe(offers.length);
    const res = await engine.search({ filters: { partenaire: ['partenaire-1'] }, hits_per_page: 1000 });
    expect(res.total).toBe(mine.length);
    expect(res.hits.every((h) => h.offer.nom.endsWith(' v3'))).toBe(true);
    expect((await engine.search({ filters: { partenaire: ['partenaire-2'] } })).total).toBe(others);
    // replaced versions are gone from the text index too
    expect((await engine.search({ q: 'v0' })).total).toBe(0);
    expect((await engine.search({ q: 'v3' })).total).toBe(mine.length);
  }, 30_000);
});

describe('EmbeddedSearchEngine browse and facets (each counting path against the reference)', () => {
  it('pages by id and counts facets exactly, for rare, common and near-universal filters', async () => {
    const { FACET_FIELDS, facetValues, matchesFilters } = await import('@spie/core');
    const offers = generateOffers({ count: 3000, seed: 9, partners: 4, departements: ['79', '86'] });
    const engine = new EmbeddedSearchEngine({ resultCacheSize: 0 });
    await engine.replaceAll(offers);
    const byId = [...offers].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const cases = [
      { partenaire: ['partenaire-1'] }, // a quarter
      { frais: ['gratuit' as const] }, // most offers: counted as all minus the others
      { thematiques: ['mobilite--preparer-un-permis' as const] }, // few: picked by id rank
      { publics: ['jeunes' as const] },
      { partenaire: ['absent'] },
    ];
    for (const filters of cases) {
      const expected = byId.filter((o) => matchesFilters(o, filters));
      for (const [page, perPage] of [
        [1, 20],
        [3, 7],
        [2, 50],
      ] as const) {
        const r = await engine.search({ filters, page, hits_per_page: perPage });
        expect(r.total).toBe(expected.length);
        expect(r.hits.map((h) => h.offer.id)).toEqual(
          expected.slice((page - 1) * perPage, page * perPage).map((o) => o.id),
        );
        for (const field of FACET_FIELDS) {
          const counts: Record<string, number> = {};
          for (const o of expected) for (const v of facetValues(o, field)) counts[v] = (counts[v] ?? 0) + 1;
          expect(r.facets[field]).toEqual(counts);
        }
      }
    }
  }, 30_000);
});
