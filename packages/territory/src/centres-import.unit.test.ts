import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyCentres, applyOfficialCentres, CentreFileError, parseCentreFile } from './centres-import.ts';
import { readTableFile } from './files.ts';
import { parseTable, serializeTable } from './table.ts';
import { Territory } from './territory.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('parseCentreFile', () => {
  it('reads a geo.api.gouv.fr JSON export (coordinates are [lon, lat])', () => {
    const centres = parseCentreFile(fixture('centres-geo-api.json'));
    expect(centres[0]).toEqual({ code: '79191', latitude: 46.3239, longitude: -0.4617 });
    expect(centres).toHaveLength(4);
  });

  it('reads a CSV with decimal commas and semicolons', () => {
    expect(parseCentreFile(fixture('centres.csv'))).toEqual([
      { code: '79191', latitude: 46.3239, longitude: -0.4617 },
      { code: '2A004', latitude: 41.9267, longitude: 8.7369 },
    ]);
  });

  it('names the row and column of bad input', () => {
    expect(() => parseCentreFile('code_insee,latitude,longitude\n79191,abc,1')).toThrow(/Ligne 2.*latitude/);
    expect(() => parseCentreFile('insee,lat\n1,2')).toThrow(CentreFileError);
    expect(() => parseCentreFile('[{"code":"79191","centre":{"coordinates":[200,46]}}]')).toThrow(
      /Élément 1/,
    );
  });
});

// Both tests read and re-estimate the whole national table: seconds on a loaded 2-core CI.
const WHOLE_TABLE = { timeout: 30_000 };

describe('applyOfficialCentres', () => {
  it('replaces centres, flags them exact and re-estimates the others', WHOLE_TABLE, () => {
    const table = readTableFile();
    const { table: updated, report } = applyOfficialCentres(
      table,
      parseCentreFile(fixture('centres-geo-api.json')),
    );
    expect(report.replaced).toBe(3);
    expect(report.unknownCodes).toEqual(['79999']);

    // Round trip through the on-disk format, then query it like the runtime does.
    const territory = new Territory(parseTable(serializeTable(updated)));
    const niort = territory.getCommune('79191');
    expect(niort).toMatchObject({
      latitude: 46.3239,
      longitude: -0.4617,
      centre: 'exact',
      centreSource: 'official',
      centreOrigine: 'officiel',
    });
    expect(territory.getCommune('98412')).toMatchObject({ centre: 'exact', centreSource: 'official' });
    // The source table is untouched.
    expect(table.communes.find((c) => c.code === '79191')?.source).toBe('geonames');

    // An estimate sharing Niort's EPCI or postal code moves with the new exact centres, others do not.
    const before = new Territory(table);
    const moved = before.communes.filter((c) => {
      const after = territory.getCommune(c.code);
      return after && (after.latitude !== c.latitude || after.longitude !== c.longitude);
    });
    expect(moved.length).toBeGreaterThanOrEqual(3);
    for (const c of moved) {
      if (['79191', '79034', '98412'].includes(c.code)) continue;
      expect(c.centre).toBe('estimated');
      expect(['79', '984']).toContain(c.departement);
    }
  });
});

describe('applyCentres from contours', () => {
  it('replaces estimates only, keeps GeoNames centres, and says `contour`', WHOLE_TABLE, () => {
    const table = readTableFile();
    const estimated = table.communes.find((c) => c.departement === '79' && c.source === 'postal');
    expect(estimated).toBeDefined();
    const code = estimated?.code as string;
    const { table: updated, report } = applyCentres(
      table,
      [
        { code, latitude: 46.5, longitude: -0.3 },
        { code: '79191', latitude: 46.3, longitude: -0.5 }, // Niort: GeoNames exact, kept
      ],
      'contour',
    );
    expect(report.replaced).toBe(1);
    const territory = new Territory(updated);
    expect(territory.getCommune(code)).toMatchObject({
      latitude: 46.5,
      longitude: -0.3,
      centre: 'exact',
      centreSource: 'contour',
      centreOrigine: 'contour',
    });
    expect(territory.getCommune('79191')).toMatchObject({
      centreSource: 'geonames',
      centreOrigine: 'geonames',
    });
    expect(report.stillEstimated).toBe(
      table.communes.filter((c) => !['official', 'geonames', 'geonames-name'].includes(c.source)).length - 1,
    );
  });
});
