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

describe('EmbeddedSearchEngine id order after partner updates (merged, not sorted again)', () => {
  it('pages every offer in id order after updates that keep, change, drop and add ids', async () => {
    const offers = generateOffers({ count: 2000, seed: 13, partners: 12, departements: ['79'] }); // ~170 each: few enough to be merged
    const engine = new EmbeddedSearchEngine({ resultCacheSize: 0 });
    await engine.replaceAll(offers);
    let current = offers;
    for (let round = 0; round < 4; round++) {
      await engine.search({}); // builds the order
      const partner = `partenaire-${1 + (round % 3)}`;
      const mine = current.filter((o) => o.partenaire === partner);
      const next = [
        ...mine.filter((_, i) => i % 3 !== 0), // a third dropped
        ...mine.slice(0, 40).map((o) => ({ ...o, id: `${o.id.slice(0, 3)}-r${round}-${o.id}` })), // new ids
        { ...mine[1]!, id: `0000-r${round}` }, // first of all
        { ...mine[2]!, id: `zzzz-r${round}` }, // last of all
      ];
      await engine.replacePartner(partner, next);
      current = [...current.filter((o) => o.partenaire !== partner), ...next];
      const expected = current.map((o) => o.id).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const got: string[] = [];
      for (let page = 1; page <= Math.ceil(expected.length / 1000); page++)
        got.push(...(await engine.search({ page, hits_per_page: 1000 })).hits.map((h) => h.offer.id));
      expect(got).toEqual(expected);
    }
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
