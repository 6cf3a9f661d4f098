// Row validation shared by CSV files and data·inclusion JSON exports: conversion, zod schema,
// territory and plausibility checks. Territory checks are O(1) lookups in @spie/territory's maps.
import {
  expandThematique,
  isCategory,
  MAX_SUGGESTION_INPUT,
  type Offer,
  type OfferField,
  OfferSchema,
  offerFieldMeta,
  suggestValue,
  type VocabularyField,
  type z,
} from '@spie/core';
import {
  distanceKm,
  getCommune,
  isKnownPostalCode,
  isKnownZoneCode,
  normalizeName,
  postalCodeMatchesCommune,
  surelyWithinKm,
} from '@spie/territory';
import { convertValue, isVocabularyField, looksLikeFormula, unneutralize } from './cells.ts';
import { type FastRowParser, FIELD_SLOT, OfferParser } from './offer-parser.ts';
import type { Problem, ProblemLog } from './report.ts';

/** A point farther than this from its commune's centre is probably misplaced (warning). */
export const FAR_FROM_COMMUNE_KM = 30;
export const MIN_DESCRIPTION_CHARS = 50;
const isShortDescription = (description: string) => description.length < MIN_DESCRIPTION_CHARS;

export interface RowInput {
  /** Spreadsheet row (header = 1). */
  row: number;
  /** Text line where the row starts (CSV only). */
  line?: number;
  /** Raw values by field: strings from CSV, typed values from JSON. */
  values: Partial<Record<OfferField, unknown>>;
  /** Column name as the partner wrote it, by field. */
  columns: ReadonlyMap<OfferField, string>;
}

const REQUIRED = new Set<OfferField>(
  (Object.keys(OfferSchema.shape) as OfferField[]).filter(
    (f) => !OfferSchema.shape[f].safeParse(undefined).success,
  ),
);
export const REQUIRED_FIELDS: readonly OfferField[] = [...REQUIRED];

/** Fields the territory checks read. */
const PLACE_FIELDS = [
  'code_insee',
  'code_postal',
  'commune',
  'latitude',
  'longitude',
  'zone_eligibilite',
] as const;

export interface CheckedProblem {
  error: boolean;
  problem: Problem;
}

/** Problems of one row, in order, before they reach the report. */
export class ProblemBuffer {
  readonly items: CheckedProblem[] = [];
  errorCount = 0;
  error(problem: Problem): void {
    this.errorCount++;
    this.items.push({ error: true, problem });
  }
  warning(problem: Problem): void {
    this.items.push({ error: false, problem });
  }
}

/** The first half's verdict on one row. */
export interface RowCheck {
  row: number;
  line?: number;
  problems: CheckedProblem[];
  /** Where the second half's problems go in `problems` (the report keeps one order). */
  split: number;
  /** Errors in `problems`. */
  errors: number;
  id?: string;
  /** Well-formed place fields, for the territory checks. */
  place: Record<string, unknown>;
  /** The parsed offer when the first half found no error. */
  offer?: Offer;
  /** Canonical JSON of `offer` without `partenaire` (`offerJsonWithoutPartner`), when already made. */
  json?: string;
}

const SESSION_DATES = ['date_debut', 'date_fin', 'date_suspension'] as const;
const SLOT = {
  id: FIELD_SLOT.get('id')!,
  date_maj: FIELD_SLOT.get('date_maj')!,
  description: FIELD_SLOT.get('description')!,
};
const SESSION_SLOTS = SESSION_DATES.map((f) => FIELD_SLOT.get(f)!);
const PLACE_SLOTS = PLACE_FIELDS.map((f) => FIELD_SLOT.get(f)!);
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Distinct unknown values per file that get a "vouliez-vous dire": past this, new ones are reported
 * without a suggestion (a repeated typo keeps its suggestion, it is memoised).
 */
export const MAX_SUGGESTED_VALUES = 500;

export class RowValidator {
  private readonly ids = new Map<string, number>();
  private readonly suggested = new Set<string>();
  private readonly parser = new OfferParser();
  private readonly today: string;
  private readonly minSession: string;
  private readonly maxSession: string;

  constructor(
    private readonly log: ProblemLog,
    /** Fields whose column is missing: reported once for the file, not on every row. */
    private readonly missingColumns: ReadonlySet<OfferField> = new Set(),
    now: Date = new Date(),
  ) {
    this.today = isoDay(now);
    const y = now.getUTCFullYear();
    this.minSession = `${y - 5}${this.today.slice(4)}`;
    this.maxSession = `${y + 5}${this.today.slice(4)}`;
  }

