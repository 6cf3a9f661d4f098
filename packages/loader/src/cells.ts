// Cell conversion: spreadsheet text (or a JSON value from a data·inclusion export) → the typed value
// the zod schema expects. Lenient on what partners' tools produce, strict on meaning.
import { OFFER_FIELDS, type OfferField, OfferSchema, VOCABULARIES, type VocabularyField } from '@spie/core';

export type FieldKind = 'string' | 'number' | 'boolean' | 'list' | 'date';

function kindOf(field: OfferField): FieldKind {
  // Every `date_*` field is a `dateSchema` (ISO day): read in the partners' own notations.
  if (field.startsWith('date_')) return 'date';
  let schema = OfferSchema.shape[field] as { def: { type: string; innerType?: unknown } };
  while (schema.def.type === 'optional') schema = schema.def.innerType as typeof schema;
  switch (schema.def.type) {
    case 'array':
      return 'list';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    default:
      return 'string';
  }
}

/** Computed once from the schema: the kind of every field. */
export const FIELD_KINDS = new Map<OfferField, FieldKind>(OFFER_FIELDS.map((f) => [f, kindOf(f)]));

const VOCABULARY_SETS = new Map<string, ReadonlySet<string>>(
  Object.entries(VOCABULARIES).map(([field, values]) => [field, new Set<string>(values)]),
);

export const isVocabularyField = (field: string): field is VocabularyField => VOCABULARY_SETS.has(field);

/**
 * Split a list cell. `|` is our separator; a data·inclusion CSV may hold a JSON array (`["a","b"]`)
 * or a PostgreSQL array (`{a,b}`). Every list field holds slugs or zone codes, which never contain
 * `,` or `;`, so those separators are unambiguous and accepted too (Excel users type them).
 */
