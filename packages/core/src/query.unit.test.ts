import { describe, expect, it } from 'vitest';
import { FACET_FIELDS, facetValues, type GeoQuery, matchesFilters, matchesGeo, type Offer } from './index.ts';

const offer = (extra: Partial<Offer> = {}): Offer => ({
  id: 'o1',
  structure_id: 's1',
  nom: 'Auto-école sociale',
  description: 'Préparation au code et à la conduite avec des moniteurs formés à l’accompagnement.',
  date_maj: '2026-10-01',
  thematiques: ['mobilite--preparer-un-permis'],
  type: 'formation',
  frais: 'payant',
  publics: ['jeunes', 'beneficiaires-des-minimas-sociaux'],
  modes_accueil: ['en-presentiel'],
  reseaux_porteurs: ['mobin'],
  partenaire: 'mobilite-79',
  zone_eligibilite: ['79'],
  ...extra,
});

describe('matchesFilters', () => {
  it('matches everything without filters, and empty lists mean no filter', () => {
    expect(matchesFilters(offer())).toBe(true);
    expect(matchesFilters(offer(), { thematiques: [], publics: [], types: [], frais: [] })).toBe(true);
  });

  it('thematiques: the besoin or its category, OR within the field', () => {
    expect(matchesFilters(offer(), { thematiques: ['mobilite--preparer-un-permis'] })).toBe(true);
    expect(matchesFilters(offer(), { thematiques: ['mobilite'] })).toBe(true);
    expect(matchesFilters(offer(), { thematiques: ['famille', 'mobilite--preparer-un-permis'] })).toBe(true);
    expect(matchesFilters(offer(), { thematiques: ['mobilite--financer-ma-mobilite'] })).toBe(false);
    expect(matchesFilters(offer(), { thematiques: ['famille'] })).toBe(false);
  });

  it('types, frais, modes_accueil, reseaux_porteurs, partenaire', () => {
    expect(matchesFilters(offer(), { types: ['formation', 'atelier'] })).toBe(true);
    expect(matchesFilters(offer(), { types: ['atelier'] })).toBe(false);
    expect(matchesFilters(offer({ type: undefined }), { types: ['formation'] })).toBe(false);
    expect(matchesFilters(offer(), { frais: ['payant'] })).toBe(true);
    expect(matchesFilters(offer(), { frais: ['gratuit'] })).toBe(false);
    expect(matchesFilters(offer({ frais: undefined }), { frais: ['gratuit'] })).toBe(false);
    expect(matchesFilters(offer(), { modes_accueil: ['a-distance'] })).toBe(false);
    expect(
      matchesFilters(offer({ modes_accueil: ['en-presentiel', 'a-distance'] }), {
        modes_accueil: ['a-distance'],
      }),
    ).toBe(true);
    expect(matchesFilters(offer(), { reseaux_porteurs: ['mobin', 'wimoov'] })).toBe(true);
    expect(matchesFilters(offer(), { reseaux_porteurs: ['aci'] })).toBe(false);
    expect(matchesFilters(offer(), { partenaire: ['mobilite-79'] })).toBe(true);
    expect(matchesFilters(offer(), { partenaire: ['autre'] })).toBe(false);
  });

  it('publics: any shared public, tous-publics always matches, no publics never does', () => {
    expect(matchesFilters(offer(), { publics: ['jeunes'] })).toBe(true);
    expect(matchesFilters(offer(), { publics: ['seniors', 'beneficiaires-des-minimas-sociaux'] })).toBe(true);
    expect(matchesFilters(offer(), { publics: ['seniors'] })).toBe(false);
    expect(matchesFilters(offer({ publics: ['tous-publics'] }), { publics: ['seniors'] })).toBe(true);
    expect(matchesFilters(offer({ publics: undefined }), { publics: ['seniors'] })).toBe(false);
    expect(matchesFilters(offer({ publics: [] }), { publics: ['seniors'] })).toBe(false);
  });

  it('zone: empty zone is open to all, else one shared code', () => {
    const niort = ['79191', '200041317', '79', 'france', '99100'];
    const amiens = ['80021', '248000531', '80', 'france', '99100'];
    expect(matchesFilters(offer(), { zone: niort })).toBe(true);
    expect(matchesFilters(offer(), { zone: amiens })).toBe(false);
    expect(matchesFilters(offer({ zone_eligibilite: undefined }), { zone: amiens })).toBe(true);
    expect(matchesFilters(offer({ zone_eligibilite: [] }), { zone: amiens })).toBe(true);
    expect(matchesFilters(offer({ zone_eligibilite: ['france'] }), { zone: amiens })).toBe(true);
    expect(matchesFilters(offer({ zone_eligibilite: ['200041317'] }), { zone: niort })).toBe(true);
    expect(matchesFilters(offer({ zone_eligibilite: ['79174'] }), { zone: niort })).toBe(false);
  });

  it('remote: exclude drops remote-only offers, keeps hybrid ones', () => {
    const remoteOnly = offer({ modes_accueil: ['a-distance'] });
    const hybrid = offer({ modes_accueil: ['a-distance', 'en-presentiel'] });
    expect(matchesFilters(remoteOnly, { remote: 'exclude' })).toBe(false);
    expect(matchesFilters(remoteOnly, { remote: 'include' })).toBe(true);
    expect(matchesFilters(hybrid, { remote: 'exclude' })).toBe(true);
  });

  it('combines fields with AND', () => {
    expect(
      matchesFilters(offer(), { thematiques: ['mobilite'], publics: ['jeunes'], frais: ['payant'] }),
    ).toBe(true);
    expect(
      matchesFilters(offer(), { thematiques: ['mobilite'], publics: ['jeunes'], frais: ['gratuit'] }),
    ).toBe(false);
  });
});

