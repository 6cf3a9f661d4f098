// The référent's diagnostic: parsed from the form or the API body, validated by the core schema.
// Personal data: error messages name fields and rules, never the values entered; nothing is logged.
import {
  DISPOSITIF_VALUES,
  type Diagnostic,
  type DiagnosticInput,
  THEMATIQUE_OU_CATEGORIE_VALUES,
} from '@spie/core';
import { DiagnosticError, parseDiagnostic as parseWithoutEcho } from '@spie/search';
import { resolveCommune } from './communes.ts';

export interface FieldError {
  champ: string;
  message: string;
}

const FIELD_LABELS: Record<string, string> = {
  code_commune: 'commune',
  code_postal: 'code postal',
  latitude: 'latitude',
  longitude: 'longitude',
  age: 'âge',
  situations: 'situations',
  besoins: 'besoins',
  mobilite: 'mobilité',
  acces_numerique: 'accès au numérique',
  genre: 'genre',
  enfants: 'âges des enfants',
  prescripteur_habilite: 'prescripteur habilité',
};

export const fieldLabel = (champ: string) => FIELD_LABELS[champ.split('.')[0] ?? ''] ?? champ;

export type DiagnosticParse = { ok: true; diagnostic: Diagnostic } | { ok: false; errors: FieldError[] };

/** The search package's parser: its French messages never repeat the person's values. */
export function parseDiagnostic(input: unknown): DiagnosticParse {
  try {
    return { ok: true, diagnostic: parseWithoutEcho(input) };
  } catch (error) {
    if (error instanceof DiagnosticError) return { ok: false, errors: error.problems };
    throw error;
  }
}

/** What the form shows back after a post (the values stay in the page, never in a URL or a log). */
export interface DiagnosticFormState {
  commune: string;
  age: string;
  situations: string[];
  freins: string[];
  besoins: Record<string, '1' | '2' | '3'>;
  mode: string;
  distance: string;
  numerique: '' | 'oui' | 'non';
  genre: '' | 'femme' | 'homme';
  /** Children's ages as typed: « 2, 7 ». */
  enfants: string;
  prescripteur: boolean;
  /** The référent's structure, printed on the summary only (not part of the diagnostic). */
  structure: string;
}

export const emptyFormState = (): DiagnosticFormState => ({
  commune: '',
  age: '',
  situations: [],
  freins: [],
  besoins: {},
  mode: '',
  distance: '',
  numerique: '',
  genre: '',
  enfants: '',
  prescripteur: true,
  structure: '',
});

/** Form keys of the besoins: a thématique slug, or `dispositif:aci`. */
const KNOWN_BESOINS = new Set<string>([
  ...THEMATIQUE_OU_CATEGORIE_VALUES,
  ...DISPOSITIF_VALUES.map((d) => `dispositif:${d}`),
]);
const str = (v: FormDataEntryValue | null) => (typeof v === 'string' ? v.trim().slice(0, 120) : '');

export function readDiagnosticForm(form: FormData): DiagnosticFormState {
  const besoins: DiagnosticFormState['besoins'] = {};
  for (const [key, value] of form.entries()) {
    if (!key.startsWith('besoin:') || typeof value !== 'string') continue;
    const slug = key.slice('besoin:'.length);
    if (KNOWN_BESOINS.has(slug) && (value === '1' || value === '2' || value === '3')) besoins[slug] = value;
  }
  const numerique = str(form.get('acces_numerique'));
  const genre = str(form.get('genre'));
  return {
    commune: str(form.get('commune')),
    age: str(form.get('age')),
    situations: form.getAll('situations').map(str).filter(Boolean).slice(0, 50),
    freins: form.getAll('freins').map(str).filter(Boolean).slice(0, 50),
    besoins,
    mode: str(form.get('mode')),
    distance: str(form.get('distance_max_km')),
    numerique: numerique === 'oui' || numerique === 'non' ? numerique : '',
    genre: genre === 'femme' || genre === 'homme' ? genre : '',
    enfants: str(form.get('enfants')),
    prescripteur: str(form.get('prescripteur_habilite')) === 'oui',
    structure: str(form.get('structure_referent')),
  };
}

/** « 2, 7 » → [{ age: 2 }, { age: 7 }]; undefined when empty; null when not a list of whole numbers. */
function parseChildren(text: string): { age: number }[] | undefined | null {
  if (!text) return undefined;
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  if (!parts.every((p) => /^\d{1,2}$/.test(p))) return null;
  return parts.map((p) => ({ age: Number(p) }));
}

/** Form state → Diagnostic input (validated afterwards by the schema, like the API body). */
export function formToDiagnosticInput(s: DiagnosticFormState): {
  input: DiagnosticInput;
  errors: FieldError[];
} {
  const errors: FieldError[] = [];
  const commune = s.commune ? resolveCommune(s.commune) : undefined;
  if (!s.commune) errors.push({ champ: 'code_commune', message: 'indiquez la commune de la personne' });
  else if (!commune)
    errors.push({ champ: 'code_commune', message: 'commune introuvable : choisissez-la dans la liste' });
  const age = s.age ? Number(s.age) : undefined;
  const distance = s.distance ? Number(s.distance.replace(',', '.')) : undefined;
  const enfants = parseChildren(s.enfants);
  if (enfants === null)
    errors.push({
      champ: 'enfants',
      message: 'indiquez les âges en années, séparés par des virgules (ex. 2, 7)',
    });
  const input = {
    code_commune: commune?.code,
    age,
    situations: s.situations,
    besoins: Object.entries(s.besoins).map(([key, p]) =>
      key.startsWith('dispositif:')
        ? { dispositif: key.slice('dispositif:'.length), priorite: Number(p) }
        : { thematique: key, priorite: Number(p) },
    ),
    mobilite: { mode: s.mode || undefined, distance_max_km: distance },
    acces_numerique: s.numerique === '' ? undefined : s.numerique === 'oui',
    genre: s.genre || undefined,
    enfants: enfants ?? undefined,
    prescripteur_habilite: s.prescripteur,
  } as unknown as DiagnosticInput;
  return { input, errors };
}
