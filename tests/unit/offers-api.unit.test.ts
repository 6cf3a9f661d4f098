// The /api/offres body written from cached offer members must be the plain JSON.stringify, exactly.
import type { ZoneAwareResult } from '@spie/search';
import { describe, expect, it } from 'vitest';
import { generateOffers } from '../../packages/search/src/testing/fixtures.ts';
import { apiResultsJson, toApiResults } from '../../site/src/lib/offers-api.ts';
import type { SearchState } from '../../site/src/lib/search-params.ts';

describe('apiResultsJson', () => {
  it('writes what JSON.stringify(toApiResults(…)) writes, the first time and from its cache', () => {
    const offers = generateOffers({ count: 40, seed: 11, partners: 2, departements: ['79'] });
    const state = { page: 2, par_page: 20 } as SearchState;
    const result: ZoneAwareResult = {
      total: 123,
      out_of_zone: 7,
      page: 2,
      hits_per_page: 20,
      hits: offers.map((offer, i) => ({
        offer,
        distance_km: i % 3 === 0 ? null : i * 1.234567,
        out_of_zone: i % 4 === 0,
      })),
      facets: {
        categories: { mobilite: 3 },
        thematiques: {},
        type: {},
        publics: { jeunes: 1 },
        frais: {},
        modes_accueil: {},
        reseaux_porteurs: {},
        partenaire: { a: 2 },
      },
    };
    const expected = JSON.stringify(toApiResults(result, state));
    expect(apiResultsJson(result, state).toString('utf8')).toBe(expected);
    expect(apiResultsJson(result, state).toString('utf8')).toBe(expected); // cached members
    const changed = { ...offers[0]!, nom: 'Nouveau nom <b>"cité"</b>' };
    const next = { ...result, hits: [{ offer: changed, distance_km: 0.04 }] };
    expect(apiResultsJson(next, state).toString('utf8')).toBe(JSON.stringify(toApiResults(next, state)));
    const empty = { ...result, hits: [] };
    expect(apiResultsJson(empty, state).toString('utf8')).toBe(JSON.stringify(toApiResults(empty, state)));
  });
});
