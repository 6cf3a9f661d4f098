// The contract suite: one set of fixtures and queries, run against any SearchEngine. Filter and geo
// queries are checked against the reference predicates of @spie/core (so both engines return the
// same id sets); text queries check French behaviour (typos, synonyms, accents, plurals).
import {
  FACET_FIELDS,
  type FacetField,
  facetValues,
  matchesFilters,
  matchesGeo,
  type Offer,
  type OfferFilters,
  type OfferQuery,
} from '@spie/core';
import { distanceKm, zoneCodesOf } from '@spie/territory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchWithOutOfZone } from '../out-of-zone.ts';
import type { SearchEngine } from '../port.ts';
import { SearchQueryError } from '../query-validation.ts';
import { generateOffers } from './fixtures.ts';

/** 1,200 offers (above Meilisearch's default 1,000 maxTotalHits) around Niort, plus named landmarks. */
export function contractOffers(): Offer[] {
  const offers = generateOffers({
    count: 1200,
    seed: 7,
    partners: 6,
    departements: ['79', '86', '17', '16', '85'],
  });
  offers.push({
    id: 'repere-garage-marais',
    structure_id: 'repere',
    nom: 'Garage solidaire du Marais poitevin',
    description: 'Réparation de véhicules à prix solidaire pour les personnes en insertion.',
    date_maj: '2026-10-01',
    thematiques: ['mobilite--entretenir-reparer-son-vehicule'],
    type: 'aide-materielle',
    frais: 'payant',
    publics: ['tous-publics'],
    modes_accueil: ['en-presentiel'],
    commune: 'Coulon',
    code_insee: '79100',
    latitude: 46.3236,
    longitude: -0.5856,
    zone_eligibilite: ['79'],
    partenaire: 'partenaire-1',
  });
  offers.push(...rankingLandmarks());
  return offers;
}

const MELLE = { latitude: 46.2225, longitude: -0.1428 };

/**
 * The case a référent met near Melle: an AVIP crèche (named "Multi-accueil", "crèche" only in its
 * réseau) 0.6 km away, six "Relais petite enfance" (garde d'enfants, a synonym of crèche) around, and
 * a permit offer in the commune named La Crèche.
 */
function rankingLandmarks(): Offer[] {
  const base = {
    structure_id: 'repere-petite-enfance',
    date_maj: '2026-10-01',
    type: 'accompagnement' as const,
    publics: ['familles' as const],
    modes_accueil: ['en-presentiel' as const],
    partenaire: 'partenaire-2',
  };
  const relais = Array.from({ length: 6 }, (_, i) => ({
    ...base,
    id: `repere-relais-${i}`,
    nom: 'Relais petite enfance – information sur les modes de garde',
    description: 'Information des parents sur les modes de garde et les assistantes maternelles.',
    thematiques: ['famille--garde-denfants' as const],
    structure_nom: 'Relais petite enfance du Mellois',
    commune: 'Melle',
    code_insee: '79174',
    latitude: MELLE.latitude + 0.01 * (i + 1),
    longitude: MELLE.longitude,
  }));
  return [
    {
      ...base,
      id: 'repere-avip-melle',
      nom: 'Multi-accueil Les Lutins',
      description: 'Places réservées aux parents en recherche d’emploi ou en formation.',
      thematiques: ['famille--garde-denfants'],
      structure_nom: 'Association petite enfance du Mellois',
      reseaux_porteurs: ['creches-avip'],
      commune: 'Melle',
      code_insee: '79174',
      latitude: MELLE.latitude + 0.004,
      longitude: MELLE.longitude + 0.004,
    },
    ...relais,
    {
      ...base,
      id: 'repere-permis-la-creche',
      nom: 'Permis B accompagné – La Crèche',
      description: 'Préparation au permis de conduire avec un moniteur.',
      thematiques: ['mobilite--preparer-un-permis'],
      structure_nom: 'Auto-école sociale',
      commune: 'La Crèche',
      code_insee: '79048',
      latitude: 46.3617,
      longitude: -0.2989,
    },
  ];
}

