// OfferSchema.safeParse with a memo of per-field results. A national file repeats most cell values
// (vocabulary lists, dates, postal and INSEE codes, zone codes, e-mails of a structure…), and the
// 44-field object parse was a quarter of the import time. Semantics are the schema's own:
// - each field is checked by its own schema (`OfferSchema.shape[field]`), memoised by value;
// - when every field passes, the object's checks (the schema's `superRefine`) run on the output
//   exactly as zod runs them after a clean object parse;
// - on any issue, the whole row is parsed again by `OfferSchema.safeParse`, so reports carry zod's
//   exact issues (errors are rare; their cost does not matter).
// `offer-parser.unit.test.ts` checks the equality with `OfferSchema.safeParse` on valid and invalid rows.
import { OFFER_FIELDS, type Offer, type OfferField, OfferSchema, type z } from '@spie/core';

type FieldResult = { ok: true; value: unknown } | { ok: false };

/** Per-field memo, dropped for fields whose values do not repeat (free text, ids, links). */
class FieldMemo {
  private readonly map = new Map<unknown, FieldResult>();
  private lookups = 0;
  private hits = 0;
  enabled = true;

  constructor(private readonly schema: z.ZodType) {}

  check(value: unknown): FieldResult {
    if (!this.enabled) return this.parse(value);
    const key = Array.isArray(value) ? `\u0000${value.join('\u0001')}` : value;
    this.lookups++;
    const cached = this.map.get(key);
    if (cached !== undefined) {
      this.hits++;
      return cached;
    }
    const result = this.parse(value);
    if (this.map.size < MAX_ENTRIES_PER_FIELD) this.map.set(key, result);
    // Mostly distinct values: memoising only costs memory.
    if (this.lookups === PROBATION && this.hits < PROBATION / 4) {
      this.enabled = false;
      this.map.clear();
    }
    return result;
  }

  private parse(value: unknown): FieldResult {
    const r = this.schema.safeParse(value);
    return r.success ? { ok: true, value: r.data } : { ok: false };
  }
}

const MAX_ENTRIES_PER_FIELD = 20_000;
const PROBATION = 2_000;

type Check = {
  _zod: {
    def: { when?: (payload: Payload) => boolean };
    check: (payload: Payload) => unknown;
  };
};
type Payload = { value: unknown; issues: unknown[] };

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

export type OfferParse = { success: true; data: Offer } | ReturnType<typeof OfferSchema.safeParse>;

export class OfferParser {
  private readonly memos = new Map<string, FieldMemo>();

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
        memo = new FieldMemo(SHAPE[field]);
        this.memos.set(field, memo);
      }
      const r = memo.check(value);
      if (!r.ok) return OfferSchema.safeParse(typed);
      // Arrays are shared by the memo: each offer gets its own copy.
      out[field] = Array.isArray(r.value) ? r.value.slice() : r.value;
    }
    const payload: Payload = { value: out, issues: [] };
    for (const check of OBJECT_CHECKS) {
      if (check._zod.def.when && !check._zod.def.when(payload)) continue;
      const pending = check._zod.check(payload);
      if (pending instanceof Promise || payload.issues.length) return OfferSchema.safeParse(typed);
    }
    return { success: true, data: out as Offer };
  }
}
