// One CSV record → its verdict (RowCheck), without touching the report.
import type { OfferField } from '@spie/core';
import { columnLetter } from './headers.ts';
import type { FastRowParser } from './offer-parser.ts';
import type { Problem } from './report.ts';
import { ProblemBuffer, type RowCheck, type RowInput, type RowValidator } from './row-validator.ts';

export interface RecordContext {
  /** Field of each column (undefined: unknown column). */
  fields: readonly (OfferField | undefined)[];
  /** Column name as the partner wrote it, by field. */
  columns: ReadonlyMap<OfferField, string>;
  /** Number of header columns. */
  width: number;
  maxCellChars: number;
  validator: RowValidator;
  /** Fast path for rows with nothing to report (`RowValidator.checkFast`). */
  fast?: FastRowParser;
}

const NON_BLANK = /\S/;

/** Every cell empty or blank (tested without allocating trimmed copies: this runs on every row). */
export function isBlank(cells: readonly string[]): boolean {
  for (const c of cells) if (c !== '' && NON_BLANK.test(c)) return false;
  return true;
}

/** No cell too long, nothing beyond the header's columns (else `checkRecord` reports it). */
function withinLimits(cells: readonly string[], width: number, maxCellChars: number): boolean {
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i]!;
    if (cell.length > maxCellChars || (i >= width && cell !== '' && NON_BLANK.test(cell))) return false;
  }
  return true;
}

/**
 * Check one record; undefined for a blank spreadsheet row. `join` adds values from elsewhere
 * (data·inclusion structures) and may report warnings.
 */
export function checkRecord(
  ctx: RecordContext,
  row: number,
  line: number,
  cells: readonly string[],
  join?: (input: RowInput, problems: ProblemBuffer) => void,
): RowCheck | undefined {
  if (isBlank(cells)) return undefined;
  const { fields, columns, width, maxCellChars } = ctx;
  if (ctx.fast && !join && withinLimits(cells, width, maxCellChars)) {
    const c = ctx.validator.checkFast(row, line, cells, ctx.fast);
    if (c) return c;
  }
  const problems = new ProblemBuffer();
  const values: Partial<Record<OfferField, unknown>> = {};
  const lineOf = line !== row ? { line } : {};
  const cellError = (p: Omit<Problem, 'row'>) => problems.error({ row, ...p, ...lineOf });
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i]!;
    if (cell.length > maxCellChars) {
      cellError({
        column: i < width ? (fields[i] ? columns.get(fields[i]!)! : `colonne ${columnLetter(i)}`) : '',
        value: `${cell.slice(0, 40)}…`,
        message: `cellule trop longue : ${cell.length.toLocaleString('fr-FR')} caractères, ${maxCellChars.toLocaleString('fr-FR')} au plus`,
      });
      continue;
    }
    const field = fields[i];
    if (field) values[field] = cell;
    else if (i >= width && cell.trim() !== '')
      cellError({
        column: `colonne ${columnLetter(i)}`,
        value: cell,
        message: `cellule hors des colonnes de l’en-tête (${width} colonnes) : séparateur en trop dans une cellule ? Mettez la cellule entre guillemets`,
      });
  }
  const input: RowInput = { row, line, values, columns };
  join?.(input, problems);
  return ctx.validator.check(input, problems);
}