  /** Validate one row; returns the offer when it has no error. */
  validate(input: RowInput): Offer | undefined {
    const checked = this.check(input);
    return this.finish(checked, input.columns) ? checked.offer : undefined;
  }

  /**
   * First half of `validate`, self-contained: conversion, the zod
   * schema and the checks that need no shared state. Problems are collected, not logged.
   */
  check(input: RowInput, problems: ProblemBuffer = new ProblemBuffer()): RowCheck {
    const { row, line, values, columns } = input;
    const col = (f: OfferField) => columns.get(f) ?? f;
    const lineOf = line !== undefined && line !== row ? { line } : {};
    const err = (field: OfferField | '', value: unknown, message: string, suggestion?: string) =>
      problems.error({
        row,
        column: field ? col(field) : '',
        value: display(value),
        message,
        ...(suggestion ? { suggestion } : {}),
        ...lineOf,
      });
    const warn = (field: OfferField | '', value: unknown, message: string) =>
      problems.warning({ row, column: field ? col(field) : '', value: display(value), message, ...lineOf });

    const typed: Record<string, unknown> = {};
    const failed = new Set<OfferField>();
    for (const key in values) {
      const field = key as OfferField;
      if (field === 'partenaire') continue; // set by the store, never trusted from the file
      let raw = values[field];
      if (typeof raw === 'string') {
        if (looksLikeFormula(raw))
          warn(
            field,
            raw,
            "la cellule commence comme une formule de tableur (=, +, -, @) : elle est enregistrée comme du texte, jamais évaluée, et neutralisée (préfixe « ' ») dans nos exports CSV",
          );
        raw = unneutralize(raw);
      }
      const c = convertValue(field, raw);
      if (!c.ok) {
        failed.add(field);
        err(field, raw, c.message);
      } else if (c.value !== undefined) typed[field] = c.value;
    }

    const parsed = this.parser.safeParse(typed);
    const invalid = new Set<string>(failed);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) invalid.add(String(issue.path[0]));
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] as OfferField | undefined;
        if (field === undefined) {
          err('', '', issue.message);
          continue;
        }
        if (this.missingColumns.has(field)) continue;
        // A cell that failed conversion was already reported and is absent from `typed`.
        if (failed.has(field)) continue;
        const index = issue.path[1];
        const value = typeof index === 'number' ? (typed[field] as unknown[])[index] : values[field];
        if (field === 'thematiques' && typeof value === 'string' && isCategory(value)) {
          const examples = expandThematique(value).slice(0, 3).join(', ');
          err(
            field,
            value,
            `« ${value} » est une catégorie : indiquez des besoins précis de la forme categorie--besoin (ex. ${examples})`,
          );
          continue;
        }
        const suggestion =
          issue.code === 'invalid_value' && isVocabularyField(field) && typeof value === 'string'
            ? this.suggest(field as VocabularyField, value)
            : undefined;
        err(field, value, frenchMessage(issue, field, value, suggestion), suggestion);
      }
    }

    // The duplicate-id and territory checks (second half) come here in the report's order.
    const split = problems.items.length;
    const id = typeof typed.id === 'string' ? typed.id : undefined;
    // Plausibility checks only on values that are well-formed (one message per problem).
    const sound: Record<string, unknown> = {};
    for (const k in typed) if (!invalid.has(k)) sound[k] = typed[k];
    const place: Record<string, unknown> = {};
    for (const k of PLACE_FIELDS) if (sound[k] !== undefined) place[k] = sound[k];
    this.checkDates(sound, err, warn);
    if (typeof typed.description === 'string' && isShortDescription(typed.description))
      warn(
        'description',
        typed.description,
        `description courte (${typed.description.length} caractères) : 50 caractères au moins sont conseillés pour que les professionnels comprennent l’offre`,
      );
    return {
      row,
      ...lineOf,
      problems: problems.items,
      split,
      errors: problems.errorCount,
      ...(id !== undefined ? { id } : {}),
      place,
      ...(parsed.success && problems.errorCount === 0 ? { offer: parsed.data } : {}),
    };
  }

  /**
   * `check` for the common case, a CSV row with nothing to report: undefined as soon as there would
   * be something (then `check` reports it). Cells already passed `checkRecord`'s limits.
   */
  checkFast(
    row: number,
    line: number,
    cells: readonly string[],
    parser: FastRowParser,
  ): RowCheck | undefined {
    const r = parser.parse(cells);
    if (!r) return undefined;
    // The checks `check` runs after the schema, as plain comparisons: any problem → `check`.
    const maj = parser.typed(SLOT.date_maj);
    if (typeof maj === 'string' && this.majProblem(maj) !== undefined) return undefined;
    for (const s of SESSION_SLOTS) {
      const v = parser.typed(s);
      if (typeof v === 'string' && this.implausibleSession(v)) return undefined;
    }
    const description = parser.typed(SLOT.description);
    if (typeof description === 'string' && isShortDescription(description)) return undefined;
    const place: Record<string, unknown> = {};
    for (let i = 0; i < PLACE_FIELDS.length; i++) {
      const v = parser.typed(PLACE_SLOTS[i]!);
      if (v !== undefined) place[PLACE_FIELDS[i]!] = v;
    }
    const id = parser.typed(SLOT.id);
    const c: RowCheck = { row, problems: [], split: 0, errors: 0, place, offer: r.offer, json: r.json };
    if (line !== row) c.line = line;
    if (typeof id === 'string') c.id = id;
    return c;
  }

  /**
   * Second half of `validate`: logs the first half's problems,
   * checks duplicate ids (state shared by every row) and the territory. True when the row has no error.
   */
  finish(c: RowCheck, columns: ReadonlyMap<OfferField, string>): boolean {
    const errorsBefore = this.log.errorCount;
    this.replay(c, 0, c.split);
    if (c.id !== undefined) {
      const first = this.ids.get(c.id);
      if (first !== undefined)
        this.report(true, c, columns, 'id', c.id, `identifiant en double : déjà utilisé ligne ${first}`);
      else this.ids.set(c.id, c.row);
    }
    this.checkTerritory(c, columns);
    this.replay(c, c.split, c.problems.length);
    return c.errors === 0 && this.log.errorCount === errorsBefore;
  }

  // Methods rather than closures: `finish` runs on every row.
  private replay(c: RowCheck, from: number, to: number): void {
    for (let i = from; i < to; i++) {
      const item = c.problems[i]!;
      if (item.error) this.log.error(item.problem);
      else this.log.warning(item.problem);
    }
  }

  private report(
    error: boolean,
    c: RowCheck,
    columns: ReadonlyMap<OfferField, string>,
    field: OfferField,
    value: unknown,
    message: string,
  ): void {
    const p: Problem = {
      row: c.row,
      column: columns.get(field) ?? field,
      value: display(value),
      message,
      ...(c.line !== undefined ? { line: c.line } : {}),
    };
    if (error) this.log.error(p);
    else this.log.warning(p);
  }

  private checkTerritory(c: RowCheck, columns: ReadonlyMap<OfferField, string>): void {
    const typed = c.place;
    const insee = typeof typed.code_insee === 'string' ? typed.code_insee : undefined;
    const cp = typeof typed.code_postal === 'string' ? typed.code_postal : undefined;
    const commune = insee && /^[0-9][0-9AB]\d{3}$/.test(insee) ? getCommune(insee) : undefined;
    if (insee && /^[0-9][0-9AB]\d{3}$/.test(insee) && !commune)
      this.report(
        true,
        c,
        columns,
        'code_insee',
        insee,
        `code INSEE inconnu : aucune commune ne porte le code « ${insee} »`,
      );
    if (cp && /^\d{5}$/.test(cp)) {
      if (!isKnownPostalCode(cp))
        this.report(true, c, columns, 'code_postal', cp, `code postal inconnu : « ${cp} »`);
      else if (commune && !postalCodeMatchesCommune(cp, commune.code))
        this.report(
          true,
          c,
          columns,
          'code_postal',
          cp,
          `le code postal ${cp} ne correspond pas à la commune ${commune.nom} (${commune.code}) : attendu ${commune.codesPostaux.join(' ou ')}`,
        );
    }
    if (
      commune &&
      typeof typed.commune === 'string' &&
      typed.commune !== commune.nom && // equal names normalise equally: the usual case costs nothing
      normalized(typed.commune) !== normalized(commune.nom)
    )
      this.report(
        false,
        c,
        columns,
        'commune',
        typed.commune,
        `le nom de commune ne correspond pas au code INSEE ${commune.code} (${commune.nom})`,
      );
    const lat = typed.latitude;
    const lon = typed.longitude;
    if (
      commune &&
      typeof lat === 'number' &&
      typeof lon === 'number' &&
      !surelyWithinKm({ latitude: lat, longitude: lon }, commune, FAR_FROM_COMMUNE_KM - 1)
    ) {
      const d = distanceKm({ latitude: lat, longitude: lon }, commune);
      if (d > FAR_FROM_COMMUNE_KM)
        this.report(
          false,
          c,
          columns,
          'latitude',
          `${lat}, ${lon}`,
          `le point est à ${Math.round(d)} km du centre de ${commune.nom} : vérifiez latitude et longitude (pas inversées ?)`,
        );
    }
    if (Array.isArray(typed.zone_eligibilite))
      for (const code of typed.zone_eligibilite)
        if (typeof code === 'string' && /^(france|99100|\d{9}|[0-9AB]{5}|\d{2}|2A|2B|97\d)$/.test(code))
          if (!isKnownZoneCode(code))
            this.report(
              true,
              c,
              columns,
              'zone_eligibilite',
              code,
              `code de zone inconnu : « ${code} » n’est ni une commune, ni un EPCI, ni un département connu`,
            );
  }

  private checkDates(typed: Record<string, unknown>, err: Report, warn: Report): void {
    const maj = typed.date_maj;
    const majProblem = typeof maj === 'string' ? this.majProblem(maj) : undefined;
    if (majProblem) err('date_maj', maj, majProblem);
    for (const f of SESSION_DATES) {
      const v = typed[f];
      if (typeof v === 'string' && this.implausibleSession(v))
        warn(f, v, `date peu plausible : à plus de 5 ans d’aujourd’hui (${this.today})`);
    }
  }

  // The plausibility rules, shared by `check` (which reports) and `checkFast` (which hands over).
  private majProblem(maj: string): string | undefined {
    if (maj > this.today) return 'date de mise à jour dans le futur';
    if (maj < '2000-01-01') return 'date de mise à jour antérieure à 2000 : est-elle juste ?';
    return undefined;
  }

  private suggest(field: VocabularyField, value: string): string | undefined {
    if (value.trim().length > MAX_SUGGESTION_INPUT) return undefined;
    const key = `${field}\n${value}`;
    if (!this.suggested.has(key)) {
      if (this.suggested.size >= MAX_SUGGESTED_VALUES) return undefined;
      this.suggested.add(key);
    }
    return suggestValue(field, value);
  }

  private implausibleSession(date: string): boolean {
    return date < this.minSession || date > this.maxSession;
  }
}

