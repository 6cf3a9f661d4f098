// Build-time only (not exported by index.ts): commune contours (IGN Admin Express, COG of their year)
// → today's communes (former communes merged into their commune nouvelle) → one simplified TopoJSON
// per département, and a centre inside every shape (pole of inaccessibility, polylabel).
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import polylabel from 'polylabel';
import { feature, merge } from 'topojson-client';
import { topology } from 'topojson-server';
import { presimplify, quantile, simplify } from 'topojson-simplify';
import type { GeometryCollection, Topology } from 'topojson-specification';

/** A commune as @etalab/decoupage-administratif lists it (current, delegated, associated…). */
export interface DecoupageCommune {
  code: string;
  type: string;
  departement?: string;
  chefLieu?: string;
  anciensCodes?: string[];
}

/**
 * Code of any commune of a past COG (current, former, delegated or associated) → today's commune:
 * itself when current, else the current commune listing it in `anciensCodes`, else its `chefLieu`.
 */
export function currentCodeMap(communes: readonly DecoupageCommune[]): Map<string, string> {
  const map = new Map<string, string>();
  const current = communes.filter((c) => c.type === 'commune-actuelle');
  for (const c of current) for (const old of c.anciensCodes ?? []) map.set(old, c.code);
  for (const c of communes)
    if ((c.type === 'commune-deleguee' || c.type === 'commune-associee') && c.chefLieu && !map.has(c.code))
      map.set(c.code, c.chefLieu);
  for (const c of current) map.set(c.code, c.code); // a current code is always itself
  return map;
}

export interface ShapeCentre {
  code: string;
  latitude: number;
  longitude: number;
}

export interface ShapesBuild {
  /** Département code → TopoJSON with one object `communes` (geometry id = current INSEE code). */
  topologies: Map<string, Topology>;
  centres: ShapeCentre[];
  report: {
    features: number;
    /** Source codes mapped to no current commune (dissolved communes, typos): left out. */
    unknownCodes: string[];
    /** Source features without a polygon. */
    emptyGeometries: string[];
    /** Current communes (of the départements present in the source) with no shape. */
    missing: string[];
  };
}

export interface ShapesOptions {
  /** Share of the points to drop by Visvalingam weight (0 keeps everything). Default 0.5. */
  simplifyQuantile?: number;
  /** TopoJSON quantization (grid steps per département). Default 1e5. */
  quantization?: number;
}

const codeOf = (f: Feature): string | undefined => {
  const p = (f.properties ?? {}) as Record<string, unknown>;
  const raw = p.code ?? p.insee ?? p.INSEE_COM ?? p.codgeo ?? p.code_insee ?? f.id;
  return raw === undefined || raw === null ? undefined : String(raw).padStart(5, '0').toUpperCase();
};

const isPolygonal = (f: Feature): f is Feature<Polygon | MultiPolygon> =>
  f.geometry?.type === 'Polygon' || f.geometry?.type === 'MultiPolygon';

/**
 * Builds the per-département topologies and the centres. `departementOf` gives today's département
 * of a current commune code (undefined: not a current commune).
 */
export function buildShapes(
  sources: readonly FeatureCollection[],
  codes: ReadonlyMap<string, string>,
  departementOf: (currentCode: string) => string | undefined,
  options: ShapesOptions = {},
): ShapesBuild {
  const report: ShapesBuild['report'] = { features: 0, unknownCodes: [], emptyGeometries: [], missing: [] };
  // current code → its source polygons, grouped by département
  const byDep = new Map<string, Map<string, Feature<Polygon | MultiPolygon>[]>>();
  for (const fc of sources)
    for (const f of fc.features) {
      report.features++;
      const source = codeOf(f);
      const current = source ? codes.get(source) : undefined;
      const dep = current ? departementOf(current) : undefined;
      if (!current || !dep) {
        report.unknownCodes.push(source ?? '(sans code)');
        continue;
      }
      if (!isPolygonal(f)) {
        report.emptyGeometries.push(source as string);
        continue;
      }
      let communes = byDep.get(dep);
      if (!communes) {
        communes = new Map();
        byDep.set(dep, communes);
      }
      const list = communes.get(current);
      if (list) list.push(f);
      else communes.set(current, [f]);
    }

  const topologies = new Map<string, Topology>();
  const centres: ShapeCentre[] = [];
  for (const [dep, communes] of [...byDep].sort(([a], [b]) => a.localeCompare(b))) {
    const merged = mergeByCommune(communes);
    for (const f of merged.features) {
      const centre = centreOf(f.geometry);
      if (centre) centres.push({ code: String(f.id), ...centre });
    }
    topologies.set(dep, simplified(merged, options));
  }
  const present = new Set(centres.map((c) => c.code));
  const deps = new Set(byDep.keys());
  for (const code of new Set(codes.values()))
    if (!present.has(code) && deps.has(departementOf(code) ?? '')) report.missing.push(code);
  report.missing.sort();
  return { topologies, centres, report };
}

