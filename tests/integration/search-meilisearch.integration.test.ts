// Meilisearch-specific guarantees: deliberate settings, zero-downtime reindex that survives a failed
// task, escaped filter values, clear French errors, search-only keys.
import type { Offer } from '@spie/core';
import { INDEX_SETTINGS, MeilisearchEngine, SYNONYM_GROUPS } from '@spie/search';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { quote } from '../../packages/search/src/meili-filter.ts';
import { generateOffers } from '../../packages/search/src/testing/fixtures.ts';

const url = () => inject('meiliUrl');
const key = () => inject('meiliMasterKey');
const admin = () => new MeilisearchEngine({ url: url(), apiKey: key() }).client;

describe('MeilisearchEngine', () => {
  const offers = generateOffers({ count: 300, seed: 11, partners: 3, departements: ['79'] });
  const engine = () => new MeilisearchEngine({ url: url(), apiKey: key(), indexName: 'meili_specifique' });

  beforeAll(async () => {
    await engine().replaceAll(offers);
  });

  it('sends at most maxConcurrentSearches searches at once; the others wait their turn and all answer', async () => {
    const limited = new MeilisearchEngine({
      url: url(),
      apiKey: key(),
      indexName: 'meili_specifique',
      maxConcurrentSearches: 2,
    });
    const realFetch = globalThis.fetch;
    let inFlight = 0;
    let most = 0;
    globalThis.fetch = async (...args: Parameters<typeof fetch>) => {
      const isSearch = String(args[0] instanceof Request ? args[0].url : args[0]).endsWith('/search');
      if (isSearch) most = Math.max(most, ++inFlight);
      try {
        return await realFetch(...args);
      } finally {
        if (isSearch) inFlight--;
      }
    };
    try {
      const queries = Array.from({ length: 12 }, (_, i) => ({ page: 1 + (i % 3), hits_per_page: 10 }));
      const results = await Promise.all(queries.map((q) => limited.search(q)));
      expect(results.every((r) => r.total === offers.length && r.hits.length === 10)).toBe(true);
      expect(most).toBe(2);
    } finally {
      globalThis.fetch = realFetch;
    }
  });

  it('sets the index settings on purpose', async () => {
    const s = await admin().index('meili_specifique').getSettings();
    // The name without its place first, then the field's jargon; the full name (with its place) last.
    expect(s.searchableAttributes).toEqual([
      'nom_recherche',
      'sigles',
      'thematiques_libelles',
      'structure_nom',
      'description',
      'commune',
      'nom',
    ]);
    expect(new Set(s.filterableAttributes as string[])).toEqual(
      new Set([
        'thematiques',
        'categories',
        'type',
        'publics',
        'frais',
        'modes_accueil',
        'reseaux_porteurs',
        'partenaire',
        'zone_eligibilite',
        'zone_libre',
        'a_distance',
        'a_distance_uniquement',
        '_geo',
      ]),
    );
    expect(new Set(s.sortableAttributes)).toEqual(new Set(['_geo', 'id', 'nom']));
    expect(s.rankingRules).toEqual(INDEX_SETTINGS.rankingRules);
    expect(s.pagination?.maxTotalHits).toBeGreaterThanOrEqual(1_000_000);
    expect(s.faceting?.maxValuesPerFacet).toBeGreaterThanOrEqual(1000);
    expect(s.typoTolerance?.enabled).toBe(true);
    expect(s.stopWords).toContain('les');
    expect(s.localizedAttributes).toEqual([{ attributePatterns: ['*'], locales: ['fra'] }]);
    expect(SYNONYM_GROUPS.length).toBeGreaterThanOrEqual(30);
    expect(s.synonyms?.aci).toEqual(expect.arrayContaining(["chantier d'insertion"]));
    expect(s.synonyms?.["chantier d'insertion"]).toContain('aci');
  });

  it('keeps serving the live index when a reindex task fails, and reports Meilisearch’s message', async () => {
    // Meilisearch rejects a non-numeric latitude inside the batch (the task fails, not the HTTP call)
    const bad = {
      ...offers[0]!,
      id: 'coordonnees-impossibles',
      latitude: 'nord',
      longitude: 2,
    } as unknown as Offer;
    await expect(engine().replaceAll([...offers.slice(1, 50), bad])).rejects.toThrow(
      /en échec : .*(lat|géo|geo)/i,
    );
    expect(await engine().count()).toBe(offers.length);
    expect((await engine().search({ hits_per_page: 1 })).total).toBe(offers.length);
    const { results } = await admin().getIndexes({ limit: 1000 });
    expect(results.map((i) => i.uid).filter((u) => u.startsWith('meili_specifique_'))).toEqual([]);
  });

  it('reindexes by swap: the new catalogue replaces the old one, no leftover index', async () => {
    const next = offers.slice(0, 120);
    await engine().replaceAll(next);
    expect(await engine().count()).toBe(120);
    const { results } = await admin().getIndexes({ limit: 1000 });
    expect(results.map((i) => i.uid).filter((u) => u.startsWith('meili_specifique'))).toEqual([
      'meili_specifique',
    ]);
    await engine().replaceAll(offers);
  });

  it('escapes quoted values: a value that closes the quote cannot widen a filter', async () => {
    const index = admin().index('meili_specifique');
    const escaped = await index.search('', {
      filter: `partenaire = ${quote('x" OR partenaire = "partenaire-1')}`,
    });
    expect(escaped.estimatedTotalHits).toBe(0);
    const spliced = await index.search('', { filter: 'partenaire = "x" OR partenaire = "partenaire-1"' });
    expect(spliced.estimatedTotalHits).toBeGreaterThan(0); // what raw splicing would have leaked
    expect(quote('a\\" OR b')).toBe('"a\\\\\\" OR b"');
  });

  it('gives clear French errors when the key is wrong or the server unreachable', async () => {
    const wrongKey = new MeilisearchEngine({
      url: url(),
      apiKey: 'pas-la-bonne-cle',
      indexName: 'meili_specifique',
    });
    await expect(wrongKey.checkConnection()).rejects.toThrow(/refuse la clé d’API.*MEILI_MASTER_KEY/);
    await expect(wrongKey.search({ q: 'emploi' })).rejects.toThrow(/refuse la clé/);
    const down = new MeilisearchEngine({ url: 'http://127.0.0.1:9', apiKey: key() });
    await expect(down.checkConnection()).rejects.toThrow(/Meilisearch injoignable à http:\/\/127\.0\.0\.1:9/);
  });

  it('creates a search-only key that can search but not write', async () => {
    const searchKey = await engine().createSearchOnlyKey();
    expect(searchKey).not.toBe(key());
    const browser = new MeilisearchEngine({ url: url(), apiKey: searchKey }).client;
    const res = await browser.index('meili_specifique').search('emploi', { limit: 1 });
    expect(res.hits.length).toBe(1);
    await expect(browser.index('meili_specifique').addDocuments([{ pk: 'x', id: 'x' }])).rejects.toThrow();
    await expect(browser.getKeys()).rejects.toThrow();
  });
});
