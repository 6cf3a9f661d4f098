// OfferSchema.safeParse with a memo of per-field results. A national file repeats most cell values
// (vocabulary lists, dates, postal and INSEE codes, zone codes, e-mails of a structure…), and the
// 44-field object parse was a quarter of the import time. Semantics are the schema's own:
// - each field is checked by its own schema (`OfferSchema.shape[field]`), memoised by value;
// - when every field passes, the object's checks (the schema's `superRefine`) run on the output
//   exactly as zod runs them after a clean object parse;
// - on any issue, the whole row is parsed again by `OfferSchema.safeParse`, so reports carry zod's
//   exact issues (errors are rare; their cost does not matter).
// `offer-parser.unit.test.ts` checks the equality with `OfferSchema.safeParse` on valid and invalid rows.
import {
  OFFER_FIELD_INDEX,
  OFFER_FIELDS,
  type Offer,
  type OfferField,
  OfferSchema,
  type z,
} from '@spie/core';
import { convertValue, looksLikeFormula, unneutralize } from './cells.ts';

type FieldResult = { ok: true; value: unknown } | { ok: false };

/**
 * A bounded memo for values that repeat: emptied when full (files are usually grouped by structure or
 * place, so recent values are the ones that repeat), and dropped for good when fewer than `minHitRate`
 * of a window of lookups hit (values that do not repeat: ids, descriptions, addresses, links).
 */
class ProbationMemo<K, A, V> {
  private readonly map = new Map<K, V>();
  private lookups = 0;
  private hits = 0;
  private enabled = true;

  constructor(
    private readonly compute: (arg: A) => V,
    private readonly minHitRate: number,
  ) {}

  /** `compute(arg)`, memoised under `key`. */
  get(key: K, arg: A): V {
    if (!this.enabled) return this.compute(arg);
    if (++this.lookups === PROBATION) {
      if (this.hits < PROBATION * this.minHitRate) {
        this.enabled = false;
        this.map.clear();
      }
      this.lookups = 0;
      this.hits = 0;
    }
    const cached = this.map.get(key);
    if (cached !== undefined) {
      this.hits++;
      return cached;
    }
    const v = this.compute(arg);
    if (this.map.size >= MAX_ENTRIES_PER_FIELD) this.map.clear();
    this.map.set(key, v);
    return v;
  }
}

/** A field's own schema on one value, memoised by value (arrays by their joined items). */
function fieldMemo(schema: z.ZodType): ProbationMemo<unknown, unknown, FieldResult> {
  return new ProbationMemo((value: unknown): FieldResult => {
    const r = schema.safeParse(value);
    return r.success ? { ok: true, value: r.data } : { ok: false };
  }, 1 / 4);
}
const memoKey = (value: unknown) => (Array.isArray(value) ? `\u0000${value.join('\u0001')}` : value);

const MAX_ENTRIES_PER_FIELD = 4_096;
const PROBATION = 2_000;

type Check = {
  _zod: {
    def: { when?: (payload: Payload) => boolean };
    check: (payload: Payload) => unknown;
  };
};
type Payload = { value: unknown; issues: unknown[] };
type ZodRun = { _zod: { run: (payload: Payload, ctx: { async: false }) => Payload | Promise<Payload> } };

// The object-level checks of the schema (its superRefine), run by zod after a clean object parse.
const OBJECT_CHECKS = ((OfferSchema as unknown as { _zod: { def: { checks?: Check[] } } })._zod.def.checks ??
  []) as readonly Check[];
const SHAPE = OfferSchema.shape as unknown as Record<OfferField, z.ZodType>;

const ABSENT = new Map<OfferField, FieldResult>(
  OFFER_FIELDS.map((f) => {
    const r = SHAPE[f].safeParse(undefined);
    return [f, r.success ? { ok: true, value: r.data } : { ok: false }];
  }),
);

/** The schema's object checks on an output whose fields all passed: false at the first issue. */
function passesObjectChecks(out: Record<string, unknown>): boolean {
  const payload: Payload = { value: out, issues: [] };
  for (const check of OBJECT_CHECKS) {
    if (check._zod.def.when && !check._zod.def.when(payload)) continue;
    const pending = check._zod.check(payload);
    if (pending instanceof Promise || payload.issues.length) return false;
  }
  return true;
}

export type OfferParse = { success: true; data: Offer } | ReturnType<typeof OfferSchema.safeParse>;

export class OfferParser {
  private readonly memos = new Map<string, ProbationMemo<unknown, unknown, FieldResult>>();

  /** Same result as `OfferSchema.safeParse(typed)` for an object of defined, known fields. */
  safeParse(typed: Record<string, unknown>): OfferParse {
    // Shape order, like zod's output; keys outside the shape are dropped, like zod's strip mode.
    const out: Record<string, unknown> = {};
    for (const field of OFFER_FIELDS) {
      const value = typed[field];
      if (value === undefined && !(field in typed)) {
        // Absent key: what zod does with `undefined` for this field (required → refused).
        const absent = ABSENT.get(field)!;
        if (!absent.ok) return OfferSchema.safeParse(typed);
        if (absent.value !== undefined) out[field] = absent.value;
        continue;
      }
      let memo = this.memos.get(field);
      if (memo === undefined) {
        memo = fieldMemo(SHAPE[field]);
        this.memos.set(field, memo);
      }
      const r = memo.get(memoKey(value), value);
      if (!r.ok) return OfferSchema.safeParse(typed);
      // Arrays are shared by the memo: each offer gets its own copy.
      out[field] = Array.isArray(r.value) ? r.value.slice() : r.value;
    }
    if (!passesObjectChecks(out)) return OfferSchema.safeParse(typed);
    return { success: true, data: out as Offer };
  }
}

