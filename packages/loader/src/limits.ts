// Size limits of a partner file. Every limit has a default, can be set by environment variable
// (for the CLI and the site) or per call, and produces a clear French error when exceeded.

export interface Limits {
  /** Maximum file size in bytes (default 20 MB, `SPIE_MAX_FILE_BYTES`). */
  maxFileBytes: number;
  /** Maximum number of data rows (default 50,000, `SPIE_MAX_ROWS`). */
  maxRows: number;
  /** Maximum characters in one cell (default 10,000, `SPIE_MAX_CELL_CHARS`). */
  maxCellChars: number;
  /** Maximum number of columns (default 200, `SPIE_MAX_COLUMNS`). */
  maxColumns: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxFileBytes: 20 * 1024 * 1024,
  maxRows: 50_000,
  maxCellChars: 10_000,
  maxColumns: 200,
});

const ENV_NAMES: Record<keyof Limits, string> = {
  maxFileBytes: 'SPIE_MAX_FILE_BYTES',
  maxRows: 'SPIE_MAX_ROWS',
  maxCellChars: 'SPIE_MAX_CELL_CHARS',
  maxColumns: 'SPIE_MAX_COLUMNS',
};

/** Defaults, overridden by valid positive integers from the environment, then by `overrides`. */
export function resolveLimits(overrides: Partial<Limits> = {}, env: NodeJS.ProcessEnv = process.env): Limits {
  const limits: Limits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(ENV_NAMES) as (keyof Limits)[]) {
    const raw = env[ENV_NAMES[key]];
    if (raw !== undefined && /^\d+$/.test(raw.trim()) && Number(raw) > 0) limits[key] = Number(raw);
    const given = overrides[key];
    if (given !== undefined) limits[key] = given;
  }
  return limits;
}

export const formatBytes = (n: number) =>
  n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1).replace('.', ',')} Mo` : `${Math.ceil(n / 1024)} Ko`;
