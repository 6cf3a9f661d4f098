// What a first real use and an experienced référent found wrong (issues 11 and 12), one rule per test,
// each written as the person it was found with.
import { describe, expect, it } from 'vitest';
import { type Diagnostic, DiagnosticSchema } from '../diagnostic.ts';
import type { Offer } from '../offer.ts';
import { suggest } from './suggest.ts';
import { makeDiagnostic, makeOffer, NIORT, northOf, TODAY } from './test-fixtures.ts';
import type { SuggestInput } from './types.ts';

const run = (candidates: Offer[], diagnostic: Diagnostic, extra: Partial<SuggestInput> = {}) =>
  suggest({ diagnostic, person: NIORT, candidates, today: TODAY, ...extra });
const ids = (r: ReturnType<typeof suggest>) => r.suggestions.map((s) => s.id);
const emploi = ['trouver-un-emploi--repondre-a-des-offres-demploi'] as Offer['thematiques'];
const femmesOnly = makeOffer({ id: 'femmes', publics: ['femmes'] });

describe('no gender assumed', () => {
  const singleParent = (genre?: 'femme' | 'homme') =>
    makeDiagnostic({ situations: ['parent-isole'], ...(genre ? { genre } : {}) });

  it('a single father is never told he qualifies for an offer reserved to women', () => {
    expect(ids(run([femmesOnly], singleParent('homme')))).toEqual([]);
  });
  it('gender not given: shown with « à vérifier », never « éligible »', () => {
    const s = run([femmesOnly], singleParent()).suggestions[0];
    expect(s?.points_attention).toContain('réservé aux femmes : à vérifier');
    expect(s?.raisons.join(' ')).not.toMatch(/éligible/);
  });
  it('a single mother who says so is eligible', () => {
    expect(run([femmesOnly], singleParent('femme')).suggestions[0]?.raisons).toContain(
      'réservé aux femmes : la personne est éligible',
    );
  });
});

describe('children', () => {
  const creche = makeOffer({
    id: 'creche',
    publics: ['familles'],
    description: 'Places d’accueil réservées aux enfants de 0 à 3 ans dont les parents cherchent un emploi.',
  });
  it('a parent of a two-year-old, not isolated, reaches offers for families', () => {
    const d = makeDiagnostic({ enfants: [{ age: 2 }] });
    const s = run([creche], d).suggestions[0];
    expect(s?.id).toBe('creche');
    expect(s?.raisons).toContain('accueille les enfants de 0 à 3 ans : enfant de 2 ans');
    // Without children given, the same parent is not in `familles`.
    expect(ids(run([creche], makeDiagnostic()))).toEqual([]);
  });
  it('childcare uses the ages the offer takes, and says so when uncovered', () => {
    const r = run([creche], makeDiagnostic({ enfants: [{ age: 7 }] }));
    expect(ids(r)).toEqual([]);
    expect(r.besoins_non_couverts[0]?.raison).toBe(
      'aucune offre de « Garde d’enfants » à laquelle la personne est éligible (âge des enfants)',
    );
  });
  it('the schema bounds the ages (0–25)', () => {
    const base = { code_commune: '79191', besoins: [{ thematique: 'famille', priorite: 1 }] };
    const ok = { ...base, mobilite: { mode: 'velo' }, acces_numerique: true, enfants: [{ age: 0 }] };
    expect(DiagnosticSchema.safeParse(ok).success).toBe(true);
    expect(DiagnosticSchema.safeParse({ ...ok, enfants: [{ age: 26 }] }).success).toBe(false);
  });
});

