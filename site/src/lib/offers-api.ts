// The public shape of search results: offers with their distance, facets by field.
import type { Offer } from '@spie/core';
import type { ZoneAwareResult } from '@spie/search';
import type { SearchState } from './search-params.ts';

export type ApiHit = { id: string; nom: string; distance_km: number | null; hors_zone: boolean } & Omit<
  Offer,
  'id' | 'nom'
>;

/** `hors_zone`: how many offers the eligibility zone left out; each hit says whether it is one. */
export function toApiResults(result: ZoneAwareResult, state: SearchState) {
  return {
    total: result.total,
    hors_zone: result.out_of_zone,
    page: state.page,
    par_page: state.par_page,
    hits: result.hits.map(
      (h): ApiHit => ({
        ...h.offer,
        id: h.offer.id,
        nom: h.offer.nom,
        distance_km: h.distance_km === null ? null : Math.round(h.distance_km * 10) / 10,
        hors_zone: h.out_of_zone === true,
      }),
    ),
    facets: result.facets,
  };
}

/**
 * Each offer's members as the API writes them (`{"id":…,"nom":…,…,"distance_km":` as UTF-8 bytes),
 * kept per offer object: the embedded engines hand out the same immutable object until the offer
 * changes, so a popular offer is serialised and encoded once, not on every page that shows it. Weak:
 * a replaced offer's bytes go with it. Meilisearch decodes new objects for every answer: there the
 * cache never hits and its entries are collected with the answer (a small cost, not measured apart).
 */
const members = new WeakMap<Offer, Buffer>();

function offerMembers(offer: Offer): Buffer {
  let bytes = members.get(offer);
  if (bytes === undefined) {
    const json = JSON.stringify({ ...offer, id: offer.id, nom: offer.nom });
    bytes = Buffer.from(`${json.slice(0, -1)},"distance_km":`);
    members.set(offer, bytes);
  }
  return bytes;
}

/**
 * `JSON.stringify(toApiResults(result, state))` as UTF-8 bytes, byte for byte, with each offer
 * serialised once (the body goes out as is: no string to scan and encode per request).
 */
export function apiResultsJson(result: ZoneAwareResult, state: SearchState): Buffer<ArrayBuffer> {
  const parts: Buffer[] = [
    Buffer.from(
      `{"total":${JSON.stringify(result.total)},"hors_zone":${JSON.stringify(result.out_of_zone)},"page":${JSON.stringify(state.page)},"par_page":${JSON.stringify(state.par_page)},"hits":[`,
    ),
  ];
  result.hits.forEach((h, i) => {
    const km = h.distance_km === null ? null : Math.round(h.distance_km * 10) / 10;
    parts.push(
      offerMembers(h.offer),
      Buffer.from(
        `${JSON.stringify(km)},"hors_zone":${h.out_of_zone === true}}${i < result.hits.length - 1 ? ',' : ''}`,
      ),
    );
  });
  parts.push(Buffer.from(`],"facets":${JSON.stringify(result.facets)}}`));
  return Buffer.concat(parts);
}
