import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../diagnostic.ts';
import type { Offer } from '../offer.ts';
import { DEFAULT_MATCHING_CONFIG, withConfig } from './config.ts';
import { suggest } from './suggest.ts';
import {
  makeDiagnostic,
  makeDiagnostic as makeDiagnosticBase,
  makeOffer,
  NIORT,
  northOf,
  TODAY,
} from './test-fixtures.ts';
import type { SuggestInput } from './types.ts';

const run = (
  candidates: Offer[],
  diagnostic: Diagnostic = makeDiagnostic(),
  extra: Partial<SuggestInput> = {},
) => suggest({ diagnostic, person: NIORT, candidates, today: TODAY, ...extra });
const ids = (r: ReturnType<typeof run>) => r.suggestions.map((s) => s.id);
const only = (offer: Offer, diagnostic?: Diagnostic, extra?: Partial<SuggestInput>) =>
  run([offer], diagnostic, extra).suggestions[0];

describe('hard rule: eligibility zone', () => {
  it('keeps an offer without zone or sharing a code with the person, drops the others', () => {
    const r = run([
      makeOffer({ id: 'no-zone' }),
      makeOffer({ id: 'dept', zone_eligibilite: ['79'] }),
      makeOffer({ id: 'epci', zone_eligibilite: ['200041317'] }),
      makeOffer({ id: 'other-dept', zone_eligibilite: ['86'] }),
      makeOffer({ id: 'other-commune', zone_eligibilite: ['79049'] }),
    ]);
    expect(ids(r).sort()).toEqual(['dept', 'epci', 'no-zone']);
  });
});

describe('hard rule: publics', () => {
  it('tous-publics and matching publics pass, others are excluded', () => {
    const d = makeDiagnostic({ situations: ['rsa'], age: 35 });
    const r = run(
      [
        makeOffer({ id: 'tous', publics: ['tous-publics'] }),
        makeOffer({ id: 'minima', publics: ['beneficiaires-des-minimas-sociaux'] }),
        makeOffer({ id: 'jeunes', publics: ['jeunes'] }),
        makeOffer({ id: 'seniors', publics: ['seniors'] }),
      ],
      d,
    );
    expect(ids(r).sort()).toEqual(['minima', 'tous']);
    expect(r.suggestions.find((s) => s.id === 'minima')?.raisons).toContain(
      'réservé aux bénéficiaires du RSA : la personne est éligible',
    );
  });

  it('an offer without publics is open, with a watch-out', () => {
    const s = only(makeOffer({ id: 'x', publics: [] }));
    expect(s?.points_attention).toContain('publics non précisés');
  });

  it('age implies jeunes (under 26) and seniors (50 and over)', () => {
    expect(only(makeOffer({ id: 'j', publics: ['jeunes'] }), makeDiagnostic({ age: 22 }))).toBeDefined();
    expect(only(makeOffer({ id: 'j', publics: ['jeunes'] }), makeDiagnostic({ age: 26 }))).toBeUndefined();
    expect(only(makeOffer({ id: 's', publics: ['seniors'] }), makeDiagnostic({ age: 50 }))).toBeDefined();
  });
});

describe('hard rule: age bounds', () => {
  const offer = makeOffer({ id: 'a', age_min: 16, age_max: 25 });
  it('excludes a person outside the bounds and explains when inside', () => {
    expect(only(offer, makeDiagnostic({ age: 30 }))).toBeUndefined();
    expect(only(offer, makeDiagnostic({ age: 15 }))).toBeUndefined();
    expect(only(offer, makeDiagnostic({ age: 25 }))?.raisons).toContain(
      'réservé aux 16–25 ans : la personne a 25 ans',
    );
  });
  it('an unknown age is not refused but flagged', () => {
    expect(only(offer, makeDiagnostic())?.points_attention).toContain(
      'âge non renseigné : offre réservée aux 16–25 ans',
    );
  });
});