describe('IAE dispositif as a need', () => {
  const aci = makeOffer({
    id: 'aci',
    thematiques: emploi,
    reseaux_porteurs: ['aci'],
    eligibilite_iae_requise: true,
  });
  const ei = makeOffer({
    id: 'ei',
    thematiques: emploi,
    reseaux_porteurs: ['ei'],
    eligibilite_iae_requise: true,
  });
  const garage = makeOffer({
    id: 'garage-solidaire',
    thematiques: ['mobilite--entretenir-reparer-son-vehicule'],
    reseaux_porteurs: ['aci'],
  });
  const forum = makeOffer({ id: 'forum', thematiques: emploi });
  const chantier = makeDiagnostic({
    situations: ['rsa'],
    besoins: [{ dispositif: 'aci', priorite: 1 }],
  });

  it('a chantier need finds the ACI, not an EI, a forum or the ACI’s garage', () => {
    const r = run([aci, ei, garage, forum], chantier);
    expect(ids(r)).toEqual(['aci']);
    expect(r.par_besoin).toEqual({ aci: ['aci'] });
    expect(r.suggestions[0]?.besoins).toEqual(['aci']);
    expect(r.suggestions[0]?.raisons[0]).toBe('répond au besoin « Chantier d’insertion (ACI) » (priorité 1)');
  });
  it('`iae` is any SIAE', () => {
    const r = run(
      [aci, ei, garage, forum],
      makeDiagnostic({ situations: ['rsa'], besoins: [{ dispositif: 'iae', priorite: 1 }] }),
    );
    expect(ids(r).sort()).toEqual(['aci', 'ei']);
  });
  it('is named by its string when uncovered', () => {
    const r = run([ei], chantier);
    expect(r.besoins_non_couverts).toEqual([
      {
        thematique: 'aci',
        raison:
          'aucune offre de « Chantier d’insertion (ACI) » n’est proposée pour une personne habitant Niort',
      },
    ]);
  });
  it('a besoin has a thématique or a dispositif, not both, not neither', () => {
    const base = { code_commune: '79191', mobilite: { mode: 'velo' }, acces_numerique: true };
    expect(
      DiagnosticSchema.safeParse({ ...base, besoins: [{ dispositif: 'aci', priorite: 1 }] }).success,
    ).toBe(true);
    expect(
      DiagnosticSchema.safeParse({
        ...base,
        besoins: [{ dispositif: 'aci', thematique: 'famille', priorite: 1 }],
      }).success,
    ).toBe(false);
    expect(DiagnosticSchema.safeParse({ ...base, besoins: [{ priorite: 1 }] }).success).toBe(false);
    expect(
      DiagnosticSchema.safeParse({ ...base, besoins: [{ dispositif: 'geiq', priorite: 1 }] }).success,
    ).toBe(false);
  });

  it('prescripteur habilité (default): the grid is a watch-out; otherwise a hard rule naming the criteria', () => {
    // RQTH in Parthenay: one level-2 criterion, ACI at 300 m with places.
    const rqth = {
      situations: ['rqth'] as Diagnostic['situations'],
      besoins: [{ dispositif: 'aci' as const, priorite: 1 as const }],
    };
    const s = run([aci], makeDiagnostic(rqth)).suggestions[0];
    expect(s?.id).toBe('aci');
    expect(s?.points_attention).toContain(
      'éligibilité IAE à valider par votre diagnostic (prescripteur habilité)',
    );
    const r = run([aci], makeDiagnostic({ ...rqth, prescripteur_habilite: false }));
    expect(ids(r)).toEqual([]);
    expect(r.besoins_non_couverts[0]?.raison).toBe(
      'aucune offre de « Chantier d’insertion (ACI) » à laquelle la personne est éligible (critères IAE : aucun critère de niveau 1, 1 critère de niveau 2 sur 3 demandés)',
    );
    expect(
      DiagnosticSchema.parse({
        code_commune: '79191',
        besoins: [{ dispositif: 'aci', priorite: 1 }],
        mobilite: { mode: 'velo' },
        acces_numerique: true,
      }).prescripteur_habilite,
    ).toBe(true);
  });
});

describe('situations a référent needs', () => {
  it('in work part-time: job-retention offers for `actifs`', () => {
    const maintien = makeOffer({ id: 'maintien', thematiques: emploi, publics: ['actifs'] });
    const d = makeDiagnostic({
      situations: ['en-emploi-precaire'],
      besoins: [{ thematique: emploi[0]!, priorite: 1 }],
    });
    expect(ids(run([maintien], d))).toEqual(['maintien']);
  });
  it('first MDPH application: offers for disabled people shown with a watch-out, not refused', () => {
    const mdph = makeOffer({ id: 'mdph', publics: ['personnes-en-situation-de-handicap'] });
    const d = makeDiagnostic({ situations: ['handicap-en-cours-de-reconnaissance'], genre: 'homme' });
    const s = run([mdph], d).suggestions[0];
    expect(s?.points_attention).toContain(
      'réservé au public « personnes en situation de handicap » : à vérifier',
    );
    expect(ids(run([mdph], makeDiagnostic({ genre: 'homme' })))).toEqual([]);
  });
});

