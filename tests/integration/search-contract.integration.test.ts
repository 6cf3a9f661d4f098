// The search contract, run on both engines with the same fixtures and queries, then the two engines
// compared with each other (identical id sets; top-10 overlap of text queries reported).
import {
  EmbeddedSearchEngine,
  MeilisearchEngine,
  type SearchEngine,
  ThreadedSearchEngine,
} from '@spie/search';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  allIds,
  contractOffers,
  FILTER_QUERIES,
  GEO_QUERIES,
  searchContract,
} from '../../packages/search/src/testing/contract.ts';

const meili = () =>
  new MeilisearchEngine({ url: inject('meiliUrl'), apiKey: inject('meiliMasterKey'), indexName: 'contrat' });

searchContract('embedded', async () => new EmbeddedSearchEngine());
// the same engine on worker threads, as the site runs it
searchContract('embedded (threads)', async () => new ThreadedSearchEngine({ threads: 2 }));
searchContract('meilisearch', async () => meili());

describe('embedded and Meilisearch agree', () => {
  const offers = contractOffers();
  const engines: SearchEngine[] = [];
  beforeAll(async () => {
    const embedded = new EmbeddedSearchEngine();
    const meilisearch = new MeilisearchEngine({
      url: inject('meiliUrl'),
      apiKey: inject('meiliMasterKey'),
      indexName: 'contrat_comparaison',
    });
    await Promise.all([embedded.replaceAll(offers), meilisearch.replaceAll(offers)]);
    engines.push(embedded, meilisearch);
  });
  afterAll(() => {
    engines.length = 0;
  });

  it('returns identical id sets, facets and distances for filter and geo queries', async () => {
    const [a, b] = engines as [SearchEngine, SearchEngine];
    const queries = [
      ...FILTER_QUERIES.map((f) => ({ filters: f.filters })),
      ...GEO_QUERIES.map((g) => g.query),
    ];
    for (const query of queries) {
      expect(await allIds(a, query)).toEqual(await allIds(b, query));
      const [ra, rb] = await Promise.all([
        a.search({ ...query, hits_per_page: 50 }),
        b.search({ ...query, hits_per_page: 50 }),
      ]);
      expect(ra.facets).toEqual(rb.facets);
      expect(ra.hits.map((h) => h.offer.id)).toEqual(rb.hits.map((h) => h.offer.id));
      ra.hits.forEach((h, i) => {
        const other = rb.hits[i]!.distance_km;
        if (h.distance_km === null) expect(other).toBeNull();
        else expect(Math.abs(h.distance_km - other!)).toBeLessThan(0.1);
      });
    }
  });

  it('reports the top-10 overlap of text queries', async () => {
    const [a, b] = engines as [SearchEngine, SearchEngine];
    const rows = [];
    for (const q of [
      'chantié insersion',
      'ACI',
      'permis de conduire',
      'garde d’enfants',
      'cours de francais',
      'reinsertion',
      'ateliers numeriques',
      'epicerie solidaire',
      'surendettement',
      'mobilité jeunes',
    ]) {
      const [ra, rb] = await Promise.all([
        a.search({ q, hits_per_page: 10 }),
        b.search({ q, hits_per_page: 10 }),
      ]);
      const top = new Set(rb.hits.map((h) => h.offer.id));
      const overlap = ra.hits.filter((h) => top.has(h.offer.id)).length;
      rows.push({ q, embedded_total: ra.total, meilisearch_total: rb.total, top10_overlap: overlap });
      expect(ra.total).toBeGreaterThan(0);
      expect(rb.total).toBeGreaterThan(0);
    }
    console.table(rows);
  });
});