export function splitList(_field: OfferField, cell: string): string[] {
  const s = cell.trim();
  let parts: string[] = [s];
  if (s.startsWith('[') && s.endsWith(']')) {
    try {
      const parsed: unknown = JSON.parse(s);
      parts = Array.isArray(parsed)
        ? parsed.map((p) => (typeof p === 'string' ? p : JSON.stringify(p)))
        : [s];
    } catch {
      parts = s.slice(1, -1).split(',');
    }
  } else if (s.startsWith('{') && s.endsWith('}')) parts = s.slice(1, -1).split(',');
  else parts = s.split(/[|,;]/);
  const out: string[] = [];
  for (const p of parts) {
    const v = p
      .trim()
      .replace(/^["'](.*)["']$/, '$1')
      .trim();
    if (v !== '' && !out.includes(v)) out.push(v);
  }
  return out;
}

/**
 * French numbers in any common writing (`+33 5 49…`, `0033…`, `05.49…`, `(0)5…`) → `05 49 00 00 00`;
 * anything else is left as typed for the schema to judge.
 */
export function normalizePhone(s: string): string {
  // Already in the form we write (the usual case): `reformatPhone` would give it back unchanged.
  return CANONICAL_PHONE.test(s) ? s : reformatPhone(s);
}

const CANONICAL_PHONE = /^0[1-9](?: \d{2}){4}$/;

export function reformatPhone(s: string): string {
  let digits = s.replace(/[\s.\-()\u00a0]/g, '');
  if (digits.startsWith('0033')) digits = `+33${digits.slice(4)}`;
  if (digits.startsWith('+330')) digits = `+33${digits.slice(4)}`;
  if (digits.startsWith('+33') && /^\+33[1-9]\d{8}$/.test(digits)) digits = `0${digits.slice(3)}`;
  return /^0[1-9]\d{8}$/.test(digits) ? digits.replace(/(\d{2})(?=\d)/g, '$1 ') : s;
}

const NUMBER = /^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)$/;
const SPACES = /[\s\u00a0\u202f]/g;

export function parseNumber(cell: string): number | undefined {
  const s = cell.replace(SPACES, '');
  return NUMBER.test(s) ? Number(s.replace(',', '.')) : undefined;
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
// French spreadsheets: `15/01/2026`, `5/1/2026`, also `15.01.2026` and `15-01-2026`; a time part
// (`15/01/2026 00:00`, what Excel writes for a date-time cell) is ignored.
const FRENCH_DAY = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\s+\d{1,2}[:h]\d{2}(?::\d{2})?)?$/;
const DATE_EXPECTED = 'date attendue au format JJ/MM/AAAA (ex. 31/03/2025) ou AAAA-MM-JJ';

function isoOf(y: number, m: number, d: number): string | undefined {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
    ? date.toISOString().slice(0, 10)
    : undefined;
}

/** Excel's day 0 is 1899-12-30 (its 1900 leap-year bug makes earlier serials meaningless here). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/** An Excel serial day number (an xlsx date cell without its date format) → ISO day. */
export function excelSerialToIso(serial: number): string | undefined {
  if (!Number.isFinite(serial) || serial < 61 || serial > 2_958_465) return undefined;
  return new Date(EXCEL_EPOCH_MS + Math.floor(serial) * DAY_MS).toISOString().slice(0, 10);
}

/**
 * A date as partners write it → ISO day (`AAAA-MM-JJ`), or one French message: the only report for
 * the cell (the schema never sees a date it could report a second time).
 */
export function parseDay(raw: unknown): Converted {
  if (raw instanceof Date)
    return Number.isNaN(raw.getTime())
      ? { ok: false, message: DATE_EXPECTED }
      : { ok: true, value: raw.toISOString().slice(0, 10) };
  if (typeof raw === 'number') {
    const iso = excelSerialToIso(raw);
    return iso ? { ok: true, value: iso } : { ok: false, message: DATE_EXPECTED };
  }
  const s = String(raw).trim();
  const isoMatch = ISO_DAY.exec(s);
  const french = isoMatch ? null : FRENCH_DAY.exec(s);
  let iso: string | undefined;
  if (isoMatch) iso = isoOf(Number(isoMatch[1]), Number(isoMatch[2]), Number(isoMatch[3]));
  else if (french) iso = isoOf(Number(french[3]), Number(french[2]), Number(french[1]));
  else return { ok: false, message: DATE_EXPECTED };
  return iso ? { ok: true, value: iso } : { ok: false, message: 'date inexistante' };
}

const BOOLEANS = new Map<string, boolean>([
  ['oui', true],
  ['non', false],
  ['true', true],
  ['false', false],
  ['vrai', true],
  ['faux', false],
  ['1', true],
  ['0', false],
  ['yes', true],
  ['no', false],
  ['o', true],
  ['n', false],
]);

export type Converted = { ok: true; value: unknown } | { ok: false; message: string };

const EXAMPLE_NUMBER: Partial<Record<OfferField, string>> = { latitude: '46.3237', longitude: '-0.4588' };

/**
 * Convert one value to the field's type. Empty text and JSON `null` mean "absent" (`value: undefined`).
 * Wrong shapes give a French message; range and vocabulary checks are left to the schema.
 */
export function convertValue(field: OfferField, raw: unknown): Converted {
  if (raw === null || raw === undefined) return { ok: true, value: undefined };
  const kind = FIELD_KINDS.get(field) ?? 'string';
  if (typeof raw === 'string') {
    const s = raw.trim();
    if (s === '') return { ok: true, value: undefined };
    switch (kind) {
      case 'string':
        return { ok: true, value: field === 'telephone' ? normalizePhone(s) : s };
      case 'list': {
        const list = splitList(field, s);
        return { ok: true, value: list.length ? list : undefined };
      }
      case 'number': {
        const n = parseNumber(s);
        return n === undefined
          ? { ok: false, message: `nombre attendu (ex. ${EXAMPLE_NUMBER[field] ?? '12'})` }
          : { ok: true, value: n };
      }
      case 'boolean': {
        const b = BOOLEANS.get(s.toLowerCase());
        return b === undefined ? { ok: false, message: 'oui ou non attendu' } : { ok: true, value: b };
      }
      case 'date':
        return parseDay(s);
    }
  }
  if (kind === 'date') return parseDay(raw);
  // Typed JSON value (data·inclusion JSON export).
  if (kind === 'list') {
    if (Array.isArray(raw)) {
      const list = raw
        .filter((v) => v !== null && v !== '')
        .map((v) => (typeof v === 'string' ? v.trim() : v));
      return { ok: true, value: list.length ? list : undefined };
    }
    return { ok: false, message: 'liste attendue' };
  }
  if (kind === 'string' && (typeof raw === 'number' || typeof raw === 'boolean'))
    return { ok: true, value: String(raw) };
  if (kind === 'boolean' && typeof raw === 'number') return { ok: true, value: raw !== 0 };
  return { ok: true, value: raw };
}

/** Characters that make a spreadsheet evaluate a cell (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Does this cell look like a spreadsheet formula (and is not a plain number or phone number)? */
export function looksLikeFormula(cell: string): boolean {
  if (!FORMULA_START.test(cell)) return false;
  const s = cell.trim();
  if (s === '' || !FORMULA_START.test(s)) return false;
  if (parseNumber(s) !== undefined) return false;
  if (/^\+\d[\d .-]{5,}$/.test(s)) return false;
  return true;
}

/** Our CSV writer neutralises formula-looking cells with a leading `'`; reading removes it back. */
export function unneutralize(cell: string): string {
  return cell.length > 1 && cell[0] === "'" && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
}

/** Neutralise a cell for a spreadsheet: a formula-looking cell gets a leading `'`. */
export function neutralize(cell: string): string {
  return looksLikeFormula(cell) ? `'${cell}` : cell;
}
