// Typed data·inclusion v1 vocabularies with French labels, and helpers on thématiques.
import { distance as levenshtein } from 'fastest-levenshtein';
import {
  FRAIS,
  MODES_ACCUEIL,
  MODES_MOBILISATION,
  PERSONNES_MOBILISATRICES,
  PUBLICS,
  RESEAUX_PORTEURS,
  THEMATIQUES,
  TYPES_DE_SERVICES,
} from './data-inclusion.generated.ts';

export {
  FRAIS,
  MODES_ACCUEIL,
  MODES_MOBILISATION,
  PERSONNES_MOBILISATRICES,
  PUBLICS,
  RESEAUX_PORTEURS,
  THEMATIQUES,
  TYPES_DE_SERVICES,
};

type Values<T extends readonly { value: string }[]> = T[number]['value'];
const values = <T extends readonly { value: string }[]>(list: T) =>
  list.map((e) => e.value) as unknown as [Values<T>, ...Values<T>[]];

export type Thematique = Values<typeof THEMATIQUES>;
export type Frais = Values<typeof FRAIS>;
export type ModeAccueil = Values<typeof MODES_ACCUEIL>;
export type ModeMobilisation = Values<typeof MODES_MOBILISATION>;
export type PersonneMobilisatrice = Values<typeof PERSONNES_MOBILISATRICES>;
export type Public = Values<typeof PUBLICS>;
export type ReseauPorteur = Values<typeof RESEAUX_PORTEURS>;
export type TypeService = Values<typeof TYPES_DE_SERVICES>;

export const THEMATIQUE_VALUES = values(THEMATIQUES);
export const FRAIS_VALUES = values(FRAIS);
export const MODE_ACCUEIL_VALUES = values(MODES_ACCUEIL);
export const MODE_MOBILISATION_VALUES = values(MODES_MOBILISATION);
export const PERSONNE_MOBILISATRICE_VALUES = values(PERSONNES_MOBILISATRICES);
export const PUBLIC_VALUES = values(PUBLICS);
export const RESEAU_PORTEUR_VALUES = values(RESEAUX_PORTEURS);
export const TYPE_SERVICE_VALUES = values(TYPES_DE_SERVICES);

/** Thématique categories (the part before `--`), with their French labels. */
export const CATEGORIES = [
  { value: 'choisir-un-metier', label: 'Choisir un métier' },
  { value: 'creer-une-entreprise', label: 'Créer une entreprise' },
  { value: 'difficultes-administratives-ou-juridiques', label: 'Difficultés administratives ou juridiques' },
  { value: 'difficultes-financieres', label: 'Difficultés financières' },
  { value: 'equipement-et-alimentation', label: 'Équipement et alimentation' },
  { value: 'famille', label: 'Famille' },
  { value: 'lecture-ecriture-calcul', label: 'Lecture, écriture, calcul' },
  { value: 'logement-hebergement', label: 'Logement et hébergement' },
  { value: 'mobilite', label: 'Mobilité' },
  { value: 'numerique', label: 'Numérique' },
  { value: 'preparer-sa-candidature', label: 'Préparer sa candidature' },
  { value: 'remobilisation', label: 'Remobilisation' },
  { value: 'sante', label: 'Santé' },
  { value: 'se-former', label: 'Se former' },
  { value: 'souvrir-a-linternational', label: 'S’ouvrir à l’international' },
  { value: 'trouver-un-emploi', label: 'Trouver un emploi' },
] as const;
export type Categorie = (typeof CATEGORIES)[number]['value'];
export const CATEGORIE_VALUES = values(CATEGORIES);

/** A besoin (`categorie--besoin`) or a whole category, as accepted in filters and diagnostics. */
export type ThematiqueOuCategorie = Thematique | Categorie;
export const THEMATIQUE_OU_CATEGORIE_VALUES = [...CATEGORIE_VALUES, ...THEMATIQUE_VALUES] as [
  ThematiqueOuCategorie,
  ...ThematiqueOuCategorie[],
];

export function categoryOf(thematique: string): Categorie | undefined {
  const category = thematique.split('--')[0];
  return (CATEGORIE_VALUES as readonly string[]).includes(category ?? '')
    ? (category as Categorie)
    : undefined;
}

