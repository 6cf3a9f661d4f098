// Official centre files (geo.api.gouv.fr export) replacing GeoNames points and estimates.
import { reestimate } from './estimate.ts';
import { type CentreSource, EXACT_SOURCES, type ReferenceTable } from './table.ts';

export interface OfficialCentre {
  code: string;
  latitude: number;
  longitude: number;
}

export interface CentresImportReport {
  /** Communes whose centre now comes from the file. */
  replaced: number;
  /** Codes of the file that are not current communes (ignored). */
  unknownCodes: string[];
  /** Communes still estimated after the import (re-estimated from the new exact centres). */
  stillEstimated: number;
}

export class CentreFileError extends Error {}

const validPoint = (lat: number, lon: number) =>
  Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;

/**
 * Parses a geo.api.gouv.fr export: a JSON array of communes `{ code, centre: { type: 'Point',
 * coordinates: [lon, lat] } }` (e.g. `/communes?fields=code,centre&format=json`), or a CSV with
 * columns code_insee (or code), latitude, longitude (`,` or `;` separated).
 */
export function parseCentreFile(content: string): OfficialCentre[] {
  const text = content.replace(/^\uFEFF/, '').trim();
  if (text.startsWith('[') || text.startsWith('{')) return parseJson(text);
  return parseCsv(text);
}

function parseJson(text: string): OfficialCentre[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new CentreFileError(`Fichier JSON illisible : ${(e as Error).message}`);
  }
  // GeoJSON FeatureCollection (format=geojson&geometry=centre) or plain array.
  const items: unknown[] = Array.isArray(data)
    ? data
    : Array.isArray((data as { features?: unknown }).features)
      ? ((data as { features: { properties?: object; geometry?: unknown }[] }).features.map((f) => ({
          ...f.properties,
          centre: f.geometry,
        })) as unknown[])
      : [];
  if (items.length === 0)
    throw new CentreFileError('Le fichier JSON doit être un tableau de communes non vide.');
  return items.map((item, i) => {
    const o = item as { code?: unknown; centre?: { coordinates?: unknown } };
    const coords = o.centre?.coordinates;
    const [lon, lat] = Array.isArray(coords) ? (coords as unknown[]).map(Number) : [];
    if (typeof o.code !== 'string' || lon === undefined || lat === undefined || !validPoint(lat, lon)) {
      throw new CentreFileError(
        `Élément ${i + 1} : « code » et « centre.coordinates » [longitude, latitude] attendus, reçu ${JSON.stringify(item).slice(0, 120)}.`,
      );
    }
    return { code: o.code, latitude: lat, longitude: lon };
  });
}

function parseCsv(text: string): OfficialCentre[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = lines[0] ?? '';
  const sep = header.includes(';') ? ';' : ',';
  const unquote = (s: string) => s.trim().replace(/^"(.*)"$/, '$1');
  const columns = header.split(sep).map((c) => unquote(c).toLowerCase());
  const codeCol = columns.findIndex((c) => c === 'code_insee' || c === 'code_commune_insee' || c === 'code');
  const latCol = columns.findIndex((c) => c === 'latitude' || c === 'lat');
  const lonCol = columns.findIndex((c) => c === 'longitude' || c === 'lon' || c === 'lng');
  if (codeCol < 0 || latCol < 0 || lonCol < 0) {
    throw new CentreFileError(
      `En-tête CSV : colonnes « code_insee », « latitude » et « longitude » attendues, reçu « ${header} ».`,
    );
  }
  return lines.slice(1).map((line, i) => {
    const cells = line.split(sep).map(unquote);
    const code = cells[codeCol] ?? '';
    const lat = Number((cells[latCol] ?? '').replace(',', '.'));
    const lon = Number((cells[lonCol] ?? '').replace(',', '.'));
    if (!/^[0-9][0-9AB][0-9]{3}$/.test(code)) {
      throw new CentreFileError(`Ligne ${i + 2}, colonne « code_insee » : code INSEE invalide « ${code} ».`);
    }
    if (!validPoint(lat, lon)) {
      throw new CentreFileError(
        `Ligne ${i + 2}, colonnes « latitude »/« longitude » : coordonnées invalides « ${cells[latCol]} », « ${cells[lonCol]} ».`,
      );
    }
    return { code, latitude: lat, longitude: lon };
  });
}

/** Returns a new table with the official centres applied and every estimate recomputed. */
export function applyOfficialCentres(
  table: ReferenceTable,
  centres: readonly OfficialCentre[],
): { table: ReferenceTable; report: CentresImportReport } {
  return applyCentres(table, centres, 'official');
}

/** Sources a contour centre does not replace: a real place of the commune (GeoNames) or an official point. */
const KEPT_OVER_CONTOUR: ReadonlySet<CentreSource> = new Set(['official', 'geonames', 'geonames-name']);

/**
 * Returns a new table with the given centres applied, then every estimate recomputed from the new
 * exact set. `official` centres replace any centre; `contour` centres (inside the commune's shape)
 * replace estimates only.
 */
export function applyCentres(
  table: ReferenceTable,
  centres: readonly OfficialCentre[],
  source: 'official' | 'contour',
): { table: ReferenceTable; report: CentresImportReport } {
  const byCode = new Map(centres.map((c) => [c.code, c]));
  const communes = table.communes.map((c) => ({ ...c, codesPostaux: [...c.codesPostaux] }));
  let replaced = 0;
  for (const c of communes) {
    const point = byCode.get(c.code);
    if (!point || (source === 'contour' && KEPT_OVER_CONTOUR.has(c.source))) continue;
    c.latitude = point.latitude;
    c.longitude = point.longitude;
    c.source = source;
    replaced++;
  }
  const known = new Set(communes.map((c) => c.code));
  reestimate(communes);
  const stillEstimated = communes.filter((c) => !EXACT_SOURCES.has(c.source)).length;
  const note =
    source === 'official'
      ? `${replaced} centres officiels importés`
      : `${replaced} centres issus des contours`;
  return {
    table: {
      ...table,
      generatedFrom: {
        ...table.generatedFrom,
        [source === 'official' ? 'officialCentres' : 'contourCentres']: note,
      },
      communes,
    },
    report: { replaced, unknownCodes: [...byCode.keys()].filter((code) => !known.has(code)), stillEstimated },
  };
}
