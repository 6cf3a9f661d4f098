// A person's situations (what a référent ticks), what data·inclusion publics they imply, and IAE criteria.
import type { Public } from './vocabularies/index.ts';

/** Groups of situations, in the order a référent goes through a person's file. */
export const SITUATION_GROUPS = [
  { value: 'statut', label: 'Statut' },
  { value: 'ressources', label: 'Ressources' },
  { value: 'famille', label: 'Famille' },
  { value: 'sante', label: 'Santé' },
  { value: 'logement', label: 'Logement et lieu de vie' },
  { value: 'justice', label: 'Justice' },
  { value: 'langue', label: 'Langue et formation' },
] as const;
export type SituationGroup = (typeof SITUATION_GROUPS)[number]['value'];

// `publics`: what the person certainly belongs to. `publicsToCheck`: publics the person may belong to
// (a recognition under way): offers for them are shown with a watch-out instead of refused.
export const SITUATIONS = [
  {
    value: 'demandeur-emploi',
    label: 'Demandeur d’emploi',
    group: 'statut',
    publics: ['demandeurs-emploi'],
    iae: 0,
  },
  {
    value: 'deld',
    label: 'Demandeur d’emploi de longue durée (12 à 24 mois)',
    group: 'statut',
    publics: ['demandeurs-emploi'],
    iae: 2,
  },
  {
    value: 'detld',
    label: 'Demandeur d’emploi de très longue durée (24 mois et plus)',
    group: 'statut',
    publics: ['demandeurs-emploi'],
    iae: 1,
  },
  {
    value: 'en-emploi-precaire',
    label: 'En emploi à temps partiel ou précaire',
    group: 'statut',
    publics: ['actifs'],
    iae: 0,
  },
  { value: 'senior-50-ans', label: 'Senior (50 ans et plus)', group: 'statut', publics: ['seniors'], iae: 2 },
  { value: 'pass-iae', label: 'Titulaire d’un PASS IAE en cours', group: 'statut', publics: [], iae: 0 },
  {
    value: 'rsa',
    label: 'Bénéficiaire du RSA',
    group: 'ressources',
    publics: ['beneficiaires-des-minimas-sociaux'],
    iae: 1,
  },
  {
    value: 'ass',
    label: 'Bénéficiaire de l’ASS',
    group: 'ressources',
    publics: ['beneficiaires-des-minimas-sociaux'],
    iae: 1,
  },
  {
    value: 'aah',
    label: 'Bénéficiaire de l’AAH',
    group: 'ressources',
    publics: ['beneficiaires-des-minimas-sociaux', 'personnes-en-situation-de-handicap'],
    iae: 1,
  },
  { value: 'parent-isole', label: 'Parent isolé', group: 'famille', publics: ['familles'], iae: 2 },
  {
    value: 'sortant-ase',
    label: 'Sortant de l’Aide sociale à l’enfance',
    group: 'famille',
    publics: ['jeunes'],
    iae: 2,
  },
  {
    value: 'rqth',
    label: 'Reconnaissance de la qualité de travailleur handicapé (RQTH)',
    group: 'sante',
    publics: ['personnes-en-situation-de-handicap'],
    iae: 2,
  },
  {
    value: 'handicap-en-cours-de-reconnaissance',
    label: 'Handicap en cours de reconnaissance (première demande MDPH)',
    group: 'sante',
    publics: [],
    publicsToCheck: ['personnes-en-situation-de-handicap'],
    iae: 0,
  },
  {
    value: 'sans-domicile',
    label: 'Sans domicile',
    group: 'logement',
    publics: ['personnes-en-situation-durgence'],
    iae: 2,
  },
  {
    value: 'residant-qpv',
    label: 'Résidant en quartier prioritaire (QPV)',
    group: 'logement',
    publics: ['residents-qpv-frr'],
    iae: 2,
  },
  {
    value: 'residant-frr',
    label: 'Résidant en France Ruralités Revitalisation (FRR)',
    group: 'logement',
    publics: ['residents-qpv-frr'],
    iae: 2,
  },
  {
    value: 'sortant-detention',
    label: 'Sortant de détention ou sous main de justice',
    group: 'justice',
    publics: ['personnes-en-situation-juridique-specifique'],
    iae: 2,
  },
  {
    value: 'refugie-ou-demandeur-asile',
    label: 'Réfugié ou demandeur d’asile',
    group: 'langue',
    publics: ['personnes-exilees'],
    iae: 2,
  },
  {
    value: 'francais-inferieur-a1',
    label: 'Niveau de français inférieur à A1',
    group: 'langue',
    publics: ['personnes-exilees'],
    iae: 2,
  },
  {
    value: 'niveau-infra-cap',
    label: 'Niveau de formation infra CAP/BEP',
    group: 'langue',
    publics: [],
    iae: 2,
  },
] as const satisfies readonly {
  value: string;
  label: string;
  group: SituationGroup;
  publics: readonly Public[];
  publicsToCheck?: readonly Public[];
  iae: 0 | 1 | 2;
}[];

