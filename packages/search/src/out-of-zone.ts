// What the eligibility zone hides. Near a commune, a search keeps only the offers the person may use;
// this says how many others match everything else (`out_of_zone`), and on request shows them too,
// each marked. Built on the port, so both engines (and the threaded ones) answer alike.
import { matchesZone, type OfferQuery, type SearchResult } from '@spie/core';
import type { SearchEngine } from './port.ts';

export interface ZoneAwareResult extends SearchResult {
  /** Offers matching the query but for the eligibility zone (0 without a zone filter). */
  out_of_zone: number;
}

export interface OutOfZoneOptions {
  /** true: the hits include the out-of-zone offers, marked `out_of_zone: true`. */
  include?: boolean;
}

/**
 * Runs `query` and counts what its zone filter left out: one more search without the zone, asking
 * for no facets and a single hit (the count is its total), sent at the same time as the main one.
 */
export async function searchWithOutOfZone(
  engine: SearchEngine,
  query: OfferQuery,
  options: OutOfZoneOptions = {},
): Promise<ZoneAwareResult> {
  const zone = query.filters?.zone;
  if (!zone) return { ...(await engine.search(query)), out_of_zone: 0 };
  const { zone: _dropped, ...withoutZone } = query.filters!;
  const everywhere: OfferQuery = { ...query, filters: withoutZone };
  if (options.include) {
    const [all, inZone] = await Promise.all([
      engine.search(everywhere),
      engine.search({ ...query, page: 1, hits_per_page: 1, facets: false }),
    ]);
    return {
      ...all,
      hits: all.hits.map((h) => ({ ...h, out_of_zone: !matchesZone(h.offer, zone) })),
      out_of_zone: all.total - inZone.total,
    };
  }
  const [inZone, all] = await Promise.all([
    engine.search(query),
    engine.search({ ...everywhere, page: 1, hits_per_page: 1, facets: false }),
  ]);
  return { ...inZone, out_of_zone: all.total - inZone.total };
}
