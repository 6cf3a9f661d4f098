import { describe, expect, it } from 'vitest';
import { generateNationalOffers } from '../../../scripts/generate-demo.ts';
import { EmbeddedSearchEngine } from './embedded-engine.ts';
import { findSuggestions } from './suggest.ts';

const offers = [...generateNationalOffers(3000)].map((o, i) => ({ ...o, partenaire: `p-${i % 3}` }));

describe('embedded engine result cache', { timeout: 60_000 }, () => {
  it('answers a repeated query from the cache, with the same result as without a cache', async () => {
    const cached = new EmbeddedSearchEngine();
    const plain = new EmbeddedSearchEngine({ resultCacheSize: 0 });
    await cached.replaceAll(offers);
    await plain.replaceAll(offers);
    const queries = [
      {},
      { q: 'permis' },
      { filters: { thematiques: ['mobilite' as const], frais: ['gratuit' as const] } },
      { filters: { frais: ['gratuit' as const], thematiques: ['mobilite' as const] } },
      { filters: { zone: [] } },
      { geo: { latitude: 48.85, longitude: 2.35, radius_km: 30 }, sort: 'distance' as const },
    ];
    for (const q of queries) {
      const first = await cached.search(q);
      expect(await cached.search(q)).toBe(first); // same object: a hit
      expect(first).toEqual(await plain.search(q));
    }
    // an empty zone list is not « no zone filter »
    expect((await cached.search({ filters: { zone: [] } })).total).not.toBe((await cached.search({})).total);
    expect(cached.cacheStats().hits).toBeGreaterThanOrEqual(queries.length);
  });

  it('is cleared by every catalogue change', async () => {
    const engine = new EmbeddedSearchEngine();
    await engine.replaceAll(offers);
    const before = await engine.search({ q: 'nouveautecache' });
    expect(before.total).toBe(0);
    const extra = { ...offers[0]!, id: 'cache-test-1', nom: 'Atelier nouveautecache' };
    await engine.replacePartner('p-9', [extra]);
    expect((await engine.search({ q: 'nouveautecache' })).total).toBe(1);
    await engine.replaceAll(offers);
    expect((await engine.search({ q: 'nouveautecache' })).total).toBe(0);
    expect((await engine.search({})).total).toBe(offers.length);
  });

  it('returns frozen results: a caller cannot change what others get', async () => {
    const engine = new EmbeddedSearchEngine();
    await engine.replaceAll(offers);
    const r = await engine.search({ q: 'emploi' });
    expect(Object.isFrozen(r) && Object.isFrozen(r.hits) && Object.isFrozen(r.facets)).toBe(true);
  });

  it('never keeps a suggestion retrieval: a diagnostic leaves no entry and no counter behind', async () => {
    const engine = new EmbeddedSearchEngine();
    await engine.replaceAll(offers);
    const before = engine.cacheStats();
    const diagnostic = {
      code_commune: '75056',
      age: 34,
      situations: ['demandeur-emploi'],
      besoins: [{ thematique: 'mobilite', priorite: 1 }],
      mobilite: { mode: 'transports-en-commun' },
      acces_numerique: true,
    };
    const result = await findSuggestions(diagnostic, engine);
    expect(result.suggestions.length).toBeGreaterThan(0); // candidates were retrieved
    expect(engine.cacheStats()).toEqual(before);
  });
});
