// The référent's diagnostic: parsed from the form or the API body, validated by the core schema.
// Personal data: error messages name fields and rules, never the values entered; nothing is logged.
import {
  type Diagnostic,
  type DiagnosticInput,
  DiagnosticSchema,
  THEMATIQUE_OU_CATEGORIE_VALUES,
  type z,
} from '@spie/core';
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
};

// Custom rule messages of DiagnosticSchema that carry no value of the person.
const SAFE_CUSTOM = new Set([
  'latitude et longitude vont ensemble',
  'un lieu est attendu : code_commune, code_postal ou latitude/longitude',
]);

function safeMessage(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'champ obligatoire' : `type attendu : ${issue.expected}`;
    case 'invalid_value':
      return 'valeur non reconnue';
    case 'invalid_format':
      return 'format invalide';
    case 'too_small':
      return issue.origin === 'array'
        ? `${String(issue.minimum)} élément(s) au minimum`
        : `valeur trop petite (minimum ${String(issue.minimum)})`;
    case 'too_big':
      return issue.origin === 'array'
        ? `${String(issue.maximum)} élément(s) au maximum`
        : `valeur trop grande (maximum ${String(issue.maximum)})`;
    case 'not_multiple_of':
      return 'nombre entier attendu';
    case 'unrecognized_keys':
      return `champ(s) inconnu(s) : ${issue.keys.map((k) => k.slice(0, 40)).join(', ')}`;
    case 'invalid_union':
      return issue.path.at(-1) === 'priorite' ? 'priorité attendue : 1, 2 ou 3' : 'valeur invalide';
    case 'custom':
      if (SAFE_CUSTOM.has(issue.message)) return issue.message;
      if (issue.message.startsWith('besoin en double')) return 'besoin en double';
      return 'valeur invalide';
    default:
      return 'valeur invalide';
  }
}

export function diagnosticErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    champ: issue.path.map(String).join('.') || '(racine)',
    message: safeMessage(issue),
  }));
}

export const fieldLabel = (champ: string) => FIELD_LABELS[champ.split('.')[0] ?? ''] ?? champ;

export type DiagnosticParse = { ok: true; diagnostic: Diagnostic } | { ok: false; errors: FieldError[] };

export function parseDiagnostic(input: unknown): DiagnosticParse {
  const parsed = DiagnosticSchema.safeParse(input);
  return parsed.success
    ? { ok: true, diagnostic: parsed.data }
    : { ok: false, errors: diagnosticErrors(parsed.error) };
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
});

const KNOWN_BESOINS = new Set<string>(THEMATIQUE_OU_CATEGORIE_VALUES);
const str = (v: FormDataEntryValue | null) => (typeof v === 'string' ? v.trim().slice(0, 120) : '');

export function readDiagnosticForm(form: FormData): DiagnosticFormState {
  const besoins: DiagnosticFormState['besoins'] = {};
  for (const [key, value] of form.entries()) {
    if (!key.startsWith('besoin:') || typeof value !== 'string') continue;
    const slug = key.slice('besoin:'.length);
    if (KNOWN_BESOINS.has(slug) && (value === '1' || value === '2' || value === '3')) besoins[slug] = value;
  }
  const numerique = str(form.get('acces_numerique'));
  return {
    commune: str(form.get('commune')),
    age: str(form.get('age')),
    situations: form.getAll('situations').map(str).filter(Boolean).slice(0, 50),
    freins: form.getAll('freins').map(str).filter(Boolean).slice(0, 50),
    besoins,
    mode: str(form.get('mode')),
    distance: str(form.get('distance_max_km')),
    numerique: numerique === 'oui' || numerique === 'non' ? numerique : '',
  };
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
  const input = {
    code_commune: commune?.code,
    age,
    situations: s.situations,
    besoins: Object.entries(s.besoins).map(([thematique, p]) => ({ thematique, priorite: Number(p) })),
    mobilite: { mode: s.mode || undefined, distance_max_km: distance },
    acces_numerique: s.numerique === '' ? undefined : s.numerique === 'oui',
  } as unknown as DiagnosticInput;
  return { input, errors };
}
