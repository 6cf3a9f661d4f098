import { describe, expect, it } from 'vitest';
import {
  iaeCriteria,
  PUBLIC_VALUES,
  publicsOf,
  publicsToCheckOf,
  SITUATION_GROUPS,
  SITUATIONS,
  situationLabel,
} from './index.ts';

describe('publicsOf', () => {
  it('maps situations to data·inclusion publics', () => {
    expect(publicsOf({ situations: ['rsa'] })).toEqual(new Set(['beneficiaires-des-minimas-sociaux']));
    expect(publicsOf({ situations: ['aah'] })).toEqual(
      new Set(['beneficiaires-des-minimas-sociaux', 'personnes-en-situation-de-handicap']),
    );
    // No gender assumed: a single parent is in `familles`, and in `femmes` only when she says so.
    expect(publicsOf({ situations: ['parent-isole'] })).toEqual(new Set(['familles']));
    expect(publicsOf({ situations: ['parent-isole'], genre: 'femme' })).toEqual(
      new Set(['familles', 'femmes']),
    );
    expect(publicsOf({ situations: [], enfants: [{ age: 2 }] })).toEqual(new Set(['familles']));
    expect(publicsOf({ situations: ['en-emploi-precaire'] })).toEqual(new Set(['actifs']));
    expect(publicsOf({ situations: ['refugie-ou-demandeur-asile', 'francais-inferieur-a1'] })).toEqual(
      new Set(['personnes-exilees']),
    );
    expect(publicsOf({ situations: ['sortant-detention'] })).toEqual(
      new Set(['personnes-en-situation-juridique-specifique']),
    );
    expect(publicsOf({ situations: ['niveau-infra-cap', 'pass-iae'] })).toEqual(new Set());
  });

  it('lists what must be checked: femmes when the gender is not given, handicap under recognition', () => {
    expect(publicsToCheckOf({ situations: [] })).toEqual(new Set(['femmes']));
    expect(publicsToCheckOf({ situations: [], genre: 'homme' })).toEqual(new Set());
    expect(publicsToCheckOf({ situations: ['handicap-en-cours-de-reconnaissance'], genre: 'femme' })).toEqual(
      new Set(['personnes-en-situation-de-handicap']),
    );
    // Already certain (RQTH) is not « to check ».
    expect(
      publicsToCheckOf({ situations: ['rqth', 'handicap-en-cours-de-reconnaissance'], genre: 'femme' }),
    ).toEqual(new Set());
  });

  it('orders situations by group as a référent goes through a file', () => {
    const order = SITUATION_GROUPS.map((g) => g.value);
    const groups = SITUATIONS.map((s) => order.indexOf(s.group));
    expect(groups.every((g) => g >= 0)).toBe(true);
    expect(groups).toEqual([...groups].sort((a, b) => a - b));
  });

  it('adds jeunes up to 25 and seniors from 50, from the age', () => {
    expect(publicsOf({ situations: [], age: 25 })).toEqual(new Set(['jeunes']));
    expect(publicsOf({ situations: [], age: 26 })).toEqual(new Set());
    expect(publicsOf({ situations: [], age: 49 })).toEqual(new Set());
    expect(publicsOf({ situations: [], age: 50 })).toEqual(new Set(['seniors']));
    expect(publicsOf({ situations: ['rsa'], age: 22 })).toEqual(
      new Set(['beneficiaires-des-minimas-sociaux', 'jeunes']),
    );
  });

  it('only ever produces known publics, never tous-publics', () => {
    const all = publicsOf({ situations: SITUATIONS.map((s) => s.value), age: 20 });
    for (const p of all) expect(PUBLIC_VALUES).toContain(p);
    expect(all.has('tous-publics')).toBe(false);
  });
});

describe('iaeCriteria', () => {
  it('counts RSA, ASS, AAH and DETLD as level 1', () => {
    expect(iaeCriteria({ situations: ['rsa', 'ass', 'aah', 'detld', 'deld'] }).level1).toEqual([
      'rsa',
      'ass',
      'aah',
      'detld',
    ]);
  });

  it('counts the other criteria as level 2, with under-26 and 50+ from the age, without duplicates', () => {
    expect(iaeCriteria({ situations: ['deld', 'niveau-infra-cap'], age: 22 })).toEqual({
      passIae: false,
      level1: [],
      level2: ['deld', 'niveau-infra-cap', 'moins-de-26-ans'],
    });
    expect(iaeCriteria({ situations: ['senior-50-ans'], age: 55 }).level2).toEqual(['senior-50-ans']);
    expect(iaeCriteria({ situations: [], age: 55 }).level2).toEqual(['senior-50-ans']);
    expect(iaeCriteria({ situations: [], age: 30 }).level2).toEqual([]);
  });

  it('neither level counts a plain job seeker or a PASS IAE, which is reported apart', () => {
    expect(iaeCriteria({ situations: ['demandeur-emploi', 'pass-iae'] })).toEqual({
      passIae: true,
      level1: [],
      level2: [],
    });
  });
});

describe('situation labels', () => {
  it('are French and unique', () => {
    const labels = SITUATIONS.map((s) => situationLabel(s.value));
    expect(new Set(labels).size).toBe(labels.length);
    expect(situationLabel('rsa')).toBe('Bénéficiaire du RSA');
  });
});