const isCreche = (o: Offer) =>
  /crèche/i.test(o.nom.replace('La Crèche', '')) || (o.reseaux_porteurs ?? []).includes('creches-avip');

const SIAE = ['aci', 'ei', 'ai', 'etti', 'eiti'];
const has = (values: readonly string[] | undefined, wanted: readonly string[]) =>
  (values ?? []).some((v) => wanted.includes(v));
const says = (o: Offer, pattern: RegExp) =>
  pattern.test(`${o.nom} ${o.description} ${o.structure_nom ?? ''}`.toLowerCase());
const iae = (o: Offer) =>
  has(o.reseaux_porteurs, SIAE) ||
  o.eligibilite_iae_requise === true ||
  says(o, /insertion par l.activité économique|chantier d.insertion|entreprise d.insertion|intermédiaire/);
const rsa = (o: Offer) =>
  has(o.publics, ['beneficiaires-des-minimas-sociaux']) || says(o, /\brsa\b|revenu de solidarité/);
const french = (o: Offer) =>
  has(o.thematiques, ['lecture-ecriture-calcul--maitriser-le-francais']) ||
  says(o, /français langue étrangère|cours de français|sociolinguistique|\bfle\b|\basl\b/);

/** The field's jargon and what each designates (structured fields, or the offer's own words). */
export const JARGON_QUERIES: [string, (o: Offer) => boolean][] = [
  ['IAE', iae],
  ['SIAE', iae],
  ['insertion par l’activité économique', iae],
  ['PLIE', (o) => has(o.reseaux_porteurs, ['plie']) || says(o, /\bplie\b|plan local/)],
  ['BRSA', rsa],
  ['RSA', rsa],
  ['ACI', (o) => has(o.reseaux_porteurs, ['aci']) || says(o, /chantier/)],
  ['AVIP', (o) => has(o.reseaux_porteurs, ['creches-avip']) || says(o, /avip|crèche/)],
  [
    'CHRS',
    (o) =>
      has(o.reseaux_porteurs, ['chrs']) ||
      has(o.thematiques, ['logement-hebergement--rechercher-une-solution-dhebergement-temporaire']) ||
      says(o, /hébergement|\bchrs\b/),
  ],
  ['EPIDE', (o) => has(o.reseaux_porteurs, ['epide']) || says(o, /epide/)],
  [
    'E2C',
    (o) => has(o.reseaux_porteurs, ['ecoles-de-la-deuxieme-chance']) || says(o, /deuxième chance|2e chance/),
  ],
  ['FLE', french],
  ['ASL', french],
  [
    'PMSMP',
    (o) =>
      has(o.thematiques, ['choisir-un-metier--confirmer-son-choix-de-metier']) ||
      says(o, /immersion|stage|mise en situation/),
  ],
  [
    'PIC',
    (o) =>
      ((o.thematiques ?? []).some((t) => t.startsWith('se-former')) &&
        has(o.publics, ['demandeurs-emploi'])) ||
      says(o, /investissement dans les compétences/),
  ],
];

const NIORT = { latitude: 46.32313, longitude: -0.45877 };
const ids = (offers: readonly { id: string }[]) => offers.map((o) => o.id).sort();
const all = (q: OfferQuery): OfferQuery => ({ ...q, hits_per_page: 1000 });

export const FILTER_QUERIES: { name: string; filters: OfferFilters }[] = [
  { name: 'no filter', filters: {} },
  { name: 'category', filters: { thematiques: ['mobilite'] } },
  { name: 'besoin + category', filters: { thematiques: ['famille--garde-denfants', 'numerique'] } },
  { name: 'publics (tous-publics always)', filters: { publics: ['jeunes'] } },
  { name: 'types and frais', filters: { types: ['atelier', 'formation'], frais: ['gratuit'] } },
  {
    name: 'modes_accueil + reseau',
    filters: { modes_accueil: ['a-distance'], reseaux_porteurs: ['mission-locale', 'aci'] },
  },
  { name: 'partenaire', filters: { partenaire: ['partenaire-2', 'partenaire-3'] } },
  { name: 'zone Niort', filters: { zone: zoneCodesOf('79191') } },
  { name: 'zone Poitiers, remote excluded', filters: { zone: zoneCodesOf('86194'), remote: 'exclude' } },
  {
    name: 'everything',
    filters: {
      thematiques: ['trouver-un-emploi'],
      publics: ['demandeurs-emploi'],
      zone: zoneCodesOf('79191'),
    },
  },
];