export type Situation = (typeof SITUATIONS)[number]['value'];
export const SITUATION_VALUES = SITUATIONS.map((s) => s.value) as unknown as [Situation, ...Situation[]];
type SituationEntry = {
  value: Situation;
  label: string;
  group: SituationGroup;
  publics: readonly Public[];
  publicsToCheck?: readonly Public[];
  iae: 0 | 1 | 2;
};
const byValue = new Map<string, SituationEntry>(SITUATIONS.map((s) => [s.value, s as SituationEntry]));

export const situationLabel = (s: Situation) => byValue.get(s)?.label ?? s;

/** Age thresholds that imply publics (data·inclusion `jeunes` = under 26, `seniors` = 50 and over). */
export const AGE_JEUNE_MAX = 25;
export const AGE_SENIOR_MIN = 50;

export interface PersonFacts {
  situations: readonly Situation[];
  age?: number | undefined;
  genre?: 'femme' | 'homme' | undefined;
  enfants?: readonly { age: number }[] | undefined;
}

/**
 * The data·inclusion publics a person certainly belongs to, from situations, age, gender and children.
 * Gender is never guessed (a single parent is not assumed to be a woman): `femmes` only when given.
 */
export function publicsOf(person: PersonFacts): Set<Public> {
  const publics = new Set<Public>();
  for (const s of person.situations) for (const p of byValue.get(s)?.publics ?? []) publics.add(p);
  if (person.age !== undefined) {
    if (person.age <= AGE_JEUNE_MAX) publics.add('jeunes');
    if (person.age >= AGE_SENIOR_MIN) publics.add('seniors');
  }
  if (person.genre === 'femme') publics.add('femmes');
  if (person.enfants?.length) publics.add('familles');
  return publics;
}

/**
 * Publics the person may belong to but that must be checked: `femmes` when the gender is not given,
 * and what a recognition under way would give (first MDPH application). Never those already certain.
 */
export function publicsToCheckOf(person: PersonFacts): Set<Public> {
  const sure = publicsOf(person);
  const toCheck = new Set<Public>();
  if (person.genre === undefined) toCheck.add('femmes');
  for (const s of person.situations) for (const p of byValue.get(s)?.publicsToCheck ?? []) toCheck.add(p);
  for (const p of sure) toCheck.delete(p);
  return toCheck;
}

/** IAE eligibility criteria met (level 1 and level 2), from situations and age (under 26 is level 2). */
export function iaeCriteria(person: { situations: readonly Situation[]; age?: number | undefined }): {
  passIae: boolean;
  level1: Situation[];
  level2: string[];
} {
  const level1 = person.situations.filter((s) => byValue.get(s)?.iae === 1);
  const level2: string[] = person.situations.filter((s) => byValue.get(s)?.iae === 2);
  if (person.age !== undefined && person.age <= AGE_JEUNE_MAX) level2.push('moins-de-26-ans');
  if (person.age !== undefined && person.age >= AGE_SENIOR_MIN && !level2.includes('senior-50-ans'))
    level2.push('senior-50-ans');
  return { passIae: person.situations.includes('pass-iae'), level1, level2: [...new Set(level2)] };
}
