// data·inclusion v1 exports (services + structures, CSV or JSON as published nationally) import as
// is: the structure's name, SIRET, networks, and its address, contact and opening hours when the
// service has none, are joined into each offer.
import type { OfferField } from '@spie/core';
import { FileProblem, type Input, readCsv, sniff } from './csv-reader.ts';
import { normalizeHeader } from './headers.ts';
import type { Limits } from './limits.ts';
import type { Problem, ProblemLog } from './report.ts';
import type { RowInput } from './row-validator.ts';

export interface StructureIndex {
  byId: Map<string, Record<string, unknown>>;
  problems: Problem[];
}

/** Whole-array JSON parse (bounded by the file size limit; JSON has no natural record boundary). */
export async function parseJsonArray(
  chunks: AsyncIterable<Buffer>,
  limits: Pick<Limits, 'maxRows'>,
): Promise<unknown[]> {
  const parts: Buffer[] = [];
  for await (const c of chunks) parts.push(c);
  const text = Buffer.concat(parts)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new FileProblem(`JSON illisible : ${(e as Error).message}`);
  }
  // Some exports wrap the list: { "items": [...] } or { "data": [...] }.
  if (data && typeof data === 'object' && !Array.isArray(data)) {
    const inner = Object.values(data as Record<string, unknown>).find(Array.isArray);
    if (inner) data = inner;
  }
  if (!Array.isArray(data)) throw new FileProblem('JSON inattendu : une liste de services est attendue');
  if (data.length > limits.maxRows)
    throw new FileProblem(
      `trop de lignes : ${limits.maxRows.toLocaleString('fr-FR')} offres au plus par fichier`,
    );
  return data;
}

const STRUCTURE_KEYS = [
  'id',
  'nom',
  'siret',
  'reseaux_porteurs',
  'adresse',
  'complement_adresse',
  'code_postal',
  'code_insee',
  'commune',
  'latitude',
  'longitude',
  'telephone',
  'courriel',
  'horaires_accueil',
  'site_web',
] as const;
const STRUCTURE_KEY_OF = new Map<string, string>(STRUCTURE_KEYS.map((k) => [normalizeHeader(k), k]));

export async function loadStructures(input: Input, limits: Limits): Promise<StructureIndex> {
  const byId = new Map<string, Record<string, unknown>>();
  const problems: Problem[] = [];
  const { head, chunks } = await sniff(input, limits.maxFileBytes);
  const s = head
    .subarray(0, 256)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  const add = (row: number, rec: Record<string, unknown>) => {
    const id = rec.id;
    if (typeof id !== 'string' || id.trim() === '') {
      problems.push({
        row,
        column: 'structures.id',
        value: '',
        message: 'structure sans identifiant : ignorée',
      });
      return;
    }
    if (byId.has(id.trim()))
      problems.push({
        row,
        column: 'structures.id',
        value: id,
        message: 'structure en double : la première est gardée',
      });
    else byId.set(id.trim(), rec);
  };
  try {
    if (s.startsWith('[') || s.startsWith('{')) {
      const items = await parseJsonArray(chunks, limits);
      items.forEach((item, i) => {
        if (item && typeof item === 'object') add(i + 2, item as Record<string, unknown>);
      });
    } else {
      let keys: (string | undefined)[] = [];
      for await (const rec of readCsv(chunks, limits)) {
        if (rec.row === 1) {
          keys = rec.cells.map((h) => STRUCTURE_KEY_OF.get(normalizeHeader(h)));
          continue;
        }
        const obj: Record<string, unknown> = {};
        rec.cells.forEach((c, i) => {
          const k = keys[i];
          if (k && c.trim() !== '') obj[k] = c;
        });
        if (Object.keys(obj).length) add(rec.row, obj);
      }
    }
  } catch (e) {
    if (e instanceof FileProblem) throw new FileProblem(`fichier des structures : ${e.message}`, 0, e.line);
    throw e;
  }
  return { byId, problems };
}

const ADDRESS: readonly OfferField[] = [
  'adresse',
  'complement_adresse',
  'code_postal',
  'code_insee',
  'commune',
  'latitude',
  'longitude',
];

const present = (v: unknown) =>
  v !== undefined &&
  v !== null &&
  !(typeof v === 'string' && v.trim() === '') &&
  !(Array.isArray(v) && !v.length);

/** Join the service's structure into the row (in place); a missing structure is a warning. */
export function joinStructure(
  input: RowInput,
  structures: StructureIndex,
  log: Pick<ProblemLog, 'warning'>,
): void {
  const sid = input.values.structure_id;
  if (typeof sid !== 'string' || sid.trim() === '') return;
  const s = structures.byId.get(sid.trim());
  if (!s) {
    log.warning({
      row: input.row,
      column: input.columns.get('structure_id') ?? 'structure_id',
      value: sid,
      message:
        'structure introuvable dans le fichier des structures : nom, SIRET et réseaux ne sont pas repris',
    });
    return;
  }
  const columns = new Map(input.columns);
  const take = (field: OfferField, key: string) => {
    if (!present(input.values[field]) && present(s[key])) {
      input.values[field] = s[key];
      columns.set(field, `structures.${key}`);
    }
  };
  take('structure_nom', 'nom');
  take('structure_siret', 'siret');
  take('reseaux_porteurs', 'reseaux_porteurs');
  // The address is taken as a block so that a service never mixes two places.
  if (!ADDRESS.some((f) => present(input.values[f]))) for (const f of ADDRESS) take(f, f);
  take('telephone', 'telephone');
  take('courriel', 'courriel');
  take('horaires_accueil', 'horaires_accueil');
  input.columns = columns;
}