export const GEO_QUERIES: { name: string; query: OfferQuery }[] = [
  { name: '10 km Niort', query: { geo: { ...NIORT, radius_km: 10 } } },
  {
    name: '30 km Niort, remote excluded',
    query: { geo: { ...NIORT, radius_km: 30 }, filters: { remote: 'exclude' } },
  },
  {
    name: '50 km Poitiers, category, zone, by distance',
    query: {
      geo: { latitude: 46.58, longitude: 0.34, radius_km: 50 },
      filters: { thematiques: ['trouver-un-emploi'], zone: zoneCodesOf('86194') },
      sort: 'distance',
    },
  },
];

function referenceFacets(offers: readonly Offer[]): Record<FacetField, Record<string, number>> {
  const out = Object.fromEntries(FACET_FIELDS.map((f) => [f, {} as Record<string, number>])) as Record<
    FacetField,
    Record<string, number>
  >;
  for (const o of offers)
    for (const f of FACET_FIELDS) for (const v of facetValues(o, f)) out[f][v] = (out[f][v] ?? 0) + 1;
  return out;
}

const pointDistance = (o: Offer, geo: { latitude: number; longitude: number }) =>
  o.latitude !== undefined && o.longitude !== undefined
    ? distanceKm(geo, { latitude: o.latitude, longitude: o.longitude })
    : null;

export function referenceGeo(offers: readonly Offer[], query: OfferQuery): Offer[] {
  const geo = query.geo!;
  return offers.filter(
    (o) =>
      matchesFilters(o, query.filters) && matchesGeo(o, pointDistance(o, geo), geo, query.filters?.remote),
  );
}

const text = (o: Offer) => `${o.nom} ${o.description} ${o.structure_nom ?? ''}`.toLowerCase();

