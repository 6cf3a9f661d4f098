// validateOffersFile: a partner file (our CSV, or a data·inclusion export in CSV or JSON, with its
// structures) → the validation report and the valid offers.
import { OFFER_FIELDS, type Offer, type OfferField, offerFieldMeta } from '@spie/core';
import { FileProblem, type Input, readCsvBatches, sniff } from './csv-reader.ts';
import { joinStructure, loadStructures, parseJsonArray, type StructureIndex } from './data-inclusion.ts';
import { columnLetter, mapColumns } from './headers.ts';
import { type Limits, resolveLimits } from './limits.ts';
import { FastRowParser } from './offer-parser.ts';
import { checkRecord, type RecordContext } from './record-check.ts';
import { ProblemLog, type ValidationReport } from './report.ts';
import {
  type ProblemBuffer,
  REQUIRED_FIELDS,
  type RowCheck,
  type RowInput,
  RowValidator,
} from './row-validator.ts';
import { offerJsonWithoutPartner } from './store.ts';
import { timeSlicer } from './time-slice.ts';

export interface ValidateOptions {
  limits?: Partial<Limits>;
  /** data·inclusion structures file (CSV or JSON) joined into the offers. */
  structures?: Input;
  /** Reference date for plausibility checks (tests). */
  now?: Date;
  /** Extra check on each otherwise valid offer (e.g. id owned by another partner): an error message or undefined. */
  checkOffer?: (offer: Pick<Offer, 'id'>) => string | undefined;
  /** Receive each valid offer as it is read (streaming publish); `offers` is then left empty. */
  onOffer?: (offer: Offer, row: number) => void | Promise<void>;
  /**
   * Receive each valid offer as its canonical JSON without `partenaire` (`offerJsonWithoutPartner`),
   * when `onOffer` is not given: most rows come with it already made.
   */
  onOfferJson?: (id: string, json: string, row: number) => void | Promise<void>;
}

export interface ValidationResult {
  report: ValidationReport;
  /** Offers of the rows without error, in file order. */
  offers: Offer[];
  /** Spreadsheet row of each offer in `offers`. */
  rows: number[];
}

/** Starts like JSON (after a BOM and blanks)? data·inclusion publishes JSON arrays. */
function looksLikeJson(head: Buffer): boolean {
  const s = head
    .subarray(0, 256)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  return s.startsWith('[') || s.startsWith('{');
}

export async function validateOffersFile(
  input: Input,
  options: ValidateOptions = {},
): Promise<ValidationResult> {
  const limits = resolveLimits(options.limits);
  const log = new ProblemLog();
  const offers: Offer[] = [];
  const rows: number[] = [];
  const stats: ValidationReport['stats'] = {
    rows: 0,
    validRows: 0,
    invalidRows: 0,
    errors: 0,
    warnings: 0,
    format: 'csv',
  };

  let accepted = 0;
  // Synchronous unless the consumer is (no promise per row when the store only buffers).
  const accept: Accept = (offer, row, column, json) => {
    const problem = options.checkOffer?.(offer);
    if (problem) {
      log.error({ row, column, value: offer.id, message: problem });
      return;
    }
    accepted++;
    if (options.onOffer) return options.onOffer(offer, row);
    if (options.onOfferJson)
      return options.onOfferJson(offer.id, json ?? offerJsonWithoutPartner(offer), row);
    offers.push(offer);
    rows.push(row);
  };

  let structures: StructureIndex | undefined;
  try {
    if (options.structures !== undefined) structures = await loadStructures(options.structures, limits);
    const { head, chunks } = await sniff(input, limits.maxFileBytes);
    const replay = chunks; // head included
    if (looksLikeJson(head)) {
      stats.format = 'json';
      await validateJson(replay, limits, log, structures, options.now, accept, stats);
    } else {
      await validateCsv(replay, limits, log, structures, options.now, accept, stats);
    }
  } catch (e) {
    if (!(e instanceof FileProblem)) throw e;
    log.fileError({
      row: e.row,
      column: '',
      value: '',
      message: e.message,
      ...(e.line ? { line: e.line } : {}),
    });
    offers.length = 0;
    rows.length = 0;
  }
  if (structures) for (const p of structures.problems) log.warning(p);

  stats.validRows = log.hasFileError ? 0 : accepted;
  stats.invalidRows = log.badRows.size;
  stats.errors = log.errorCount;
  stats.warnings = log.warningCount;
  if (log.truncated) stats.truncated = true;
  if (stats.rows === 0 && !log.hasFileError)
    log.fileError({
      row: 0,
      column: '',
      value: '',
      message: 'fichier vide : aucune offre trouvée sous l’en-tête',
    });
  stats.errors = log.errorCount;
  return {
    report: { valid: log.errorCount === 0, errors: log.errors, warnings: log.warnings, stats },
    offers: log.hasFileError ? [] : offers,
    rows: log.hasFileError ? [] : rows,
  };
}

