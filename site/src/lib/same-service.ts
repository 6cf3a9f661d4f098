// "Également publié par …" on an offer's page: the offers of the same service published by other
// sources or partners (duplicate clusters, @spie/core clusters.ts), found through the search port
// among the offers within 200 m sharing a thématique, each with the reasons they were joined.
import { duplicateReasons, MAX_HITS_PER_PAGE, type Offer, SAME_PLACE_METERS } from '@spie/core';
import type { SearchEngine } from '@spie/search';

export interface SameService {
  offer: Offer;
  reasons: string[];
}

export async function sameServiceAs(engine: SearchEngine, offer: Offer): Promise<SameService[]> {
  if (offer.latitude === undefined || offer.longitude === undefined || !offer.thematiques?.length) return [];
  const near = await engine.search({
    geo: { latitude: offer.latitude, longitude: offer.longitude, radius_km: SAME_PLACE_METERS / 1000 },
    filters: { thematiques: offer.thematiques, remote: 'exclude' },
    sort: 'distance',
    // offers placed at a commune centre can be many within 200 m: one full page, nearest first
    hits_per_page: MAX_HITS_PER_PAGE,
    facets: false,
  });
  const out: SameService[] = [];
  for (const hit of near.hits) {
    if (hit.offer.id === offer.id) continue;
    const reasons = duplicateReasons(offer, hit.offer);
    if (reasons) out.push({ offer: hit.offer, reasons });
  }
  return out;
}
