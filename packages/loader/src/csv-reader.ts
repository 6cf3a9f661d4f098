// Streaming CSV reading: bytes → decoded text → csv-parse records, memory bounded by one record.
// The encoding is decided on the first bytes, the delimiter on the header line.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvError, parse } from 'csv-parse';
import {
  createDecoder,
  createUtf8Checker,
  detectEncoding,
  type Encoding,
  InvalidUtf8Error,
  SNIFF_BYTES,
} from './encoding.ts';
import { FastCsvSplitter } from './fast-csv.ts';
import { formatBytes, type Limits } from './limits.ts';

export type Input = Buffer | Uint8Array | string | AsyncIterable<Uint8Array | string>;

export interface CsvRecord {
  /** Spreadsheet row: header = 1; every record counts, blank ones included, like Excel shows them. */
  row: number;
  /** Text line where the record starts (differs from `row` after multi-line cells). */
  line: number;
  cells: string[];
}

export interface CsvFileInfo {
  encoding: Encoding;
  delimiter: string;
}

/** A problem that stops reading the file; the French message is for the partner. */
export class FileProblem extends Error {
  constructor(
    message: string,
    readonly row = 0,
    readonly line?: number,
  ) {
    super(message);
  }
}

const SLICE_BYTES = 64 * 1024;

async function* chunksOf(input: Input): AsyncGenerator<Buffer> {
  if (typeof input === 'string') yield Buffer.from(input, 'utf8');
  else if (input instanceof Uint8Array) {
    // In slices (no copy): one whole 10 MB file as a single chunk would be parsed in one
    // synchronous stretch, with no turn of the event loop for the site's other requests.
    const whole = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    for (let at = 0; at < whole.length; at += SLICE_BYTES) yield whole.subarray(at, at + SLICE_BYTES);
  } else for await (const c of input) yield typeof c === 'string' ? Buffer.from(c, 'utf8') : Buffer.from(c);
}

/**
 * Read the first bytes (for detection) and hand back an iterator replaying them then the rest,
 * enforcing the size limit on the way.
 */
export async function sniff(
  input: Input,
  maxFileBytes: number,
): Promise<{ head: Buffer; complete: boolean; chunks: AsyncGenerator<Buffer> }> {
  const it = chunksOf(input);
  const parts: Buffer[] = [];
  let size = 0;
  let complete = false;
  const tooBig = () =>
    new FileProblem(
      `fichier trop volumineux : ${formatBytes(maxFileBytes)} au plus (découpez-le ou contactez-nous pour relever la limite)`,
    );
  while (size < SNIFF_BYTES) {
    const next = await it.next();
    if (next.done) {
      complete = true;
      break;
    }
    size += next.value.length;
    if (size > maxFileBytes) throw tooBig();
    parts.push(next.value);
  }
  const head = Buffer.concat(parts);
  async function* replay(): AsyncGenerator<Buffer> {
    yield head;
    let total = head.length;
    for (;;) {
      const next = await it.next();
      if (next.done) return;
      total += next.value.length;
      if (total > maxFileBytes) throw tooBig();
      yield next.value;
    }
  }
  return { head, complete, chunks: replay() };
}

/** The most frequent of `;`, `,` and tab outside quotes on the first line (`,` when none). */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  let bestCount = 0;
  for (const [d, n] of counts)
    if (n > bestCount) {
      best = d;
      bestCount = n;
    }
  return best;
}

const CSV_ERRORS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'guillemet ouvert jamais refermé : vérifiez les cellules contenant des guillemets',
  CSV_INVALID_CLOSING_QUOTE: 'guillemet mal placé après une cellule entre guillemets',
  CSV_MAX_RECORD_SIZE: 'ligne trop longue',
};

export function csvErrorMessage(e: CsvError): string {
  return `fichier CSV illisible : ${CSV_ERRORS[e.code] ?? e.message}`;
}

/** csv-parse with the options of `readCsv` (the fast splitter's fall back; the tests' reference). */
export function csvParser(delimiter: string, more: { bom?: boolean; recordDelimiter?: string } = {}) {
  return parse({
    delimiter,
    bom: more.bom ?? true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    ...(more.recordDelimiter ? { record_delimiter: more.recordDelimiter } : {}),
  });
}

export interface CsvBatch {
  records: string[][];
  /** `\n` characters inside each record's cells (a record spans 1 + that many text lines). */
  newlines: number[];
}

const countNewlines = (record: readonly string[]) => {
  let n = 0;
  for (const cell of record) for (let i = cell.indexOf('\n'); i >= 0; i = cell.indexOf('\n', i + 1)) n++;
  return n;
};

/**
 * Records of CSV text, in batches (one per chunk: no promise per record), exactly as csv-parse with
 * `csvParser(delimiter)` gives them: `FastCsvSplitter`, then csv-parse from the first record the
 * splitter does not handle (its errors' `records` and `lines` counted from the start of the file).
 */