describe('hard rule: IAE eligibility', () => {
  const aci = makeOffer({ id: 'aci', eligibilite_iae_requise: true, reseaux_porteurs: ['aci'] });
  const ai = makeOffer({ id: 'ai', eligibilite_iae_requise: true, reseaux_porteurs: ['ai'] });
  const unknown = makeOffer({ id: 'unknown', eligibilite_iae_requise: true });
  const three = ['residant-qpv', 'rqth', 'parent-isole'] as const;
  // The grid binds a référent who is not a prescripteur habilité (the default is habilité).
  const makeDiagnostic = (o: Parameters<typeof makeDiagnosticBase>[0] = {}) =>
    makeDiagnosticBase({ prescripteur_habilite: false, ...o });

  it('a PASS IAE or one level-1 criterion is enough', () => {
    expect(only(aci, makeDiagnostic({ situations: ['pass-iae'] }))?.raisons).toContain(
      'éligibilité IAE requise : la personne a un PASS IAE en cours',
    );
    expect(only(aci, makeDiagnostic({ situations: ['detld'] }))).toBeDefined();
  });
  it('AI/ETTI need 2 level-2 criteria, ACI/EI/EITI and unknown SIAE need 3', () => {
    const two = makeDiagnostic({ situations: ['residant-qpv', 'rqth'], age: 40 });
    expect(only(ai, two)).toBeDefined();
    expect(only(aci, two)).toBeUndefined();
    expect(only(unknown, two)).toBeUndefined();
    const withThree = makeDiagnostic({ situations: [...three], age: 40 });
    expect(only(aci, withThree)).toBeDefined();
    expect(only(unknown, withThree)).toBeDefined();
  });
  it('under 26 counts as a level-2 criterion', () => {
    expect(only(ai, makeDiagnostic({ situations: ['niveau-infra-cap'], age: 22 }))).toBeDefined();
    expect(only(ai, makeDiagnostic({ situations: ['niveau-infra-cap'], age: 30 }))).toBeUndefined();
  });
  it('a structure that is both AI and ACI takes the stricter threshold', () => {
    const both = makeOffer({ id: 'both', eligibilite_iae_requise: true, reseaux_porteurs: ['ai', 'aci'] });
    expect(only(both, makeDiagnostic({ situations: ['residant-qpv', 'rqth'], age: 40 }))).toBeUndefined();
  });
});

describe('hard rule: reachability', () => {
  it('uses the default budget of the mode', () => {
    const near = makeOffer({ id: 'near', ...northOf(NIORT, 14) });
    const far = makeOffer({ id: 'far', ...northOf(NIORT, 16) });
    expect(ids(run([near, far]))).toEqual(['near']);
    expect(ids(run([near, far], makeDiagnostic({ mobilite: { mode: 'voiture' } }))).sort()).toEqual([
      'far',
      'near',
    ]);
    expect(ids(run([near, far], makeDiagnostic({ mobilite: { mode: 'a-pied' } })))).toEqual([]);
  });
  it('distance_max_km overrides the default; the config can change defaults', () => {
    const far = makeOffer({ id: 'far', ...northOf(NIORT, 16) });
    expect(ids(run([far], makeDiagnostic({ mobilite: { mode: 'a-pied', distance_max_km: 20 } })))).toEqual([
      'far',
    ]);
    const config = withConfig({
      budgetKmByMode: { ...DEFAULT_MATCHING_CONFIG.budgetKmByMode, 'transports-en-commun': 20 },
    });
    expect(ids(run([far], makeDiagnostic(), { config }))).toEqual(['far']);
  });
  it('explains the distance relative to the budget in French', () => {
    const s = only(makeOffer({ id: 'x', ...northOf(NIORT, 12) }));
    expect(s?.raisons).toContain('à 12 km, dans votre budget de trajet en transports en commun');
    expect(s?.distance_km).toBeCloseTo(12, 1);
  });
  it('a remote-only offer needs digital access; a hybrid one is reachable either way', () => {
    const thematiques = ['famille--soutien-aidants'] as Offer['thematiques'];
    const aidants = makeDiagnostic({ besoins: [{ thematique: 'famille--soutien-aidants', priorite: 1 }] });
    const remote = makeOffer({
      id: 'remote',
      thematiques,
      modes_accueil: ['a-distance'],
      ...northOf(NIORT, 300),
    });
    const hybridFar = makeOffer({
      id: 'hybrid',
      thematiques,
      modes_accueil: ['en-presentiel', 'a-distance'],
      ...northOf(NIORT, 300),
    });
    const hybridNear = makeOffer({
      id: 'hybrid-near',
      thematiques,
      modes_accueil: ['en-presentiel', 'a-distance'],
    });
    expect(ids(run([remote, hybridFar, hybridNear], aidants)).sort()).toEqual([
      'hybrid',
      'hybrid-near',
      'remote',
    ]);
    expect(ids(run([remote, hybridFar, hybridNear], { ...aidants, acces_numerique: false }))).toEqual([
      'hybrid-near',
    ]);
  });
  it('an in-person offer without a point uses its commune centre when given, else is unreachable', () => {
    const offer = makeOffer({ id: 'x', latitude: undefined, longitude: undefined, code_insee: '79191' });
    expect(only(offer)).toBeUndefined();
    const s = only(offer, makeDiagnostic(), {
      communeCentre: (c) => (c === '79191' ? northOf(NIORT, 2) : undefined),
    });
    expect(s?.distance_km).toBeCloseTo(2, 1);
    expect(s?.points_attention).toContain('lieu approximatif : centre de la commune');
  });
});

