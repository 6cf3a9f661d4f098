// The fast path of row validation (`FastRowParser` + `RowValidator.checkFast`) must accept only rows
// the full path (`RowValidator.check`, i.e. `OfferSchema.safeParse` and every later check) accepts
// without a single problem, and give exactly the same offer, id and place, with the JSON that
// `offerJsonWithoutPartner` makes of that offer. Rows are mixes of good, empty, badly formed,
// formula-looking, padded and implausible cells, checked in sequence (memos cold, then warm).
import { OfferSchema } from '@spie/core';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { templateCsv } from './csv-writer.ts';
import { mapColumns } from './headers.ts';
import { FastRowParser } from './offer-parser.ts';
import { checkRecord, type RecordContext } from './record-check.ts';
import { ProblemLog } from './report.ts';
import { RowValidator } from './row-validator.ts';
import { offerJsonWithoutPartner } from './store.ts';

const NOW = new Date('2026-11-27T12:00:00Z');
const [header, example] = parse(templateCsv(), {
  bom: true,
  delimiter: ';',
  relax_column_count: true,
}) as string[][];
const mapping = mapColumns(header!);

function context(fast: boolean): RecordContext {
  const validator = new RowValidator(new ProblemLog(), new Set(), NOW);
  return {
    fields: mapping.fields,
    columns: mapping.headerOf,
    width: header!.length,
    maxCellChars: 10_000,
    validator,
    ...(fast ? { fast: new FastRowParser(mapping.fields) } : {}),
  };
}

/** Cell variants: the template's, and what partners' files hold instead. */
const variant = (good: string) =>
  fc.oneof({ arbitrary: fc.constant(good), weight: 40 }, { arbitrary: other(good), weight: 1 });
const other = (good: string) =>
  fc.constantFrom(
    '',
    ` ${good} `,
    `'${good}`,
    '=SOMME(A1)',
    '-',
    'x',
    '12,5',
    '2031-01-01',
    '1999-12-31',
    'non',
    'gratuit|payant',
    '79191',
    '79000',
    'https://exemple.fr/a',
    'a@b.fr',
    '+33 5 49 00 00 00',
    good.slice(0, 20),
  );
const rows = fc.array(fc.tuple(...example!.map(variant)), { minLength: 1, maxLength: 20 });

describe('fast row validation', () => {
  it('accepts a row only when the full path finds no problem, with the same offer and JSON', () => {
    let total = 0;
    fc.assert(
      fc.property(rows, (cellRows) => {
        const fast = context(true);
        const full = context(false);
        let accepted = 0; // rows taken by the fast path
        cellRows.forEach((cells, i) => {
          const row = i + 2;
          const expected = checkRecord(full, row, row, cells);
          const fastOnly = fast.validator.checkFast(row, row, cells, fast.fast!);
          const got = checkRecord(fast, row, row, cells);
          expect(got && { ...got, json: undefined }).toEqual(expected && { ...expected, json: undefined });
          if (fastOnly) {
            accepted++;
            expect(expected!.problems).toEqual([]);
            expect(fastOnly.offer).toEqual(OfferSchema.parse(fastOnly.offer));
            expect(fastOnly.json).toBe(offerJsonWithoutPartner(expected!.offer!));
            expect(Object.keys(fastOnly.offer!)).toEqual(Object.keys(expected!.offer!));
          }
        });
        total += accepted;
      }),
      { numRuns: 150 },
    );
    expect(total).toBeGreaterThan(300); // the fast path was exercised
  }, 60_000);

  it('takes the template row', () => {
    const ctx = context(true);
    const c = ctx.validator.checkFast(2, 2, example!, ctx.fast!);
    expect(c?.offer?.id).toBeDefined();
  });
});
