// The public shape of search results: offers with their distance, facets by field.
import type { Offer, SearchResult } from '@spie/core';
import type { SearchState } from './search-params.ts';

export type ApiHit = { id: string; nom: string; distance_km: number | null } & Omit<Offer, 'id' | 'nom'>;

export function toApiResults(result: SearchResult, state: SearchState) {
  return {
    total: result.total,
    page: state.page,
    par_page: state.par_page,
    hits: result.hits.map(
      (h): ApiHit => ({
        ...h.offer,
        id: h.offer.id,
        nom: h.offer.nom,
        distance_km: h.distance_km === null ? null : Math.round(h.distance_km * 10) / 10,
      }),
    ),
    facets: result.facets,
  };
}