describe('matchesGeo', () => {
  const geo: GeoQuery = { latitude: 46.22, longitude: -0.14, radius_km: 10 };

  it('keeps offers within the radius, including on its edge', () => {
    expect(matchesGeo(offer(), 3, geo)).toBe(true);
    expect(matchesGeo(offer(), 10, geo)).toBe(true);
    expect(matchesGeo(offer(), 10.01, geo)).toBe(false);
    expect(matchesGeo(offer(), null, geo)).toBe(false);
  });

  it('keeps remote offers wherever they are unless remote offers are excluded', () => {
    const remoteOnly = offer({ modes_accueil: ['a-distance'] });
    const hybrid = offer({ modes_accueil: ['a-distance', 'en-presentiel'] });
    expect(matchesGeo(remoteOnly, 300, geo)).toBe(true);
    expect(matchesGeo(remoteOnly, null, geo)).toBe(true);
    expect(matchesGeo(hybrid, 300, geo)).toBe(true);
    expect(matchesGeo(remoteOnly, 300, geo, 'exclude')).toBe(false);
    expect(matchesGeo(remoteOnly, 3, geo, 'exclude')).toBe(false);
    expect(matchesGeo(hybrid, 3, geo, 'exclude')).toBe(true);
    expect(matchesGeo(hybrid, 300, geo, 'exclude')).toBe(false);
  });
});

describe('facetValues', () => {
  it('gives the values counted for each facet field', () => {
    const o = offer({
      thematiques: [
        'mobilite--preparer-un-permis',
        'mobilite--financer-ma-mobilite',
        'famille--garde-denfants',
      ],
    });
    expect(facetValues(o, 'categories')).toEqual(['mobilite', 'famille']);
    expect(facetValues(o, 'thematiques')).toHaveLength(3);
    expect(facetValues(o, 'type')).toEqual(['formation']);
    expect(facetValues(o, 'frais')).toEqual(['payant']);
    expect(facetValues(o, 'publics')).toEqual(['jeunes', 'beneficiaires-des-minimas-sociaux']);
    expect(facetValues(o, 'partenaire')).toEqual(['mobilite-79']);
    expect(facetValues(offer({ type: undefined, frais: undefined, partenaire: undefined }), 'type')).toEqual(
      [],
    );
    for (const f of FACET_FIELDS)
      expect(Array.isArray(facetValues(offer({ publics: undefined }), f))).toBe(true);
  });
});
