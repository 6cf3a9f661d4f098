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

/**
 * Each offer's members as the API writes them (`"id":…,"nom":…,…`, no braces), kept per offer object:
 * engines hand out the same immutable object until the offer changes, so a popular offer is serialised
 * once, not on every page that shows it. Weak: a replaced offer's text goes with it.
 */
const members = new WeakMap<Offer, string>();

function offerMembers(offer: Offer): string {
  let json = members.get(offer);
  if (json === undefined) {
    json = JSON.stringify({ ...offer, id: offer.id, nom: offer.nom }).slice(1, -1);
    members.set(offer, json);
  }
  return json;
}

/** `JSON.stringify(toApiResults(result, state))`, character for character, with offers serialised once. */
export function apiResultsJson(result: SearchResult, state: SearchState): string {
  const hits = result.hits.map((h) => {
    const km = h.distance_km === null ? null : Math.round(h.distance_km * 10) / 10;
    const body = offerMembers(h.offer);
    return `{${body}${body ? ',' : ''}"distance_km":${JSON.stringify(km)}}`;
  });
  return `{"total":${JSON.stringify(result.total)},"page":${JSON.stringify(state.page)},"par_page":${JSON.stringify(state.par_page)},"hits":[${hits.join(',')}],"facets":${JSON.stringify(result.facets)}}`;
}