describe('remote and zoneless offers', () => {
  const parentalite = ['famille--soutien-aidants'] as Offer['thematiques'];
  const besoin = makeDiagnostic({
    besoins: [{ thematique: parentalite[0]!, priorite: 1 }],
    mobilite: { mode: 'voiture' },
  });

  it('an in-person offer within the budget ranks before a remote one of the same need; unless asked', () => {
    const remote = makeOffer({
      id: 'a-remote',
      thematiques: parentalite,
      modes_accueil: ['a-distance'],
      ...northOf(NIORT, 400),
    });
    const local = makeOffer({
      id: 'b-local',
      thematiques: parentalite,
      ...northOf(NIORT, 25),
      frais: 'payant',
    });
    expect(ids(run([remote, local], besoin))).toEqual(['b-local', 'a-remote']);
    expect(run([remote, local], besoin).par_besoin[parentalite[0]!]).toEqual(['b-local', 'a-remote']);
    expect(ids(run([remote, local], { ...besoin, prefere_a_distance: true }))[0]).toBe('a-remote');
  });
  it('a crèche is never « reached remotely »', () => {
    const farCreche = makeOffer({
      id: 'creche-melle',
      modes_accueil: ['en-presentiel', 'a-distance'],
      ...northOf(NIORT, 600),
    });
    const r = run([farCreche], makeDiagnostic());
    expect(ids(r)).toEqual([]);
    expect(r.besoins_non_couverts[0]?.raison).toMatch(/la plus proche est à 600 km/);
  });
  it('an empty zone of a structure from another département is « not specified »: watch-out, ranked after local', () => {
    const essonne = makeOffer({
      id: 'a-essonne',
      thematiques: parentalite,
      code_insee: '91228',
      modes_accueil: ['a-distance'],
    });
    const national = makeOffer({ id: 'c-national', thematiques: parentalite, modes_accueil: ['a-distance'] });
    const r = run(
      [essonne, national],
      { ...besoin, prefere_a_distance: true },
      {
        departementNom: (c) => (c === '91' ? 'Essonne' : undefined),
      },
    );
    expect(ids(r)).toEqual(['c-national', 'a-essonne']);
    expect(r.suggestions[1]?.points_attention).toContain(
      'zone non précisée : la structure (Essonne, 91) accueille-t-elle des personnes d’autres départements ?',
    );
  });
});

describe('relevance', () => {
  const cej = ['choisir-un-metier--confirmer-son-choix-de-metier'] as Offer['thematiques'];
  it('an offer built for the person (jeunes) beats a generic one at equal need and distance', () => {
    const d = makeDiagnostic({ age: 19, besoins: [{ thematique: cej[0]!, priorite: 1 }] });
    const generic = makeOffer({ id: 'a-generic', thematiques: cej, ...northOf(NIORT, 0.5) });
    const forYoung = makeOffer({
      id: 'b-cej',
      thematiques: cej,
      publics: ['jeunes'],
      ...northOf(NIORT, 0.8),
    });
    expect(ids(run([generic, forYoung], d))).toEqual(['b-cej', 'a-generic']);
  });
  it('at most two copies of one service are listed, the nearer first; the others are folded', () => {
    const copies = [3, 1, 5, 2, 4].map((km) =>
      makeOffer({
        id: `ccas-${km}`,
        structure_id: 'ccas',
        nom: 'Domiciliation administrative',
        ...northOf(NIORT, km),
      }),
    );
    const other = makeOffer({ id: 'other', ...northOf(NIORT, 6) });
    const r = run([...copies, other], makeDiagnostic());
    expect(ids(r)).toEqual(['ccas-1', 'ccas-2', 'other']);
    expect(r.suggestions[0]?.autres_lieux?.map((c) => c.id)).toEqual(['ccas-3', 'ccas-4', 'ccas-5']);
    expect(r.par_besoin['famille--garde-denfants']).toEqual(['ccas-1', 'ccas-2', 'other']);
  });
  it('a tariff « barème CAF » is not « payant »', () => {
    const caf = makeOffer({
      id: 'a-caf',
      frais: 'payant',
      frais_precisions: 'Barème national de la CAF selon les ressources.',
    });
    const paid = makeOffer({ id: 'b-paid', frais: 'payant', frais_precisions: '5 € par jour.' });
    const r = run([paid, caf], makeDiagnostic());
    expect(ids(r)).toEqual(['a-caf', 'b-paid']);
    expect(r.suggestions[0]?.detail_score.gratuite).toBe(0.5);
    expect(r.suggestions[0]?.points_attention).toContain(
      'tarif selon les ressources : Barème national de la CAF selon les ressources.',
    );
  });
});

