// Why a need is uncovered: each obstacle, and the combination, in French.
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../diagnostic.ts';
import type { Offer } from '../offer.ts';
import { suggest } from './suggest.ts';
import { makeDiagnostic, makeOffer, NIORT, northOf, TODAY } from './test-fixtures.ts';

const reasonFor = (offers: Offer[], d: Diagnostic = makeDiagnostic()) =>
  suggest({ diagnostic: d, person: NIORT, candidates: offers, today: TODAY }).besoins_non_couverts.map(
    (u) => u.raison,
  );

describe('reasons of uncovered needs', () => {
  it('outside the eligibility zone', () => {
    expect(reasonFor([makeOffer({ id: 'a', zone_eligibilite: ['86'] })])).toEqual([
      'aucune offre de « Garde d’enfants » ouverte pour une personne habitant Niort',
    ]);
  });

  it('full, suspended or ended', () => {
    expect(
      reasonFor([
        makeOffer({ id: 'a', places_disponibles: 0 }),
        makeOffer({ id: 'b', date_fin: '2026-01-01' }),
      ]),
    ).toEqual([
      'aucune offre de « Garde d’enfants » disponible : elles sont complètes, suspendues ou terminées',
    ]);
  });

  it('no place given for an in-person offer', () => {
    expect(reasonFor([makeOffer({ id: 'a', latitude: undefined, longitude: undefined })])).toEqual([
      'aucune offre de « Garde d’enfants » accessible : elles n’indiquent pas de lieu d’accueil',
    ]);
  });

  it('age and IAE, named (the IAE grid binds a référent who is not prescripteur habilité)', () => {
    const d = makeDiagnostic({ age: 40, prescripteur_habilite: false });
    expect(
      reasonFor(
        [makeOffer({ id: 'a', age_max: 25 }), makeOffer({ id: 'b', eligibilite_iae_requise: true })],
        d,
      ),
    ).toEqual([
      'aucune offre de « Garde d’enfants » à laquelle la personne est éligible (âge, critères IAE : aucun critère de niveau 1, 0 critère de niveau 2 sur 3 demandés)',
    ]);
  });

  it('the closest offers decide: one obstacle beats two', () => {
    const far = makeOffer({ id: 'far', ...northOf(NIORT, 20) });
    const farAndFull = makeOffer({ id: 'far-full', ...northOf(NIORT, 18), places_disponibles: 0 });
    expect(reasonFor([far, farAndFull])).toEqual([
      'aucune offre de « Garde d’enfants » à portée de trajet : la plus proche est à 20 km ; budget en transports en commun : 15 km',
    ]);
  });

  it('when every offer breaks several rules, says so', () => {
    const offer = makeOffer({ id: 'a', ...northOf(NIORT, 20), publics: ['seniors'] });
    expect(reasonFor([offer], makeDiagnostic({ age: 30 }))).toEqual([
      'aucune offre de « Garde d’enfants » ne remplit toutes les conditions : trop loin (la plus proche est à 20 km ; budget en transports en commun : 15 km), conditions non remplies (publics visés)',
    ]);
  });

  it('a custom budget is named in the explanation', () => {
    const d = makeDiagnostic({ mobilite: { mode: 'voiture', distance_max_km: 10 } });
    const r = suggest({
      diagnostic: d,
      person: NIORT,
      candidates: [makeOffer({ id: 'a', ...northOf(NIORT, 5) })],
      today: TODAY,
    });
    expect(r.suggestions[0]?.raisons).toContain('à 5 km, dans votre budget de trajet (10 km en voiture)');
  });
});