/** One feature per current commune: its former communes' polygons dissolved along shared borders. */
function mergeByCommune(
  communes: Map<string, Feature<Polygon | MultiPolygon>[]>,
): FeatureCollection<Polygon | MultiPolygon> {
  const all: Feature<Polygon | MultiPolygon>[] = [];
  const ranges = new Map<string, [number, number]>();
  for (const [code, parts] of [...communes].sort(([a], [b]) => a.localeCompare(b))) {
    ranges.set(code, [all.length, all.length + parts.length]);
    all.push(...parts);
  }
  // unquantized topology: shared borders become shared arcs, which `merge` removes exactly
  const parts: FeatureCollection = { type: 'FeatureCollection', features: all };
  const topo = topology({ parts });
  const geometries = (topo.objects.parts as GeometryCollection).geometries;
  const features: Feature<Polygon | MultiPolygon>[] = [];
  for (const [code, [from, to]] of ranges) {
    const geometry =
      to - from === 1
        ? (all[from] as Feature<Polygon | MultiPolygon>).geometry
        : (merge(topo, geometries.slice(from, to) as never) as MultiPolygon);
    features.push({ type: 'Feature', id: code, properties: {}, geometry });
  }
  return { type: 'FeatureCollection', features };
}

function simplified(fc: FeatureCollection<Polygon | MultiPolygon>, options: ShapesOptions): Topology {
  // topojson-simplify's types want properties that are never null
  let topo = topology({ communes: fc }, options.quantization ?? 1e5) as Parameters<typeof presimplify>[0];
  const drop = options.simplifyQuantile ?? 0.5;
  if (drop > 0) {
    topo = presimplify(topo);
    topo = simplify(topo, quantile(topo, drop));
  }
  return topo as Topology;
}

/** Read back a département's communes (tests, site). */
export function communeFeatures(topo: Topology): FeatureCollection<Polygon | MultiPolygon> {
  return feature(topo, topo.objects.communes as GeometryCollection) as FeatureCollection<
    Polygon | MultiPolygon
  >;
}

/**
 * A point inside the commune: the pole of inaccessibility of its largest polygon, computed in a local
 * plane where a degree of longitude is shrunk by cos(latitude), so "far from the border" means metres.
 */
export function centreOf(
  geometry: Polygon | MultiPolygon,
): { latitude: number; longitude: number } | undefined {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let best: Position[][] | undefined;
  let bestArea = 0;
  for (const p of polygons) {
    const a = Math.abs(ringArea(p[0] ?? []));
    if (a > bestArea) {
      bestArea = a;
      best = p;
    }
  }
  if (!best) return undefined;
  const lat0 = ((best[0]?.[0]?.[1] ?? 0) * Math.PI) / 180;
  const k = Math.cos(lat0);
  const plane = best.map((ring) => ring.map(([x = 0, y = 0]): [number, number] => [x * k, y]));
  // precision 1e-5 degree ≈ 1 m
  const [px = 0, py = 0] = polylabel(plane, 1e-5);
  return { latitude: round(py), longitude: round(px / k) };
}

const round = (x: number) => Math.round(x * 1e5) / 1e5;

function ringArea(ring: readonly Position[]): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi = 0, yi = 0] = ring[i] as Position;
    const [xj = 0, yj = 0] = ring[j] as Position;
    s += (xj - xi) * (yj + yi);
  }
  return s / 2;
}

/** True when the point lies inside the polygon (holes excluded): ray casting. */
export function pointInPolygon(
  point: { latitude: number; longitude: number },
  geometry: Polygon | MultiPolygon,
): boolean {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const inRing = (ring: readonly Position[]) => {
    let inside = false;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi = 0, yi = 0] = ring[i] as Position;
      const [xj = 0, yj = 0] = ring[j] as Position;
      if (
        yi > point.latitude !== yj > point.latitude &&
        point.longitude < ((xj - xi) * (point.latitude - yi)) / (yj - yi) + xi
      )
        inside = !inside;
    }
    return inside;
  };
  return polygons.some((p) => inRing(p[0] ?? []) && !p.slice(1).some(inRing));
}

export interface CentreComparison {
  compared: number;
  medianKm: number;
  p90Km: number;
  maxKm: number;
}

/**
 * Distance between the contour-derived centres and reference points of the same communes (GeoNames
 * exact centres): how far the pole of inaccessibility lies from where people actually are.
 */
export function compareCentres(
  contour: readonly ShapeCentre[],
  reference: ReadonlyMap<string, { latitude: number; longitude: number }>,
  distanceKm: (a: ShapeCentre, b: { latitude: number; longitude: number }) => number,
): CentreComparison {
  const d = contour
    .flatMap((c) => {
      const ref = reference.get(c.code);
      return ref ? [distanceKm(c, ref)] : [];
    })
    .sort((a, b) => a - b);
  const at = (q: number) =>
    d.length ? (d[Math.min(d.length - 1, Math.floor(q * d.length))] as number) : Number.NaN;
  return { compared: d.length, medianKm: at(0.5), p90Km: at(0.9), maxKm: d.at(-1) ?? Number.NaN };
}
