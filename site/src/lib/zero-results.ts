// What to try when a search finds nothing: a wider radius, the same search without one of its
// filters, and the nearest offer of that kind whatever the distance. Each proposal is checked (a
// count query, no facets) so none leads to another empty page.
import type { OfferQuery } from '@spie/core';
import type { SearchEngine } from '@spie/search';
import { formatKm } from './format.ts';
import {
  LIMITS,
  LIST_PARAM_NAMES,
  type ListParam,
  type SearchState,
  toOfferQuery,
  toSearchParams,
} from './search-params.ts';

export interface Alternative {
  label: string;
  href: string;
  detail?: string;
}

const FILTER_NAMES: Record<ListParam, string> = {
  thematiques: 'thématique',
  types: 'type de service',
  publics: 'public',
  frais: 'frais',
  modes_accueil: 'mode d’accueil',
  reseaux_porteurs: 'réseau porteur',
};

const RADII = [30, 50, 100, LIMITS.rayonMaxKm];
const offers = (n: number) => `${n.toLocaleString('fr-FR')} offre${n > 1 ? 's' : ''}`;

async function count(engine: SearchEngine, query: OfferQuery): Promise<number> {
  return (await engine.search({ ...query, page: 1, hits_per_page: 1, facets: false })).total;
}

export async function zeroResultAlternatives(
  engine: SearchEngine,
  state: SearchState,
): Promise<Alternative[]> {
  const base = { ...state, page: 1 };
  const out: Alternative[] = [];
  const tries: Promise<void>[] = [];
  if (state.commune) {
    const rayon = RADII.find((r) => r > state.rayon);
    if (rayon !== undefined) {
      const wider = { ...base, rayon };
      tries.push(
        count(engine, toOfferQuery(wider)).then((n) => {
          if (n > 0)
            out.push({
              label: `Élargir le rayon à ${rayon} km`,
              href: `/?${toSearchParams(wider)}`,
              detail: offers(n),
            });
        }),
      );
    }
  }
  for (const name of LIST_PARAM_NAMES) {
    if (state[name].length === 0) continue;
    const without = { ...base, [name]: [] };
    tries.push(
      count(engine, toOfferQuery(without)).then((n) => {
        if (n > 0)
          out.push({
            label: `Retirer le filtre « ${FILTER_NAMES[name]} »`,
            href: `/?${toSearchParams(without)}`,
            detail: offers(n),
          });
      }),
    );
  }
  if (state.commune) {
    // the nearest offer of this kind, as far as the largest radius allows (eligibility zone kept)
    const farthest = { ...base, rayon: LIMITS.rayonMaxKm, tri: 'distance' as const };
    tries.push(
      engine.search({ ...toOfferQuery(farthest), hits_per_page: 1, facets: false }).then((r) => {
        const hit = r.hits[0];
        if (hit)
          out.push({
            label: `L’offre la plus proche : ${hit.offer.nom}`,
            href: `/offres/${encodeURIComponent(hit.offer.id)}`,
            detail: [
              hit.offer.commune,
              hit.distance_km === null ? undefined : `à ${formatKm(hit.distance_km)}`,
            ]
              .filter(Boolean)
              .join(', '),
          });
      }),
    );
  }
  await Promise.all(tries);
  return out;
}