export function isCategory(value: string): value is Categorie {
  return (CATEGORIE_VALUES as readonly string[]).includes(value);
}

/** The besoins a slug stands for: itself for a besoin, all its besoins for a category. */
export function expandThematique(value: string): Thematique[] {
  if (isCategory(value)) return THEMATIQUE_VALUES.filter((t) => t.startsWith(`${value}--`));
  return (THEMATIQUE_VALUES as readonly string[]).includes(value) ? [value as Thematique] : [];
}

/** Does an offer thématique satisfy an asked slug (same besoin, or inside the asked category)? */
export function thematiqueMatches(offerThematique: string, asked: string): boolean {
  return offerThematique === asked || (isCategory(asked) && offerThematique.startsWith(`${asked}--`));
}

const labelMaps = new Map<string, string>(
  [
    ...THEMATIQUES,
    ...CATEGORIES,
    ...FRAIS,
    ...MODES_ACCUEIL,
    ...MODES_MOBILISATION,
    ...PERSONNES_MOBILISATRICES,
    ...PUBLICS,
    ...TYPES_DE_SERVICES,
  ].map((e) => [e.value, e.label]),
);
const reseauLabels = new Map<string, string>(RESEAUX_PORTEURS.map((e) => [e.value, e.label]));

/** French label of any vocabulary slug (réseaux porteurs have their own namespace). */
export function labelOf(value: string, vocabulary?: 'reseaux_porteurs'): string {
  if (vocabulary === 'reseaux_porteurs') return reseauLabels.get(value) ?? value;
  return labelMaps.get(value) ?? reseauLabels.get(value) ?? value;
}

/** Every controlled vocabulary by the field name it constrains. */
export const VOCABULARIES = {
  thematiques: THEMATIQUE_VALUES,
  frais: FRAIS_VALUES,
  modes_accueil: MODE_ACCUEIL_VALUES,
  modes_mobilisation: MODE_MOBILISATION_VALUES,
  mobilisable_par: PERSONNE_MOBILISATRICE_VALUES,
  publics: PUBLIC_VALUES,
  reseaux_porteurs: RESEAU_PORTEUR_VALUES,
  type: TYPE_SERVICE_VALUES,
} as const;
export type VocabularyField = keyof typeof VOCABULARIES;

/** Longest input for which a "vouliez-vous dire" is looked for (the longest slug has 89 characters). */
export const MAX_SUGGESTION_INPUT = 120;
const MAX_MEMO = 10_000;
const suggestionMemo = new Map<string, string | null>();

/**
 * Closest vocabulary value to a near-miss (Levenshtein ≤ 1/3 of the length), for "vouliez-vous dire".
 * Bounded because partner files are hostile input: inputs longer than `MAX_SUGGESTION_INPUT` get
 * none, candidates whose length alone rules them out are skipped, the distance is the bit-parallel
 * one of fastest-levenshtein, and each distinct value is computed once (bounded memo).
 */
export function suggestValue(field: VocabularyField, input: string): string | undefined {
  const needle = input.trim().toLowerCase();
  if (needle.length === 0 || needle.length > MAX_SUGGESTION_INPUT) return undefined;
  const key = `${field}\n${needle}`;
  const memo = suggestionMemo.get(key);
  if (memo !== undefined) return memo ?? undefined;
  const found = closestValue(field, needle);
  if (suggestionMemo.size >= MAX_MEMO) suggestionMemo.clear();
  suggestionMemo.set(key, found ?? null);
  return found;
}

function closestValue(field: VocabularyField, needle: string): string | undefined {
  const candidates: readonly string[] =
    field === 'thematiques' ? THEMATIQUE_OU_CATEGORIE_VALUES : VOCABULARIES[field];
  const allowed = Math.max(2, Math.floor(needle.length / 3));
  let best: string | undefined;
  let bestDistance = allowed + 1;
  for (const c of candidates) {
    // The length difference is a lower bound of the distance.
    if (Math.abs(c.length - needle.length) >= bestDistance) continue;
    const d = levenshtein(needle, c);
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
      if (d === 0) break;
    }
  }
  return best;
}