/** A cell that needs no report: its converted value, zod's output and its member in the offer's JSON. */
interface GoodCell {
  /** `convertValue`'s output (undefined: empty cell, the field is absent). */
  typed: unknown;
  /** The field schema's output. */
  value: unknown;
  /** `"field":<JSON of value>`, '' when value is undefined. */
  member: string;
}
/** A cell with something to report (formula-looking, unconvertible, refused by its schema). */
const REPORT = null;
type CellVerdict = GoodCell | typeof REPORT;

const EMPTY_CELL: GoodCell = { typed: undefined, value: undefined, member: '' };
const MEMBER_PREFIX = new Map<OfferField, string>(OFFER_FIELDS.map((f) => [f, `${JSON.stringify(f)}:`]));

/** One cell's verdict, computed exactly as `RowValidator.check` would see it (see `FastRowParser`). */
function cellVerdict(field: OfferField, raw: string): CellVerdict {
  if (looksLikeFormula(raw)) return REPORT;
  const c = convertValue(field, unneutralize(raw));
  if (!c.ok) return REPORT;
  if (c.value === undefined) return EMPTY_CELL;
  // What `safeParse` runs, without building its result (nor an error: issues go to the full path).
  const r = (SHAPE[field] as unknown as ZodRun)._zod.run({ value: c.value, issues: [] }, { async: false });
  if (r instanceof Promise || r.issues.length) return REPORT;
  return {
    typed: c.value,
    value: r.value,
    member: r.value === undefined ? '' : `${MEMBER_PREFIX.get(field)}${JSON.stringify(r.value)}`,
  };
}

/** Cell verdicts of one field, memoised by raw cell (see `ProbationMemo`). */
const cellMemo = (field: OfferField) =>
  new ProbationMemo<string, string, CellVerdict>((raw) => cellVerdict(field, raw), MIN_HIT_RATE);

const MIN_HIT_RATE = 0.5;

/** A row that needs no report: the offer, its canonical JSON without `partenaire`. */
export interface FastRow {
  offer: Offer;
  json: string;
}

/** Schema position of each field. */
export const FIELD_SLOT = OFFER_FIELD_INDEX as ReadonlyMap<OfferField, number>;

/**
 * The common case of a CSV row, cheaply: every cell's verdict is memoised by raw cell (conversion and
 * the field's schema, as `OfferParser`), the object checks of the schema run on the output, and the
 * JSON is assembled from each cell's JSON member. Undefined as soon as anything would be reported
 * (a formula-looking cell, a conversion or schema issue, a missing required field): the row then
 * goes through `RowValidator.check`, which reports it. `fast-row.unit.test.ts` checks that a row
 * accepted here gives exactly the offer, the (empty) problems and the JSON of the full path.
 */
export class FastRowParser {
  private readonly memos: ProbationMemo<string, string, CellVerdict>[];
  /** Schema position of each column's field (-1: not read, like `partenaire` or unknown columns). */
  private readonly slot: Int32Array;
  /** The last parsed row's cells by schema position (reused from row to row). */
  private readonly verdicts: (GoodCell | undefined)[] = OFFER_FIELDS.map(() => undefined);
  private readonly members: string[] = [];

  constructor(fields: readonly (OfferField | undefined)[]) {
    this.slot = new Int32Array(fields.length).fill(-1);
    this.memos = OFFER_FIELDS.map(cellMemo);
    fields.forEach((f, i) => {
      if (f !== undefined && f !== 'partenaire') this.slot[i] = FIELD_SLOT.get(f)!;
    });
  }

  /** `convertValue`'s output for `slot` in the last row `parse` accepted (undefined: absent). */
  typed(slot: number): unknown {
    return this.verdicts[slot]?.typed;
  }

  parse(cells: readonly string[]): FastRow | undefined {
    const verdicts = this.verdicts;
    verdicts.fill(undefined);
    const n = Math.min(cells.length, this.slot.length);
    for (let i = 0; i < n; i++) {
      const s = this.slot[i]!;
      if (s < 0) continue;
      const raw = cells[i]!;
      const v = this.memos[s]!.get(raw, raw);
      if (v === REPORT) return undefined;
      verdicts[s] = v;
    }
    const out: Record<string, unknown> = {};
    const members = this.members;
    members.length = 0;
    for (let s = 0; s < OFFER_FIELDS.length; s++) {
      const v = verdicts[s];
      if (v === undefined || v.typed === undefined) {
        const field = OFFER_FIELDS[s]!;
        const absent = ABSENT.get(field)!;
        if (!absent.ok) return undefined;
        if (absent.value !== undefined) {
          out[field] = absent.value;
          if (field !== 'partenaire')
            members.push(`${MEMBER_PREFIX.get(field)}${JSON.stringify(absent.value)}`);
        }
        continue;
      }
      if (v.value === undefined) continue;
      // Arrays are shared by the memo: each offer gets its own copy.
      out[OFFER_FIELDS[s]!] = Array.isArray(v.value) ? v.value.slice() : v.value;
      members.push(v.member);
    }
    if (!passesObjectChecks(out)) return undefined;
    return { offer: out as Offer, json: `{${members.join(',')}}` };
  }
}