export async function* csvRecords(texts: AsyncIterable<Buffer>, delimiter: string): AsyncGenerator<CsvBatch> {
  const fast = new FastCsvSplitter(delimiter);
  const it = texts[Symbol.asyncIterator]();
  let rest: Buffer | undefined;
  for (;;) {
    const next = await it.next();
    rest = fast.push(next.done ? Buffer.alloc(0) : next.value, next.done === true);
    const batch = fast.take();
    if (batch.records.length) yield batch;
    if (rest !== undefined || next.done) break;
  }
  if (rest === undefined) return;
  const first = rest;
  async function* remaining(): AsyncGenerator<Buffer> {
    yield first;
    for (let next = await it.next(); !next.done; next = await it.next()) yield next.value;
  }
  // The BOM was removed by the splitter; the record delimiter is the one it discovered, if any.
  const parser = csvParser(delimiter, {
    bom: false,
    ...(fast.recordDelimiter ? { recordDelimiter: fast.recordDelimiter } : {}),
  });
  const feeding = pipeline(Readable.from(remaining(), { objectMode: false }), parser);
  feeding.catch(() => {}); // surfaced through the parser's iterator below
  try {
    for await (const record of parser as AsyncIterable<string[]>)
      yield { records: [record], newlines: [countNewlines(record)] };
    await feeding;
  } catch (e) {
    if (e instanceof CsvError) {
      const info = e as CsvError & { lines?: number; records?: number };
      if (info.records !== undefined) info.records += fast.count;
      if (info.lines !== undefined) info.lines += fast.lineBreaks;
    }
    throw e;
  } finally {
    parser.destroy();
  }
}

/**
 * Stream the records of a CSV file, in batches. The first record is the header (row 1).
 * Throws `FileProblem` (French) on undecodable or malformed files and when a limit is exceeded.
 */
export async function* readCsvBatches(
  input: Input,
  limits: Pick<Limits, 'maxFileBytes' | 'maxRows'>,
  onInfo?: (info: CsvFileInfo) => void,
): AsyncGenerator<CsvRecord[]> {
  const { head, complete, chunks } = await sniff(input, limits.maxFileBytes);
  const encoding = detectEncoding(head, complete);
  const decoder = createDecoder(encoding);
  let headText: string;
  try {
    headText = decoder.write(head);
  } catch (e) {
    // Damaged UTF-8 in the first bytes: a file-level problem, like later in the file.
    if (e instanceof InvalidUtf8Error)
      throw new FileProblem(
        'encodage incohérent : le fichier est en UTF-8 mais contient des octets invalides (caractères d’un autre encodage ou fichier abîmé) : enregistrez-le entièrement en « CSV UTF-8 »',
        1,
      );
    throw e;
  }
  const delimiter = detectDelimiter(headText.replace(/^\uFEFF/, ''));
  onInfo?.({ encoding, delimiter });

  // The records are read from UTF-8 bytes: UTF-8 files as they are, checked on the way with the
  // native isUtf8 (sequences cut between chunks are carried over); Windows-1252 decoded by iconv-lite.
  async function* utf8(): AsyncGenerator<Buffer> {
    if (encoding === 'utf-8') {
      const check = createUtf8Checker();
      for await (const chunk of chunks) {
        check(chunk, false);
        yield chunk;
      }
      check(Buffer.alloc(0), true);
      return;
    }
    let first = true;
    for await (const chunk of chunks) {
      if (first) {
        first = false;
        yield Buffer.from(headText, 'utf8'); // already decoded
        continue;
      }
      yield Buffer.from(decoder.write(chunk), 'utf8');
    }
    const rest = decoder.end();
    if (rest) yield Buffer.from(rest, 'utf8');
  }

  // Text lines counted from the records (csv-parse's `info` option costs ~15% of parsing): a record
  // spans one line plus the line breaks inside its quoted cells.
  let nextLine = 1;
  let row = 0;
  try {
    for await (const { records, newlines } of csvRecords(utf8(), delimiter)) {
      const out: CsvRecord[] = [];
      for (let i = 0; i < records.length; i++) {
        row++;
        if (row - 1 > limits.maxRows) {
          if (out.length) yield out;
          throw new FileProblem(
            `trop de lignes : ${limits.maxRows.toLocaleString('fr-FR')} offres au plus par fichier`,
            row,
          );
        }
        out.push({ row, line: nextLine, cells: records[i]! });
        nextLine += 1 + newlines[i]!;
      }
      yield out;
    }
  } catch (e) {
    if (e instanceof FileProblem) throw e;
    if (e instanceof InvalidUtf8Error) throw new FileProblem(`encodage incohérent : ${e.message}`, row + 1);
    if (e instanceof CsvError) {
      // csv-parse may fail before we consumed the records it parsed: its own counters are exact.
      const info = e as CsvError & { lines?: number; records?: number };
      throw new FileProblem(csvErrorMessage(e), Math.max(row, info.records ?? 0) + 1, info.lines);
    }
    throw e;
  }
}

/** `readCsvBatches`, one record at a time. */
export async function* readCsv(
  input: Input,
  limits: Pick<Limits, 'maxFileBytes' | 'maxRows'>,
  onInfo?: (info: CsvFileInfo) => void,
): AsyncGenerator<CsvRecord> {
  for await (const batch of readCsvBatches(input, limits, onInfo)) yield* batch;
}
