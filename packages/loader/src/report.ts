// The validation report: every problem with the row as the partner sees it in the spreadsheet
// (header = row 1), the column as they wrote it, the value and a French message.

export interface Problem {
  /** Spreadsheet row (header = 1); 0 for a problem about the whole file. */
  row: number;
  /** Column header as written in the file ('' when the problem is about a row or the file). */
  column: string;
  /** The offending value ('' when there is none). */
  value: string;
  message: string;
  /** Closest known value, for a near-miss vocabulary slug. */
  suggestion?: string;
  /** Line in the text file where the row starts, when it differs from `row` (multi-line cells). */
  line?: number;
}

export interface ReportStats {
  /** Data rows read (empty rows excluded). */
  rows: number;
  validRows: number;
  invalidRows: number;
  errors: number;
  warnings: number;
  encoding?: string;
  delimiter?: string;
  format: 'csv' | 'json';
  /** Problems beyond `MAX_PROBLEMS` were counted but not listed. */
  truncated?: boolean;
}

export interface ValidationReport {
  valid: boolean;
  errors: Problem[];
  warnings: Problem[];
  stats: ReportStats;
}

/** Cap on listed problems so that a 50,000-row file full of errors keeps a bounded report. */
export const MAX_PROBLEMS = 10_000;

export class ProblemLog {
  readonly errors: Problem[] = [];
  readonly warnings: Problem[] = [];
  errorCount = 0;
  warningCount = 0;
  truncated = false;
  /** Rows that had at least one error. */
  readonly badRows = new Set<number>();

  error(p: Problem): void {
    this.errorCount++;
    if (p.row > 0) this.badRows.add(p.row);
    if (this.errors.length < MAX_PROBLEMS) this.errors.push(p);
    else this.truncated = true;
  }

  warning(p: Problem): void {
    this.warningCount++;
    if (this.warnings.length < MAX_PROBLEMS) this.warnings.push(p);
    else this.truncated = true;
  }

  /** Errors about the file itself (row 0 or header row 1): nothing can be published. */
  hasFileError = false;
  fileError(p: Problem): void {
    this.hasFileError = true;
    this.error(p);
  }
}

/** One line per problem, for the CLI: "ligne 4, colonne « Code INSEE » (79999) : code INSEE inconnu". */
export function formatProblem(p: Problem): string {
  const where = p.row > 0 ? `ligne ${p.row}` : 'fichier';
  const column = p.column ? `, colonne « ${p.column} »` : '';
  const value = p.value
    ? ` (valeur : « ${p.value.length > 80 ? `${p.value.slice(0, 77)}…` : p.value} »)`
    : '';
  return `${where}${column}${value} : ${p.message}`;
}