describe('hard rule: active', () => {
  it('drops ended, suspended and full offers', () => {
    const r = run([
      makeOffer({ id: 'ended', date_fin: '2026-11-26' }),
      makeOffer({ id: 'ends-today', date_fin: TODAY }),
      makeOffer({ id: 'suspended', date_suspension: TODAY }),
      makeOffer({ id: 'suspended-later', date_suspension: '2027-03-01' }),
      makeOffer({ id: 'full', places_disponibles: 0 }),
      makeOffer({ id: 'places', places_disponibles: 2 }),
    ]);
    expect(ids(r).sort()).toEqual(['ends-today', 'places', 'suspended-later']);
    expect(r.suggestions.find((s) => s.id === 'places')?.points_attention).toContain('places limitées');
  });
});

describe('soft ranking', () => {
  it('covers the asked besoin, or any besoin of an asked category; a sibling is shown lower, without covering', () => {
    const d = makeDiagnostic({ besoins: [{ thematique: 'mobilite--preparer-un-permis', priorite: 1 }] });
    const r = run(
      [
        makeOffer({ id: 'permis', thematiques: ['mobilite--preparer-un-permis'], ...northOf(NIORT, 14) }),
        makeOffer({ id: 'vehicule', thematiques: ['mobilite--acceder-a-un-vehicule'] }),
        makeOffer({ id: 'unrelated', thematiques: ['sante--addictions'] }),
      ],
      d,
    );
    // The sibling is shown apart (« autres offres proches »), never among the adaptées.
    expect(ids(r)).toEqual(['permis']);
    expect(r.autres_offres.map((s) => s.id)).toEqual(['vehicule']);
    expect(r.autres_offres[0]?.besoins).toEqual([]);
    expect(r.autres_offres[0]?.besoins_proches).toEqual(['mobilite--preparer-un-permis']);
    expect(r.parcours).toEqual(['permis']);
    const byCategory = run(
      [makeOffer({ id: 'vehicule', thematiques: ['mobilite--acceder-a-un-vehicule'] })],
      makeDiagnostic({ besoins: [{ thematique: 'mobilite', priorite: 1 }] }),
    );
    expect(byCategory.suggestions[0]?.besoins).toEqual(['mobilite']);
  });

  it('priority 1 outranks priority 2; free beats paid; fresher and more complete rank higher', () => {
    const d = makeDiagnostic({
      besoins: [
        { thematique: 'famille--garde-denfants', priorite: 2 },
        { thematique: 'mobilite--preparer-un-permis', priorite: 1 },
      ],
    });
    const r = run(
      [
        makeOffer({ id: 'garde', thematiques: ['famille--garde-denfants'] }),
        makeOffer({ id: 'permis', thematiques: ['mobilite--preparer-un-permis'], ...northOf(NIORT, 10) }),
      ],
      d,
    );
    expect(ids(r)).toEqual(['permis', 'garde']);
    expect(ids(run([makeOffer({ id: 'a', frais: 'payant' }), makeOffer({ id: 'b' })]))).toEqual(['b', 'a']);
    expect(ids(run([makeOffer({ id: 'a', date_maj: '2024-01-01' }), makeOffer({ id: 'b' })]))).toEqual([
      'b',
      'a',
    ]);
    expect(
      ids(
        run([
          makeOffer({ id: 'a' }),
          makeOffer({ id: 'b', telephone: '05 49 00 00 00', horaires_accueil: 'Mo-Fr 09:00-17:00' }),
        ]),
      ),
    ).toEqual(['b', 'a']);
  });

  it('distance decays relative to the travel budget, not in absolute km', () => {
    const at = (km: number, mode: 'voiture' | 'velo') =>
      only(makeOffer({ id: 'x', ...northOf(NIORT, km) }), makeDiagnostic({ mobilite: { mode } }))
        ?.detail_score.proximite;
    expect(at(6, 'voiture')).toBeGreaterThan(at(6, 'velo') ?? 0);
    expect(at(6, 'voiture')).toBeCloseTo(at(1.6, 'velo') ?? 0, 1);
  });

  it('a session starting soon and available places rank higher', () => {
    // Running now (no start date, or started) beats a session to come; a sooner session beats a later one.
    expect(ids(run([makeOffer({ id: 'b' }), makeOffer({ id: 'a', date_debut: '2026-12-05' })]))).toEqual([
      'b',
      'a',
    ]);
    expect(
      ids(
        run([
          makeOffer({ id: 'a', date_debut: '2027-09-06' }),
          makeOffer({ id: 'b', date_debut: '2027-02-22' }),
        ]),
      ),
    ).toEqual(['b', 'a']);
    expect(ids(run([makeOffer({ id: 'a' }), makeOffer({ id: 'b', places_disponibles: 10 })]))).toEqual([
      'b',
      'a',
    ]);
    expect(only(makeOffer({ id: 'b', date_debut: '2026-12-05' }))?.raisons).toContain(
      'démarre le 5 décembre 2026',
    );
  });

  it('ties are broken by id', () => {
    expect(ids(run([makeOffer({ id: 'b' }), makeOffer({ id: 'a' }), makeOffer({ id: 'c' })]))).toEqual([
      'a',
      'b',
      'c',
    ]);
  });

  it('explains free offers and gives a score breakdown whose parts sum to the score', () => {
    const s = only(makeOffer({ id: 'x' }));
    expect(s?.raisons).toContain('gratuit');
    const { total, ...parts } = s!.detail_score;
    expect(Object.values(parts).reduce((a, b) => a + b, 0)).toBeCloseTo(total, 2);
    expect(s?.score).toBe(total);
  });
});