const KNOWN_FIELDS = new Set<string>(OFFER_FIELDS);

/** `json`: the offer's `offerJsonWithoutPartner`, when already made. */
type Accept = (offer: Offer, row: number, idColumn: string, json?: string) => void | Promise<void>;

async function validateCsv(
  chunks: AsyncIterable<Buffer>,
  limits: Limits,
  log: ProblemLog,
  structures: StructureIndex | undefined,
  now: Date | undefined,
  accept: Accept,
  stats: ValidationReport['stats'],
): Promise<void> {
  let validator: RowValidator | undefined;
  let ctx: RecordContext | undefined;
  let columns: Map<OfferField, string> = new Map();
  let idColumn = 'id';
  const join = structures
    ? (input: RowInput, problems: ProblemBuffer) => joinStructure(input, structures, problems)
    : undefined;

  const finish = (c: RowCheck) => {
    stats.rows++;
    if (!validator!.finish(c, columns) || log.badRows.has(c.row)) return;
    if (c.offer) return accept(c.offer, c.row, idColumn, c.json);
  };

  const pause = timeSlicer();
  for await (const batch of readCsvBatches(chunks, limits, (info) => {
    stats.encoding = info.encoding;
    stats.delimiter = info.delimiter;
  }))
    for (const rec of batch) {
      if (rec.row === 1) {
        const headers = rec.cells.map((h) => h.trim());
        while (headers.length && headers[headers.length - 1] === '') headers.pop();
        const width = headers.length;
        if (width > limits.maxColumns)
          throw new FileProblem(`trop de colonnes : ${width}, ${limits.maxColumns} au plus`, 1);
        const mapping = mapColumns(headers);
        columns = mapping.headerOf;
        idColumn = columns.get('id') ?? 'id';
        if (columns.size === 0)
          throw new FileProblem(
            width <= 1
              ? 'une seule colonne trouvée : le séparateur doit être « , », « ; » ou une tabulation, et la ligne 1 doit contenir les noms de colonnes du modèle'
              : 'aucune colonne reconnue en ligne 1 : reprenez les noms de colonnes du modèle (pnpm cli template)',
            1,
          );
        for (const u of mapping.unknown)
          log.warning({
            row: 1,
            column: u.header,
            value: '',
            message: `colonne inconnue (colonne ${columnLetter(u.index)}) : elle est ignorée`,
          });
        for (const d of mapping.duplicates)
          log.fileError({
            row: 1,
            column: d.header,
            value: '',
            message: `colonne en double : « ${d.field} » apparaît déjà sous le nom « ${columns.get(d.field)} »`,
          });
        const missing = new Set<OfferField>();
        for (const f of REQUIRED_FIELDS)
          if (!columns.has(f) && !(structures && structureProvides(f))) {
            missing.add(f);
            log.fileError({
              row: 1,
              column: f,
              value: '',
              message: `colonne obligatoire absente : « ${f} » (${offerFieldMeta(f).label})`,
            });
          }
        const at = now ?? new Date();
        validator = new RowValidator(log, missing, at);
        ctx = {
          fields: mapping.fields,
          columns,
          width,
          maxCellChars: limits.maxCellChars,
          validator,
          fast: new FastRowParser(mapping.fields),
        };
        continue;
      }
      const c = checkRecord(ctx!, rec.row, rec.line, rec.cells, join);
      const pending = c && finish(c);
      if (pending) await pending;
      const turn = pause();
      if (turn) await turn;
    }
}

function structureProvides(field: OfferField): boolean {
  return field === 'structure_nom';
}

async function validateJson(
  chunks: AsyncIterable<Buffer>,
  limits: Limits,
  log: ProblemLog,
  structures: StructureIndex | undefined,
  now: Date | undefined,
  accept: Accept,
  stats: ValidationReport['stats'],
): Promise<void> {
  stats.encoding = 'utf-8';
  const items = await parseJsonArray(chunks, limits);
  const validator = new RowValidator(log, new Set(), now);
  const warned = new Set<string>();
  const pause = timeSlicer();
  for (const [index, item] of items.entries()) {
    const turn = pause();
    if (turn) await turn;
    // Row numbers as in the CSV version of the same export (header = row 1).
    const row = index + 2;
    stats.rows++;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      log.error({ row, column: '', value: '', message: 'objet JSON attendu pour chaque service' });
      continue;
    }
    const values: Partial<Record<OfferField, unknown>> = {};
    for (const [key, value] of Object.entries(item as Record<string, unknown>)) {
      if (KNOWN_FIELDS.has(key)) values[key as OfferField] = value;
      else if (!warned.has(key)) {
        warned.add(key);
        log.warning({ row: 1, column: key, value: '', message: 'champ inconnu : il est ignoré' });
      }
    }
    const input: RowInput = { row, values, columns: new Map() };
    if (structures) joinStructure(input, structures, log);
    const offer = validator.validate(input);
    if (offer && !log.badRows.has(row)) await accept(offer, row, 'id');
  }
}