/** Registers the suite for one engine; `create` builds it, empty. */
export function searchContract(name: string, create: () => Promise<SearchEngine>): void {
  describe(`search contract: ${name}`, () => {
    const offers = contractOffers();
    let engine: SearchEngine;

    beforeAll(async () => {
      engine = await create();
      await engine.replaceAll(offers);
    });
    afterAll(async () => {
      await engine?.close?.();
    });

    it('counts and gets offers as loaded', async () => {
      expect(await engine.count()).toBe(offers.length);
      expect(await engine.get('repere-garage-marais')).toEqual(
        offers.find((o) => o.id === 'repere-garage-marais'),
      );
      expect(await engine.get('absent')).toBeUndefined();
    });

    it.each(FILTER_QUERIES)(
      'filter: $name → the reference id set, exact total and facets',
      async ({ filters }) => {
        const expected = offers.filter((o) => matchesFilters(o, filters));
        const res = await engine.search(all({ filters }));
        expect(res.total).toBe(expected.length);
        const got = await allIds(engine, { filters });
        expect(got).toEqual(ids(expected));
        expect(res.facets).toEqual(referenceFacets(expected));
      },
    );

    it('total is exact beyond 1,000 hits and pages follow the id order', async () => {
      const res = await engine.search({ page: 3, hits_per_page: 7 });
      expect(res.total).toBe(offers.length);
      expect(offers.length).toBeGreaterThan(1000);
      expect(res.hits.map((h) => h.offer.id)).toEqual(ids(offers).slice(14, 21));
      const last = await engine.search({ page: 2, hits_per_page: 1000 });
      expect(last.hits).toHaveLength(offers.length - 1000);
    });

    it.each(GEO_QUERIES)('geo: $name → the reference id set, distances within 0.1 km', async ({ query }) => {
      const expected = referenceGeo(offers, query);
      const res = await engine.search(all(query));
      expect(res.total).toBe(expected.length);
      expect(ids(res.hits.map((h) => h.offer))).toEqual(ids(expected));
      for (const h of res.hits) {
        const ref = pointDistance(h.offer, query.geo!);
        if (ref === null) expect(h.distance_km).toBeNull();
        else expect(Math.abs(h.distance_km! - ref)).toBeLessThan(0.1);
      }
      // nearest first, offers without a point last
      const d = res.hits.map((h) => h.distance_km ?? Number.POSITIVE_INFINITY);
      expect(d).toEqual([...d].sort((a, b) => a - b));
    });

    it('without facets (facets: false): the same hits and total, every facet field empty', async () => {
      const queries: OfferQuery[] = [
        { filters: { thematiques: ['mobilite'] }, hits_per_page: 30 },
        { q: 'permis', hits_per_page: 30 },
        { geo: GEO_QUERIES[0]!.query.geo!, hits_per_page: 30 },
      ];
      for (const query of queries) {
        const [full, bare] = await Promise.all([
          engine.search(query),
          engine.search({ ...query, facets: false }),
        ]);
        expect(bare.total).toBe(full.total);
        expect(bare.hits).toEqual(full.hits);
        expect(Object.values(full.facets).some((counts) => Object.keys(counts).length > 0)).toBe(true);
        expect(bare.facets).toEqual(Object.fromEntries(FACET_FIELDS.map((f) => [f, {}])));
      }
    });

    it('exact name first', async () => {
      const res = await engine.search({ q: 'Garage solidaire du Marais poitevin' });
      expect(res.hits[0]?.offer.id).toBe('repere-garage-marais');
    });

    // "ACI" (a synonym) is checked with the other jargon below: an offer of the ACI réseau counts
    it.each([['typo', 'chantié insersion']])(
      '%s query "%s" finds the chantiers d’insertion first',
      async (_kind, q) => {
        const res = await engine.search({ q, hits_per_page: 5 });
        expect(res.hits).toHaveLength(5);
        for (const h of res.hits) expect(h.offer.nom.toLowerCase()).toContain('chantier d’insertion');
      },
    );

    it.each(JARGON_QUERIES)('jargon "%s" finds the offers it designates, first', async (q, designates) => {
      const designated = offers.filter(designates).length;
      expect(designated).toBeGreaterThan(0);
      const res = await engine.search({ q, hits_per_page: 10 });
      expect(res.total).toBeGreaterThan(0);
      for (const h of res.hits) expect(designates(h.offer), `${q}: ${h.offer.nom}`).toBe(true);
    });

    it('"crèche" near Melle: the AVIP crèche 0.6 km away before the relais petite enfance', async () => {
      const res = await engine.search({ q: 'crèche', geo: { ...MELLE, radius_km: 20 }, hits_per_page: 100 });
      const ids = res.hits.map((h) => h.offer.id);
      // offers named "Crèche …" may come first; the AVIP crèche before every relais
      expect(ids).toContain('repere-relais-0');
      const avip = ids.indexOf('repere-avip-melle');
      expect(avip).toBeGreaterThanOrEqual(0);
      for (const id of ids.filter((i) => i.startsWith('repere-relais')))
        expect(avip).toBeLessThan(ids.indexOf(id));
      for (const h of res.hits.slice(0, avip)) expect(isCreche(h.offer), h.offer.nom).toBe(true);
    });

    it('"crèche" nationally: a place named La Crèche never outranks what the offer is', async () => {
      const res = await engine.search({ q: 'crèche', hits_per_page: 1000 });
      const ids = res.hits.map((h) => h.offer.id);
      expect(ids).toContain('repere-permis-la-creche');
      expect(ids.indexOf('repere-avip-melle')).toBeLessThan(ids.indexOf('repere-permis-la-creche'));
      // every offer that is a crèche by its name or its réseau comes before the place named La Crèche
      const permis = ids.indexOf('repere-permis-la-creche');
      for (const h of res.hits.slice(permis + 1)) expect(isCreche(h.offer), h.offer.nom).toBe(false);
      expect(ids.slice(0, 5)).not.toContain('repere-permis-la-creche');
    });

    it('counts the offers the eligibility zone leaves out, and shows them marked on request', async () => {
      const query: OfferQuery = {
        geo: { ...NIORT, radius_km: 30 },
        filters: { zone: zoneCodesOf('79191') },
        hits_per_page: 1000,
      };
      const everywhere = referenceGeo(offers, { ...query, filters: {} });
      const inZone = referenceGeo(offers, query);
      expect(everywhere.length).toBeGreaterThan(inZone.length);
      const hidden = await searchWithOutOfZone(engine, query);
      expect(hidden.total).toBe(inZone.length);
      expect(hidden.out_of_zone).toBe(everywhere.length - inZone.length);
      const shown = await searchWithOutOfZone(engine, query, { include: true });
      expect(shown.total).toBe(everywhere.length);
      expect(shown.out_of_zone).toBe(hidden.out_of_zone);
      const marked = shown.hits.filter((h) => h.out_of_zone).map((h) => h.offer.id);
      expect(marked.sort()).toEqual(ids(everywhere.filter((o) => !inZone.includes(o))));
      // with text, the same arithmetic
      const text = await searchWithOutOfZone(engine, { ...query, q: 'chantier' });
      const textAll = await engine.search({ ...query, q: 'chantier', filters: {} });
      expect(text.out_of_zone).toBe(textAll.total - text.total);
      // without a commune there is no zone, nothing is hidden
      expect((await searchWithOutOfZone(engine, { q: 'chantier' })).out_of_zone).toBe(0);
    });

    it('is accent-insensitive: "reinsertion" finds "réinsertion"', async () => {
      const res = await engine.search({ q: 'reinsertion', hits_per_page: 50 });
      expect(res.total).toBeGreaterThan(0);
      expect(res.hits.some((h) => text(h.offer).includes('réinsertion'))).toBe(true);
    });

    it('folds plurals: "ateliers" finds offers that only say "atelier"', async () => {
      const res = await engine.search({ q: 'ateliers', hits_per_page: 1000 });
      expect(
        res.hits.some((h) => /\batelier\b/.test(text(h.offer)) && !text(h.offer).includes('ateliers')),
      ).toBe(true);
    });

    it('a typo in a short word of 6 letters ("permsi") still finds permis offers', async () => {
      const res = await engine.search({ q: 'permsi', hits_per_page: 3 });
      expect(res.hits[0]?.offer.nom.toLowerCase()).toContain('permis');
    });

    it('rejects a filter value that tries to break out of the filter', async () => {
      const attempt = { filters: { partenaire: ['" OR partenaire = x'] } };
      await expect(engine.search(attempt)).rejects.toBeInstanceOf(SearchQueryError);
      await expect(
        engine.search({
          filters: { thematiques: ['mobilite" OR type = "atelier'] },
        } as unknown as OfferQuery),
      ).rejects.toThrow(/valeur inconnue/);
    });

    it('replacePartner replaces that partner only', async () => {
      const before = await allIds(engine, { filters: { partenaire: ['partenaire-2'] } });
      const mine = offers.filter((o) => o.partenaire === 'partenaire-1');
      const replacement = mine.slice(0, 2).map((o) => ({ ...o, nom: `${o.nom} (mis à jour)` }));
      const fresh = { ...mine[0]!, id: 'nouvelle-offre-p1', nom: 'Nouvelle offre du partenaire un' };
      await engine.replacePartner('partenaire-1', [...replacement, fresh]);
      expect(await engine.count()).toBe(offers.length - mine.length + 3);
      expect(await allIds(engine, { filters: { partenaire: ['partenaire-1'] } })).toEqual(
        ids([...replacement, fresh]),
      );
      expect(await allIds(engine, { filters: { partenaire: ['partenaire-2'] } })).toEqual(before);
      expect((await engine.get(replacement[0]!.id))?.nom).toContain('(mis à jour)');
      await engine.replacePartner('partenaire-1', mine);
      expect(await engine.count()).toBe(offers.length);
    });
  });
}

export async function allIds(engine: SearchEngine, query: OfferQuery): Promise<string[]> {
  const out: string[] = [];
  for (let page = 1; ; page++) {
    const res = await engine.search({ ...query, page, hits_per_page: 1000 });
    out.push(...res.hits.map((h) => h.offer.id));
    if (res.hits.length < 1000) break;
  }
  return out.sort();
}
