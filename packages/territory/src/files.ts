// Node-only helpers reading and rewriting the committed table (kept out of index.ts so that the
// runtime API bundles without node:fs).
import { readFileSync, writeFileSync } from 'node:fs';
import { applyOfficialCentres, type CentresImportReport, parseCentreFile } from './centres-import.ts';
import { parseTable, type ReferenceTable, type SerializedTable, stringifyTable } from './table.ts';

export const DEFAULT_TABLE_PATH = new URL('../../../data/reference/communes.json', import.meta.url);

export function readTableFile(path: string | URL = DEFAULT_TABLE_PATH): ReferenceTable {
  return parseTable(JSON.parse(readFileSync(path, 'utf8')) as SerializedTable);
}

export function writeTableFile(table: ReferenceTable, path: string | URL = DEFAULT_TABLE_PATH): void {
  writeFileSync(path, stringifyTable(table));
}

/** Reads an official centre file and rewrites the table with it. */
export function importCentresFile(
  centreFile: string,
  tablePath: string | URL = DEFAULT_TABLE_PATH,
): CentresImportReport {
  const centres = parseCentreFile(readFileSync(centreFile, 'utf8'));
  const { table, report } = applyOfficialCentres(readTableFile(tablePath), centres);
  writeTableFile(table, tablePath);
  return report;
}
