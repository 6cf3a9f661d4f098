import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FeatureCollection } from 'geojson';
import { describe, expect, it } from 'vitest';
import { getCommune } from './index.ts';
import {
  buildShapes,
  communeFeatures,
  currentCodeMap,
  type DecoupageCommune,
  pointInPolygon,
} from './shapes.ts';

const require = createRequire(import.meta.url);
const decoupage = require('@etalab/decoupage-administratif/data/communes.json') as DecoupageCommune[];
const fixture = JSON.parse(
  readFileSync(new URL('fixtures/communes-synthetiques.geojson', import.meta.url), 'utf8'),
) as FeatureCollection;
const codes = currentCodeMap(decoupage);
const departementOf = (code: string) => getCommune(code)?.departement;

describe('currentCodeMap (COG of any year → today)', () => {
  it('maps a former commune to its commune nouvelle, a delegated one to its chef-lieu, a current one to itself', () => {
    expect(codes.get('79026')).toBe('79014');
    expect(codes.get('79043')).toBe('79014');
    expect(codes.get('79099')).toBe('79013');
    expect(codes.get('79191')).toBe('79191');
    expect(codes.get('79999')).toBeUndefined();
  });
});

describe('buildShapes on synthetic contours', () => {
  const build = buildShapes([fixture], codes, departementOf, { simplifyQuantile: 0 });
  const topo = build.topologies.get('79');
  const features = topo ? communeFeatures(topo).features : [];
  const byCode = new Map(features.map((f) => [String(f.id), f]));

  it('writes one département topology whose geometries are today’s communes', () => {
    expect([...build.topologies.keys()]).toEqual(['79']);
    expect([...byCode.keys()].sort()).toEqual(['79013', '79014', '79174', '79191']);
  });

  it('dissolves former communes along their shared border', () => {
    const loretz = byCode.get('79014')?.geometry;
    expect(loretz?.type === 'Polygon' || loretz?.type === 'MultiPolygon').toBe(true);
    const polygons = loretz?.type === 'Polygon' ? [loretz.coordinates] : (loretz?.coordinates ?? []);
    // one polygon, the two squares' union: a point of each side and of the former border is inside
    expect(polygons).toHaveLength(1);
    for (const longitude of [-0.35, -0.32, -0.29])
      expect(pointInPolygon({ latitude: 46.995, longitude }, loretz as never)).toBe(true);
  });

  it('puts every centre inside its commune, away from holes and off the centroid of a U', () => {
    expect(build.centres.map((c) => c.code).sort()).toEqual(['79013', '79014', '79174', '79191']);
    for (const c of build.centres) {
      const source = fixture.features.filter(
        (f) => codes.get(String(f.properties?.code)) === c.code && f.geometry,
      );
      expect(
        source.some((f) => pointInPolygon(c, f.geometry as never)),
        c.code,
      ).toBe(true);
    }
    const niort = build.centres.find((c) => c.code === '79191');
    // the U's bounding-box centre (46.33, -0.46) is in the notch, outside the commune
    expect(
      pointInPolygon({ latitude: 46.33, longitude: -0.46 }, fixture.features[3]?.geometry as never),
    ).toBe(false);
    expect(niort?.latitude).toBeLessThan(46.318);
    const melle = build.centres.find((c) => c.code === '79174');
    // in the big polygon (not the islet), outside the hole
    expect(melle?.longitude).toBeLessThan(-0.1);
    expect(pointInPolygon(melle as never, fixture.features[4]?.geometry as never)).toBe(true);
  });

  it('reports unknown codes, empty geometries and current communes left without a shape', () => {
    expect(build.report.features).toBe(7);
    expect(build.report.unknownCodes).toEqual(['79999']);
    expect(build.report.emptyGeometries).toEqual(['79005']);
    expect(build.report.missing).toContain('79005');
    expect(build.report.missing).not.toContain('79014');
    expect(build.report.missing.every((c) => c.startsWith('79'))).toBe(true);
  });

  it('simplifies: fewer arc points with a quantile, the same communes', () => {
    const simple = buildShapes([fixture], codes, departementOf, { simplifyQuantile: 0.9 }).topologies.get(
      '79',
    );
    const points = (t: typeof topo) => (t?.arcs ?? []).reduce((n, a) => n + a.length, 0);
    expect(points(simple)).toBeLessThan(points(topo));
    expect(communeFeatures(simple as never).features).toHaveLength(4);
  });
});
