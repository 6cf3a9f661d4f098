// The contour build script end to end on synthetic contours (no real contour data is committed: see
// packages/territory/README.md): per-département TopoJSON written, centres written to a copy of the
// commune table as `contour` for estimated communes only, figures printed.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { readTableFile } from '../../packages/territory/src/files.ts';
import { communeFeatures } from '../../packages/territory/src/shapes.ts';

const repo = new URL('../../', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'spie-shapes-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

it('builds the TopoJSON and applies contour centres to the table', () => {
  const table = join(tmp, 'communes.json');
  copyFileSync(join(repo, 'data/reference/communes.json'), table);
  const r = spawnSync(
    'pnpm',
    [
      'exec',
      'tsx',
      'packages/territory/scripts/build-shapes.ts',
      'packages/territory/src/fixtures/communes-synthetiques.geojson',
      '--out',
      join(tmp, 'shapes'),
      '--table',
      table,
    ],
    { cwd: repo, encoding: 'utf8' },
  );
  expect(r.status, r.stderr).toBe(0);
  expect(r.stdout).toContain('7 contours → 4 communes dans 1 départements');
  expect(r.stdout).toMatch(/Centres des contours vs GeoNames exacts : 3 communes, médiane [\d.]+ km/);
  expect(existsSync(join(tmp, 'shapes', '79.json'))).toBe(true);
  const topo = JSON.parse(readFileSync(join(tmp, 'shapes', '79.json'), 'utf8'));
  expect(
    communeFeatures(topo)
      .features.map((f) => f.id)
      .sort(),
  ).toEqual(['79013', '79014', '79174', '79191']);
  // Loretz-d'Argenton had only another locality's point (estimated): it now has its contour's centre;
  // Niort keeps its GeoNames centre.
  const rows = new Map(readTableFile(table).communes.map((c) => [c.code, c]));
  expect(rows.get('79014')?.source).toBe('contour');
  expect(rows.get('79191')?.source).toBe('geonames');
  expect(r.stdout).toContain('Table : 1 centres issus des contours');
});