describe('parcours and uncovered needs', () => {
  const d = makeDiagnostic({
    situations: ['rsa', 'parent-isole'],
    besoins: [
      { thematique: 'famille--garde-denfants', priorite: 1 },
      { thematique: 'mobilite--preparer-un-permis', priorite: 1 },
      { thematique: 'numerique', priorite: 2 },
    ],
    mobilite: { mode: 'aucun' },
    acces_numerique: false,
  });

  it('covers every coverable need with few offers and says why the others are not covered', () => {
    const r = run(
      [
        makeOffer({ id: 'creche', structure_id: 's1' }),
        makeOffer({ id: 'creche-2', structure_id: 's1', frais: 'payant' }),
        makeOffer({ id: 'permis-loin', thematiques: ['mobilite--preparer-un-permis'], ...northOf(NIORT, 9) }),
        makeOffer({
          id: 'numerique-distance',
          thematiques: ['numerique--acceder-a-des-services-en-ligne'],
          modes_accueil: ['a-distance'],
        }),
      ],
      d,
    );
    expect(r.parcours).toEqual(['creche']);
    expect(r.par_besoin['famille--garde-denfants']).toEqual(['creche', 'creche-2']);
    expect(r.besoins_non_couverts).toEqual([
      {
        thematique: 'mobilite--preparer-un-permis',
        raison:
          'aucune offre de « Préparer un permis » à portée de trajet : la plus proche est à 9 km ; budget sans moyen de transport : 2 km',
      },
      {
        thematique: 'numerique',
        raison:
          'aucune offre de « Numérique » accessible : elles sont uniquement à distance et la personne n’a pas d’accès au numérique',
      },
    ]);
  });

  it('reports no offer at all, and ineligibility with the rule', () => {
    const r = run(
      [makeOffer({ id: 'jeunes', thematiques: ['mobilite--preparer-un-permis'], publics: ['jeunes'] })],
      {
        ...d,
        age: 40,
      },
    );
    expect(r.besoins_non_couverts.map((u) => u.raison)).toEqual([
      'aucune offre de « Garde d’enfants » n’est proposée pour une personne habitant Niort',
      'aucune offre de « Préparer un permis » à laquelle la personne est éligible (publics visés)',
      'aucune offre de « Numérique » n’est proposée pour une personne habitant Niort',
    ]);
  });

  it('takes at most 2 offers of one structure', () => {
    const many = makeDiagnostic({
      besoins: [
        { thematique: 'famille--garde-denfants', priorite: 1 },
        { thematique: 'mobilite--preparer-un-permis', priorite: 1 },
        { thematique: 'sante--acces-aux-soins', priorite: 2 },
      ],
    });
    const r = run(
      [
        makeOffer({ id: 'a', structure_id: 's', thematiques: ['famille--garde-denfants'] }),
        makeOffer({ id: 'b', structure_id: 's', thematiques: ['mobilite--preparer-un-permis'] }),
        makeOffer({ id: 'c', structure_id: 's', thematiques: ['sante--acces-aux-soins'] }),
        makeOffer({ id: 'd', structure_id: 't', thematiques: ['sante--acces-aux-soins'], frais: 'payant' }),
      ],
      many,
    );
    expect(r.parcours).toEqual(['a', 'b', 'd']);
  });
});