// Commune names repeat a lot across rows: normalise each distinct name once.
const normalizedNames = new Map<string, string>();
function normalized(name: string): string {
  let n = normalizedNames.get(name);
  if (n === undefined) {
    n = normalizeName(name);
    if (normalizedNames.size < 100_000) normalizedNames.set(name, n);
  }
  return n;
}

type Report = (field: OfferField | '', value: unknown, message: string) => void;

function display(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.join('|');
  return String(value);
}

const typeNames: Record<string, string> = {
  string: 'du texte',
  number: 'un nombre',
  int: 'un nombre entier',
  boolean: 'oui ou non',
  array: 'une liste',
};

/** Plain French for zod's generic issues; our schema's own messages are kept as they are. */
export function frenchMessage(
  issue: z.core.$ZodIssue,
  field: OfferField,
  value: unknown,
  suggestion?: string,
): string {
  const label = offerFieldMeta(field).label;
  if (issue.code === 'invalid_type') {
    if (value === undefined || value === null || value === '') return `valeur obligatoire (${label})`;
    return `${typeNames[issue.expected] ?? issue.expected} attendu`;
  }
  if (issue.code === 'too_small' && issue.origin === 'array')
    return `au moins ${issue.minimum} valeur attendue`;
  if (issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) <= 1)
    return `valeur obligatoire (${label})`;
  if (issue.code === 'too_big' && issue.origin === 'string')
    return `texte trop long : ${issue.maximum} caractères au plus (ici ${String(value ?? '').length})`;
  if (issue.code === 'too_big' && issue.origin === 'number')
    return `valeur trop grande : ${issue.maximum} au plus`;
  if (issue.code === 'too_small' && issue.origin === 'number')
    return `valeur trop petite : ${issue.minimum} au moins`;
  if (issue.code === 'invalid_value' && suggestion)
    return `« ${display(value)} » : valeur inconnue pour « ${label} » ; vouliez-vous dire « ${suggestion} » ?`;
  return issue.message;
}
