// The fast splitter (with its hand-over to csv-parse) must give exactly what csv-parse gives with the
// options of `readCsv`: the same records, or the same error after the same records, with the same
// `records` / `lines` counters, whatever the text and however it is cut into chunks.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvParser, csvRecords } from './csv-reader.ts';
import { FastCsvSplitter } from './fast-csv.ts';

type Outcome = { records: string[][]; error?: { code: string; records?: number; lines?: number } };

async function reference(chunks: Buffer[], delimiter: string): Promise<Outcome> {
  const parser = csvParser(delimiter);
  const records: string[][] = [];
  const done = new Promise<Outcome>((resolve) => {
    parser.on('data', (r: string[]) => records.push(r));
    parser.on('end', () => resolve({ records }));
    parser.on('error', (e: Error & { code: string; records?: number; lines?: number }) =>
      resolve({ records, error: { code: e.code, records: e.records, lines: e.lines } }),
    );
  });
  for (const c of chunks) parser.write(c);
  parser.end();
  return done;
}

async function ours(chunks: Buffer[], delimiter: string): Promise<Outcome & { newlines: number[] }> {
  async function* texts() {
    for (const c of chunks) yield c;
  }
  const records: string[][] = [];
  const newlines: number[] = [];
  try {
    for await (const batch of csvRecords(texts(), delimiter)) {
      records.push(...batch.records);
      newlines.push(...batch.newlines);
    }
    return { records, newlines };
  } catch (e) {
    const err = e as Error & { code: string; records?: number; lines?: number };
    return { records, newlines, error: { code: err.code, records: err.records, lines: err.lines } };
  }
}

/** Cut `text` (its UTF-8 bytes: a cut may fall inside a character) at the given positions. */
function cut(text: string | Buffer, at: number[]): Buffer[] {
  const bytes = Buffer.from(text);
  const points = [...new Set(at.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let from = 0;
  for (const p of points) {
    out.push(bytes.subarray(from, p));
    from = p;
  }
  out.push(bytes.subarray(from));
  return out;
}

const piece = fc.constantFrom('a', 'é', 'b c', ',', ';', '\t', '"', '""', '\r', '\n', '\r\n', '\uFEFF', ' ');
// Mostly well-formed records (the fast path), sometimes anything (the hand-over).
const cell = fc.oneof(
  fc.stringMatching(/^[a-zé ]{0,4}$/),
  fc.stringMatching(/^[a-z,;\r\n"]{0,5}$/).map((s) => `"${s.replaceAll('"', '""')}"`),
);
const line = fc.array(cell, { minLength: 1, maxLength: 4 });
const wellFormed = fc
  .tuple(fc.array(line, { minLength: 0, maxLength: 6 }), fc.constantFrom('\n', '\r\n', '\r'), fc.boolean())
  .map(([lines, eol, final]) => lines.map((l) => l.join(',')).join(eol) + (final ? eol : ''));
const text = fc.oneof(
  wellFormed,
  fc.array(piece, { maxLength: 30 }).map((p) => p.join('')),
  fc.tuple(wellFormed, fc.array(piece, { maxLength: 6 }), wellFormed).map((p) => p.join('')),
);

describe('csvRecords (fast splitter + csv-parse)', () => {
  it('equals csv-parse on arbitrary text cut in arbitrary chunks', async () => {
    await fc.assert(
      fc.asyncProperty(
        text,
        fc.array(fc.nat(), { maxLength: 5 }),
        fc.constantFrom(',', ';', '\t'),
        async (t, at, delimiter) => {
          const chunks = cut(t, at);
          const expected = await reference(chunks, delimiter);
          const got = await ours(chunks, delimiter);
          expect(got.error).toEqual(expected.error);
          // On an error, csv-parse's async iterator may drop the records parsed just before it (as
          // `readCsv` always did; its report uses the error's own counters).
          if (expected.error) expect(got.records).toEqual(expected.records.slice(0, got.records.length));
          else expect(got.records).toEqual(expected.records);
          // Text lines: one per record plus the `\n` inside its cells.
          expect(got.newlines).toEqual(got.records.map((r) => r.join('').split('\n').length - 1));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('handles the usual shapes itself, without csv-parse', () => {
    const fast = new FastCsvSplitter(',');
    const file = '\uFEFFid,nom\r\na,"b, ""c""\r\nd"\r\n,\r\n\r\ne,f';
    const bytes = Buffer.from(file, 'utf8');
    for (const c of cut(bytes, [1, 5, 13, 14, 22])) expect(fast.push(c, false)).toBeUndefined();
    expect(fast.push(Buffer.alloc(0), true)).toBeUndefined();
    expect(fast.take()).toEqual({
      records: [['id', 'nom'], ['a', 'b, "c"\r\nd'], ['', ''], [''], ['e', 'f']],
      newlines: [0, 1, 0, 0, 0],
    });
  });

  it('hands over to csv-parse from the first record it does not handle', () => {
    const fast = new FastCsvSplitter(';');
    expect(fast.push(Buffer.from('a;b\nc"d;e\nf\n'), true)?.toString()).toBe('c"d;e\nf\n');
    expect(fast.take().records).toEqual([['a', 'b']]);
    expect(fast.recordDelimiter).toBe('\n');
  });
});
