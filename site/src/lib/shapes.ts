// Commune shapes for the observatoire map: data/reference/shapes/<département>.json (TopoJSON built by
// packages/territory/scripts/build-shapes.ts; SHAPES_DIR overrides the folder). Absent files are fine:
// the map then shows proportional dots only.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { MultiPolygon, Polygon } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { repoRoot } from './paths.ts';

export type CommuneShape = Polygon | MultiPolygon;

const cache = new Map<string, ReadonlyMap<string, CommuneShape>>();

function shapesDir(): string {
  const fromEnv = process.env.SHAPES_DIR?.trim();
  if (!fromEnv) return join(repoRoot(), 'data', 'reference', 'shapes');
  return isAbsolute(fromEnv) ? fromEnv : resolve(repoRoot(), fromEnv);
}

/** Shapes of a département's communes by INSEE code (empty when no file). */
export function departementShapes(departement: string): ReadonlyMap<string, CommuneShape> {
  const cached = cache.get(departement);
  if (cached) return cached;
  const shapes = new Map<string, CommuneShape>();
  // the code comes from the validated query, never a path from the URL
  const file = join(shapesDir(), `${departement.replace(/[^0-9AB]/gi, '')}.json`);
  if (existsSync(file)) {
    const topo = JSON.parse(readFileSync(file, 'utf8')) as Topology;
    const fc = feature(topo, topo.objects.communes as GeometryCollection);
    for (const f of fc.features)
      if (f.id !== undefined && (f.geometry?.type === 'Polygon' || f.geometry?.type === 'MultiPolygon'))
        shapes.set(String(f.id), f.geometry);
  }
  cache.set(departement, shapes);
  return shapes;
}

/** SVG path of a shape with the map's projection. */
export function svgPath(
  shape: CommuneShape,
  project: (lon: number, lat: number) => [number, number],
): string {
  const polygons = shape.type === 'Polygon' ? [shape.coordinates] : shape.coordinates;
  let d = '';
  for (const polygon of polygons)
    for (const ring of polygon) {
      ring.forEach(([lon = 0, lat = 0], i) => {
        const [x, y] = project(lon, lat);
        d += `${i === 0 ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`;
      });
      d += 'Z';
    }
  return d;
}
