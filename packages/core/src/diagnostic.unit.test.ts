import { describe, expect, it } from 'vitest';
import {
  type DiagnosticInput,
  DiagnosticSchema,
  formatIssues,
  MOBILITY_MODE_VALUES,
  MOBILITY_MODES,
  SITUATION_VALUES,
} from './index.ts';

// The persona of the issue: a single mother on RSA in a rural commune of Deux-Sèvres, without a car.
const persona: DiagnosticInput = {
  code_commune: '79174',
  age: 24,
  situations: ['rsa', 'parent-isole'],
  besoins: [
    { thematique: 'famille--garde-denfants', priorite: 1 },
    { thematique: 'mobilite--preparer-un-permis', priorite: 2 },
  ],
  mobilite: { mode: 'aucun' },
  acces_numerique: true,
};

const problems = (input: unknown) => {
  const r = DiagnosticSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('DiagnosticSchema', () => {
  it('accepts the persona and defaults situations to none', () => {
    expect(problems(persona)).toEqual([]);
    const { situations: _, ...withoutSituations } = persona;
    expect(DiagnosticSchema.parse(withoutSituations).situations).toEqual([]);
  });

  it('accepts any one of the three ways to give a place', () => {
    const { code_commune: _, ...noPlace } = persona;
    expect(problems({ ...noPlace, code_postal: '79500' })).toEqual([]);
    expect(problems({ ...noPlace, latitude: 46.22, longitude: -0.14 })).toEqual([]);
  });

  it('requires a place, and both coordinates together', () => {
    const { code_commune: _, ...noPlace } = persona;
    expect(problems(noPlace)).toEqual([
      'code_commune: un lieu est attendu : code_commune, code_postal ou latitude/longitude',
    ]);
    expect(problems({ ...noPlace, latitude: 46.22 })).toContain(
      'latitude: latitude et longitude vont ensemble',
    );
    expect(problems({ ...persona, code_commune: '7917' })).toEqual([
      'code_commune: code INSEE de commune invalide',
    ]);
    expect(problems({ ...persona, code_postal: '795' })).toEqual([
      'code_postal: code postal invalide (5 chiffres)',
    ]);
  });

  it('rejects a duplicate besoin, naming it and its position', () => {
    expect(
      problems({
        ...persona,
        besoins: [...persona.besoins, { thematique: 'famille--garde-denfants', priorite: 3 }],
      }),
    ).toEqual(['besoins.2.thematique: besoin en double : famille--garde-denfants']);
  });

  it('accepts a whole category as a besoin, rejects an unknown one', () => {
    expect(problems({ ...persona, besoins: [{ thematique: 'mobilite', priorite: 1 }] })).toEqual([]);
    expect(problems({ ...persona, besoins: [{ thematique: 'transport', priorite: 1 }] })).toEqual([
      'besoins.0.thematique: thématique inconnue : « transport »',
    ]);
    expect(problems({ ...persona, besoins: [] })).toEqual(['besoins: au moins un besoin est attendu']);
    expect(problems({ ...persona, besoins: [{ thematique: 'mobilite', priorite: 4 }] })).toEqual([
      'besoins.0.priorite: priorité attendue : 1, 2 ou 3',
    ]);
  });

  it('rejects an unknown situation or mobility mode, and unknown keys', () => {
    expect(problems({ ...persona, situations: ['rsa', 'chomeur'] })).toEqual([
      'situations.1: situation inconnue : « chomeur »',
    ]);
    expect(problems({ ...persona, mobilite: { mode: 'trottinette' } })).toEqual([
      'mobilite.mode: mode de déplacement inconnu : « trottinette »',
    ]);
    expect(problems({ ...persona, mobilite: { mode: 'velo', distance_max_km: 0 } })).toHaveLength(1);
    expect(problems({ ...persona, nom: 'Dupont' })).toHaveLength(1); // no personal data smuggled in
  });

  it('bounds the age and requires acces_numerique', () => {
    expect(problems({ ...persona, age: 12 })).toHaveLength(1);
    expect(problems({ ...persona, age: 24.5 })).toHaveLength(1);
    const { acces_numerique: _, ...noDigital } = persona;
    expect(problems(noDigital)).toHaveLength(1);
  });

  it('formats issues as one French line per problem', () => {
    const r = DiagnosticSchema.safeParse({ ...persona, situations: ['x'], mobilite: { mode: 'y' } });
    expect(r.success).toBe(false);
    expect(formatIssues(r.error!)).toBe(
      'situations.0 : situation inconnue : « x » ; mobilite.mode : mode de déplacement inconnu : « y »',
    );
  });
});

describe('mobility modes and situations', () => {
  it('have decreasing default distance budgets from car to none', () => {
    const budgets = MOBILITY_MODES.map((m) => m.defaultBudgetKm);
    expect(budgets).toEqual([...budgets].sort((a, b) => b - a));
    expect(MOBILITY_MODE_VALUES).toEqual([
      'voiture',
      'deux-roues',
      'transports-en-commun',
      'velo',
      'a-pied',
      'aucun',
    ]);
  });

  it('list the 20 situations of the contract', () => {
    expect([...SITUATION_VALUES].sort()).toEqual(
      [
        'rsa',
        'ass',
        'aah',
        'demandeur-emploi',
        'deld',
        'detld',
        'senior-50-ans',
        'rqth',
        'parent-isole',
        'residant-qpv',
        'residant-frr',
        'refugie-ou-demandeur-asile',
        'sans-domicile',
        'sortant-detention',
        'sortant-ase',
        'francais-inferieur-a1',
        'niveau-infra-cap',
        'pass-iae',
        'en-emploi-precaire',
        'handicap-en-cours-de-reconnaissance',
      ].sort(),
    );
  });
});