describe('time', () => {
  it('running now beats a session months away; the parcours takes the soonest copy and says when it starts', () => {
    const later = makeOffer({
      id: 'a-sept',
      structure_id: 'ft',
      nom: 'Activ’Projet',
      date_debut: '2027-09-06',
      date_maj: '2026-11-20',
    });
    const sooner = makeOffer({
      id: 'b-feb',
      structure_id: 'ft',
      nom: 'Activ’Projet',
      date_debut: '2027-02-22',
      date_maj: '2026-06-01',
    });
    const r = run([later, sooner], makeDiagnostic());
    expect(r.parcours).toEqual(['b-feb']);
    expect(r.suggestions[0]?.points_attention).toContain('démarre seulement le 22 février 2027');
    const running = makeOffer({ id: 'c-now', date_debut: '2026-10-01' });
    const r2 = run([later, sooner, running], makeDiagnostic());
    expect(r2.parcours).toEqual(['c-now']);
    expect(r2.suggestions[0]?.raisons).toContain('en cours, entrée possible');
  });
});

describe('the parcours says why it goes far or remote', () => {
  it('remote: no in-person offer within the budget', () => {
    const thematiques = ['famille--soutien-aidants'] as Offer['thematiques'];
    const remote = makeOffer({ id: 'remote', thematiques, modes_accueil: ['a-distance'] });
    const r = run([remote], makeDiagnostic({ besoins: [{ thematique: thematiques[0]!, priorite: 1 }] }));
    expect(r.parcours_notes).toEqual([
      {
        id: 'remote',
        note: 'à distance : aucune offre en présentiel de « Soutien aux aidants » n’est possible dans votre budget de trajet',
      },
    ]);
  });
  it('far: prefers the nearer equivalent, and says so when none is nearer', () => {
    const near = makeOffer({ id: 'b-near', ...northOf(NIORT, 5), telephone: undefined });
    const far = makeOffer({ id: 'a-far', ...northOf(NIORT, 13), places_disponibles: 4 });
    expect(run([near, far], makeDiagnostic()).parcours).toEqual(['b-near']);
    const r = run([far], makeDiagnostic());
    expect(r.parcours_notes).toEqual([
      {
        id: 'a-far',
        note: 'à 13 km (budget en transports en commun : 15 km) : aucune offre plus proche ne répond à « Garde d’enfants »',
      },
    ]);
  });
});

describe('every figure true', () => {
  it('uncovered: the nearest offer beyond the budget gives the figure', () => {
    const far = makeOffer({ id: 'far', ...northOf(NIORT, 12) });
    const r = run([], makeDiagnostic({ mobilite: { mode: 'a-pied' } }), { explainCandidates: [far] });
    expect(r.suggestions).toEqual([]);
    expect(r.besoins_non_couverts[0]?.raison).toBe(
      'aucune offre de « Garde d’enfants » à portée de trajet : la plus proche est à 12 km ; budget à pied : 3 km',
    );
  });
  it('explain candidates are never suggested, even when they pass', () => {
    const near = makeOffer({ id: 'near' });
    expect(run([], makeDiagnostic(), { explainCandidates: [near] }).suggestions).toEqual([]);
  });
});
