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

async function* chunksOf(input: Input): AsyncGenerator<Buffer> {
  if (typeof input === 'string') yield Buffer.from(input, 'utf8');
  else if (input instanceof Uint8Array) yield Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  else for await (const c of input) yield typeof c === 'string' ? Buffer.from(c, 'utf8') : Buffer.from(c);
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

/**
 * Stream the records of a CSV file. The first record yielded is the header (row 1).
 * Throws `FileProblem` (French) on undecodable or malformed files and when a limit is exceeded.
 */
export async function* readCsv(
  input: Input,
  limits: Pick<Limits, 'maxFileBytes' | 'maxRows'>,
  onInfo?: (info: CsvFileInfo) => void,
): AsyncGenerator<CsvRecord> {
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

  // UTF-8 goes to csv-parse as bytes (no decode/re-encode round trip), checked on the way;
  // Windows-1252 is decoded to text first.
  async function* decoded(): AsyncGenerator<string | Buffer> {
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
        yield headText; // already decoded
        continue;
      }
      yield decoder.write(chunk);
    }
    const rest = decoder.end();
    if (rest) yield rest;
  }

  const parser = parse({
    delimiter,
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
  });
  const feeding = pipeline(Readable.from(decoded(), { objectMode: false }), parser);
  feeding.catch(() => {}); // surfaced through the parser's iterator below
  // Text lines counted from the records (csv-parse's `info` option costs ~15% of parsing): a record
  // spans one line plus the line breaks inside its quoted cells.
  let nextLine = 1;
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row++;
      if (row - 1 > limits.maxRows)
        throw new FileProblem(
          `trop de lignes : ${limits.maxRows.toLocaleString('fr-FR')} offres au plus par fichier`,
          row,
        );
      const line = nextLine;
      nextLine++;
      for (const cell of record) {
        for (let i = cell.indexOf('\n'); i >= 0; i = cell.indexOf('\n', i + 1)) nextLine++;
      }
      yield { row, line, cells: record };
    }
    await feeding;
  } catch (e) {
    if (e instanceof FileProblem) throw e;
    if (e instanceof InvalidUtf8Error) throw new FileProblem(`encodage incohérent : ${e.message}`, row + 1);
    if (e instanceof CsvError) {
      // csv-parse may fail before we consumed the records it parsed: its own counters are exact.
      const info = e as CsvError & { lines?: number; records?: number };
      throw new FileProblem(csvErrorMessage(e), Math.max(row, info.records ?? 0) + 1, info.lines);
    }
    throw e;
  } finally {
    parser.destroy();
  }
}
