// A person's situations (what a référent ticks), what data·inclusion publics they imply, and IAE criteria.
import type { Public } from './vocabularies/index.ts';

export const SITUATIONS = [
  { value: 'rsa', label: 'Bénéficiaire du RSA', publics: ['beneficiaires-des-minimas-sociaux'], iae: 1 },
  { value: 'ass', label: 'Bénéficiaire de l’ASS', publics: ['beneficiaires-des-minimas-sociaux'], iae: 1 },
  {
    value: 'aah',
    label: 'Bénéficiaire de l’AAH',
    publics: ['beneficiaires-des-minimas-sociaux', 'personnes-en-situation-de-handicap'],
    iae: 1,
  },
  { value: 'demandeur-emploi', label: 'Demandeur d’emploi', publics: ['demandeurs-emploi'], iae: 0 },
  {
    value: 'deld',
    label: 'Demandeur d’emploi de longue durée (12 à 24 mois)',
    publics: ['demandeurs-emploi'],
    iae: 2,
  },
  {
    value: 'detld',
    label: 'Demandeur d’emploi de très longue durée (24 mois et plus)',
    publics: ['demandeurs-emploi'],
    iae: 1,
  },
  { value: 'senior-50-ans', label: 'Senior (50 ans et plus)', publics: ['seniors'], iae: 2 },
  {
    value: 'rqth',
    label: 'Reconnaissance de la qualité de travailleur handicapé (RQTH)',
    publics: ['personnes-en-situation-de-handicap'],
    iae: 2,
  },
  { value: 'parent-isole', label: 'Parent isolé', publics: ['familles', 'femmes'], iae: 2 },
  {
    value: 'residant-qpv',
    label: 'Résidant en quartier prioritaire (QPV)',
    publics: ['residents-qpv-frr'],
    iae: 2,
  },
  {
    value: 'residant-frr',
    label: 'Résidant en France Ruralités Revitalisation (FRR)',
    publics: ['residents-qpv-frr'],
    iae: 2,
  },
  {
    value: 'refugie-ou-demandeur-asile',
    label: 'Réfugié ou demandeur d’asile',
    publics: ['personnes-exilees'],
    iae: 2,
  },
  { value: 'sans-domicile', label: 'Sans domicile', publics: ['personnes-en-situation-durgence'], iae: 2 },
  {
    value: 'sortant-detention',
    label: 'Sortant de détention ou sous main de justice',
    publics: ['personnes-en-situation-juridique-specifique'],
    iae: 2,
  },
  { value: 'sortant-ase', label: 'Sortant de l’Aide sociale à l’enfance', publics: ['jeunes'], iae: 2 },
  {
    value: 'francais-inferieur-a1',
    label: 'Niveau de français inférieur à A1',
    publics: ['personnes-exilees'],
    iae: 2,
  },
  { value: 'niveau-infra-cap', label: 'Niveau de formation infra CAP/BEP', publics: [], iae: 2 },
  { value: 'pass-iae', label: 'Titulaire d’un PASS IAE en cours', publics: [], iae: 0 },
] as const satisfies readonly { value: string; label: string; publics: readonly Public[]; iae: 0 | 1 | 2 }[];

export type Situation = (typeof SITUATIONS)[number]['value'];
export const SITUATION_VALUES = SITUATIONS.map((s) => s.value) as unknown as [Situation, ...Situation[]];
const byValue = new Map<string, (typeof SITUATIONS)[number]>(SITUATIONS.map((s) => [s.value, s]));

export const situationLabel = (s: Situation) => byValue.get(s)?.label ?? s;

/** Age thresholds that imply publics (data·inclusion `jeunes` = under 26, `seniors` = 50 and over). */
export const AGE_JEUNE_MAX = 25;
export const AGE_SENIOR_MIN = 50;

/**
 * The data·inclusion publics a person belongs to, from situations and age.
 * `parent-isole` implies `femmes` only through the offer's own precision: we keep it, as most single
 * parents are women and the offer's text is shown to the référent.
 */
export function publicsOf(person: {
  situations: readonly Situation[];
  age?: number | undefined;
}): Set<Public> {
  const publics = new Set<Public>();
  for (const s of person.situations) for (const p of byValue.get(s)?.publics ?? []) publics.add(p);
  if (person.age !== undefined) {
    if (person.age <= AGE_JEUNE_MAX) publics.add('jeunes');
    if (person.age >= AGE_SENIOR_MIN) publics.add('seniors');
  }
  return publics;
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
