// Fast path of CSV reading: gives the same records as csv-parse with the options of `readCsv`
// ({ delimiter, bom, relax_column_count, relax_quotes, skip_empty_lines: false }) on the usual shape
// of a file (plain cells, quoted cells with "" escapes and line breaks), and stops at the first record
// it does not handle (a quote inside a plain cell or after a closing quote, a line break other than the
// file's own, an unclosed quote at the end, a record larger than MAX_CARRY): `csvRecords` hands the rest
// of the text, from that record's start, to csv-parse. csv-parse reads ~17 MB/s on the national file;
// this ~90 MB/s. `fast-csv.unit.test.ts` compares both on arbitrary text cut in arbitrary chunks.
// It reads UTF-8 bytes (delimiters and quotes are ASCII) and decodes each cell on its own, like
// csv-parse: a cell never shares the memory of its chunk (a slice of a big string would keep the
// whole chunk alive as long as the cell is kept, e.g. as an id or a memo key).

const QUOTE = 34;
const CR = 13;
const LF = 10;

/** A record longer than this (a huge multi-line cell) goes to csv-parse: no quadratic re-scans. */
const MAX_CARRY = 1 << 20;
const EMPTY = Buffer.alloc(0);
// Buffer#toString('utf8', start, end) without its argument checks (~44 calls per row).
const utf8 = (b: Buffer, start: number, end: number): string =>
  (b as Buffer & { utf8Slice(start: number, end: number): string }).utf8Slice(start, end);

export class FastCsvSplitter {
  /** Record delimiter, discovered like csv-parse: the first `\r\n`, `\n` or `\r` outside quotes. */
  recordDelimiter: string | undefined;
  /** Parsed records since the last `take()`, and the `\n` count inside each (for text line numbers). */
  private records: string[][] = [];
  private newlines: number[] = [];
  private carry: Buffer = Buffer.alloc(0);
  private started = false;
  /** csv-parse's `info.lines` count over the records parsed so far, minus 1 (for its errors after a fall back). */
  lineBreaks = 0;
  /** Records parsed so far. */
  count = 0;
  private readonly delim: number;

  constructor(delimiter: string) {
    if (delimiter.length !== 1 || delimiter.charCodeAt(0) > 127) throw new Error('ASCII delimiter expected');
    this.delim = delimiter.charCodeAt(0);
  }

  /**
   * Parse the complete records of the UTF-8 bytes seen so far plus `bytes` (`last`: end of the
   * file). Returns undefined, or the bytes from the start of the first record not handled (fall back).
   */
  push(bytes: Buffer, last: boolean): Buffer | undefined {
    let s = this.carry.length ? Buffer.concat([this.carry, bytes]) : bytes;
    if (!this.started && s.length > 0) {
      if (s.length < 3 && !last) {
        this.carry = s; // too short to tell a BOM
        return undefined;
      }
      this.started = true;
      if (s[0] === 0xef && s[1] === 0xbb && s[2] === 0xbf) s = s.subarray(3); // bom: true
    }
    const n = s.length;
    const d = this.delim;
    let pos = 0;
    for (;;) {
      const start = pos;
      if (pos >= n) {
        this.carry = EMPTY;
        return undefined;
      }
      const cells: string[] = [];
      let lines = 0;
      let crs = 0;
      // One record; `break` out of `fields` with pos at its end, or return/stop on the cases below.
      let complete = false;
      fields: for (;;) {
        if (pos < n && s[pos] === QUOTE) {
          // Quoted cell: up to the quote not followed by a quote.
          let value = '';
          let from = pos + 1;
          for (;;) {
            const q = s.indexOf(QUOTE, from);
            if (q < 0 || (q + 1 >= n && !last)) break fields; // need more text (or unclosed at EOF)
            if (q + 1 < n && s[q + 1] === QUOTE) {
              value += utf8(s, from, q + 1);
              from = q + 2;
              continue;
            }
            value += utf8(s, from, q);
            pos = q + 1;
            break;
          }
          for (let i = value.indexOf('\n'); i >= 0; i = value.indexOf('\n', i + 1)) lines++;
          for (let i = value.indexOf('\r'); i >= 0; i = value.indexOf('\r', i + 1)) crs++;
          cells.push(value);
          if (pos >= n) {
            if (!last) break;
            complete = true;
            break;
          }
          const c = s[pos];
          if (c === d) {
            pos++;
            continue;
          }
          const end = this.recordEnd(s, pos, last);
          if (end === -1) break; // need more text
          if (end === -2) return this.stop(s, start); // anything else after a closing quote
          pos = end;
          complete = true;
          break;
        }
        // Plain cell: up to the delimiter or a line break.
        let e = pos;
        let c = 0;
        while (e < n) {
          c = s[e]!;
          if (c === d || c === CR || c === LF) break;
          if (c === QUOTE) return this.stop(s, start);
          e++;
        }
        if (e >= n) {
          if (!last) break;
          cells.push(utf8(s, pos, e));
          pos = e;
          complete = true;
          break;
        }
        cells.push(utf8(s, pos, e));
        if (c === d) {
          pos = e + 1;
          continue;
        }
        const end = this.recordEnd(s, e, last);
        if (end === -1) break;
        if (end === -2) return this.stop(s, start); // a line break that is not the file's own
        pos = end;
        complete = true;
        break;
      }
      if (!complete) {
        if (last) return this.stop(s, start); // unclosed quote: csv-parse gives the error
        if (n - start > MAX_CARRY) return this.stop(s, start);
        this.carry = Buffer.from(s.subarray(start)); // a copy: the chunk itself is not kept
        return undefined;
      }
      this.records.push(cells);
      this.newlines.push(lines);
      this.count++;
      // csv-parse counts a line per record delimiter and per CR or LF inside quoted cells.
      this.lineBreaks += 1 + lines + crs;
    }
  }

  /** Records parsed since the last call, with the `\n` count inside each. */
  take(): { records: string[][]; newlines: number[] } {
    const out = { records: this.records, newlines: this.newlines };
    this.records = [];
    this.newlines = [];
    return out;
  }

  /**
   * At a line break in `s` at `pos`: the position after the record delimiter, -1 when more text is
   * needed to decide, -2 when it is not the record delimiter (or not a line break).
   */
  private recordEnd(s: Buffer, pos: number, last: boolean): number {
    const c = s[pos];
    if (c !== CR && c !== LF) return -2;
    if (this.recordDelimiter === undefined) {
      if (c === LF) this.recordDelimiter = '\n';
      else if (pos + 1 >= s.length && !last) return -1;
      else this.recordDelimiter = s[pos + 1] === LF ? '\r\n' : '\r';
    }
    const rd = this.recordDelimiter;
    if (rd === '\n') return c === LF ? pos + 1 : -2;
    if (rd === '\r') return c === CR && s[pos + 1] !== LF ? pos + 1 : -2;
    // '\r\n'
    if (c !== CR) return -2;
    if (pos + 1 >= s.length) return last ? -2 : -1;
    return s[pos + 1] === LF ? pos + 2 : -2;
  }

  private stop(s: Buffer, start: number): Buffer {
    this.carry = EMPTY;
    return s.subarray(start);
  }
}
