import { describe, expect, it } from 'vitest';
import {
  boundingBox,
  communesByPostalCode,
  communesNear,
  distanceKm,
  getCommune,
  getDepartement,
  getEpci,
  isKnownZoneCode,
  listCommunes,
  listDepartements,
  postalCodeMatchesCommune,
  searchCommunes,
  zoneCodesOf,
  zoneCovers,
} from './index.ts';

const commune = (code: string) => {
  const c = getCommune(code);
  if (!c) throw new Error(`missing ${code}`);
  return c;
};

describe('lookups', () => {
  it('finds a commune by INSEE code with its département, région and EPCI', () => {
    const niort = commune('79191');
    expect(niort).toMatchObject({ nom: 'Niort', departement: '79', region: '75', codesPostaux: ['79000'] });
    expect(niort.epciNom).toBe('CA du Niortais');
    expect(niort.population).toBeGreaterThan(50_000);
    expect(getCommune('00000')).toBeUndefined();
  });

  it('lists every commune sharing a postal code, biggest first', () => {
    const names = communesByPostalCode('79000').map((c) => c.nom);
    expect(names).toEqual(['Niort', 'Bessines', 'Sciecq']);
    expect(communesByPostalCode('00000')).toEqual([]);
    expect(postalCodeMatchesCommune('79000', '79034')).toBe(true);
    expect(postalCodeMatchesCommune('86000', '79191')).toBe(false);
  });

  it('handles Corsica (2A/2B) and overseas communes', () => {
    expect(commune('2A004')).toMatchObject({ nom: 'Ajaccio', departement: '2A', region: '94' });
    expect(commune('2B033')).toMatchObject({ nom: 'Bastia', departement: '2B' });
    expect(commune('2a004').code).toBe('2A004');
    const pap = commune('97120');
    expect(pap).toMatchObject({ nom: 'Pointe-à-Pitre', departement: '971', region: '01' });
    expect(pap.latitude).toBeCloseTo(16.24, 1);
    expect(getDepartement('971')?.nom).toBe('Guadeloupe');
    expect(getDepartement('2B')?.nom).toBe('Haute-Corse');
    expect(listDepartements().map((d) => d.code)).toEqual(expect.arrayContaining(['01', '2A', '2B', '976']));
  });

  it('maps arrondissements municipaux to their commune', () => {
    expect(commune('75111').code).toBe('75056');
    expect(commune('13201').nom).toBe('Marseille');
    expect(postalCodeMatchesCommune('75011', '75111')).toBe(true);
    expect(postalCodeMatchesCommune('75012', '75111')).toBe(false);
  });

  it('knows EPCI membership', () => {
    const epci = getEpci('200041317');
    expect(epci?.nom).toBe('CA du Niortais');
    expect(epci?.communes).toEqual(expect.arrayContaining(['79191', '79034']));
    expect(epci?.communes).not.toContain('86194');
    for (const code of epci?.communes ?? []) expect(commune(code).epci).toBe('200041317');
  });
});

describe('searchCommunes', () => {
  it('ignores accents, case and hyphens, exact name first', () => {
    const [first] = searchCommunes('Saint-Etienne');
    expect(first?.code).toBe('42218');
    expect(searchCommunes('saint etienne')[0]?.code).toBe('42218');
    expect(searchCommunes('ST ÉTIENNE')[0]?.code).toBe('42218');
    expect(searchCommunes('Ézy')[0]?.nom).toBe('Ézy-sur-Eure');
    expect(searchCommunes('ezy')[0]?.nom).toBe('Ézy-sur-Eure');
  });

  it('ranks prefix matches by population and respects the limit', () => {
    const results = searchCommunes('bor', 5);
    expect(results).toHaveLength(5);
    expect(results[0]?.nom).toBe('Bordeaux');
    for (const c of results) expect(c.nom.toLowerCase().startsWith('bor')).toBe(true);
    const pops = results.map((c) => c.population);
    expect([...pops].sort((a, b) => b - a)).toEqual(pops);
  });

  it('puts an exact name before bigger towns that merely start with it', () => {
    expect(searchCommunes('Niort')[0]?.code).toBe('79191');
    expect(searchCommunes('Niort').map((c) => c.nom)).toContain('Niort-de-Sault');
  });

  it('accepts postal and INSEE code prefixes', () => {
    expect(searchCommunes('79000').map((c) => c.code)).toEqual(['79191', '79034', '79308']);
    expect(searchCommunes('79191')[0]?.nom).toBe('Niort');
    for (const c of searchCommunes('2A0', 20)) expect(c.code.startsWith('2A0')).toBe(true);
    expect(searchCommunes('')).toEqual([]);
    expect(searchCommunes('zzzzqqq')).toEqual([]);
  });
});

describe('zones', () => {
  it('gives the zone codes of a commune', () => {
    expect(zoneCodesOf('79191')).toEqual(['79191', '200041317', '79', 'france', '99100']);
    expect(zoneCodesOf('nope')).toEqual([]);
  });

  it('covers a commune by its own code, EPCI, département, france or 99100', () => {
    for (const zone of [['79191'], ['200041317'], ['79'], ['france'], ['99100'], ['86', '79']]) {
      expect(zoneCovers(zone, '79191')).toBe(true);
    }
    expect(zoneCovers(['2A'], '2A004')).toBe(true);
  });

  it('treats an empty zone as open everywhere', () => {
    expect(zoneCovers([], '79191')).toBe(true);
    expect(zoneCovers(null, '79191')).toBe(true);
    expect(zoneCovers(undefined, '79191')).toBe(true);
  });

  it('refuses communes outside the zone', () => {
    expect(zoneCovers(['86'], '79191')).toBe(false);
    expect(zoneCovers(['79034'], '79191')).toBe(false);
    expect(zoneCovers(['200069755'], '79191')).toBe(false); // CC Mellois en Poitou
    expect(zoneCovers(['2B'], '2A004')).toBe(false);
  });

  it('recognises data·inclusion zone codes', () => {
    for (const code of [
      '79191',
      '2A004',
      '97120',
      '75111',
      '200041317',
      '79',
      '2A',
      '971',
      'france',
      '99100',
    ]) {
      expect(isKnownZoneCode(code)).toBe(true);
    }
    for (const code of ['79999', '123456789', '00', 'France', '', '96']) {
      expect(isKnownZoneCode(code)).toBe(false);
    }
  });
});

describe('distances', () => {
  it('measures Niort–Poitiers at about 67 km', () => {
    expect(distanceKm(commune('79191'), commune('86194'))).toBeGreaterThan(64);
    expect(distanceKm(commune('79191'), commune('86194'))).toBeLessThan(70);
  });

  it('bounding boxes contain every point of the circle', () => {
    const center = commune('79191');
    const box = boundingBox(center, 30);
    for (const { commune: c, distanceKm: d } of communesNear(center, 60)) {
      const inside =
        c.latitude >= box.minLatitude &&
        c.latitude <= box.maxLatitude &&
        c.longitude >= box.minLongitude &&
        c.longitude <= box.maxLongitude;
      if (d <= 30) expect(inside).toBe(true);
    }
  });

  it('finds communes near a point, nearest first', () => {
    const near = communesNear(commune('79191'), 10);
    expect(near[0]?.commune.code).toBe('79191');
    expect(near.map((n) => n.commune.code)).toContain('79034');
    for (const n of near) expect(n.distanceKm).toBeLessThanOrEqual(10);
  });
});

describe('reference table', () => {
  it('gives every current commune a centre and a flag', () => {
    const all = listCommunes();
    expect(all.length).toBeGreaterThan(34_000);
    const bad = all.filter(
      (c) =>
        !(Math.abs(c.latitude) <= 90 && Math.abs(c.longitude) <= 180) ||
        !['exact', 'estimated'].includes(c.centre),
    );
    expect(bad.map((c) => c.code)).toEqual([]);
    const exact = all.filter((c) => c.centre === 'exact').length;
    expect(exact / all.length).toBeGreaterThan(0.3);
  });

  it('keeps metropolitan centres inside metropolitan France', () => {
    const outside = listCommunes().filter(
      (c) =>
        c.departement.length === 2 &&
        !(c.latitude > 41 && c.latitude < 51.2 && c.longitude > -5.3 && c.longitude < 9.7),
    );
    expect(outside.map((c) => c.code)).toEqual([]);
  });
});

describe('surelyWithinKm and isKnownPostalCode', () => {
  it('never says "surely within" for points that are farther apart', async () => {
    const { distanceKm, surelyWithinKm } = await import('./index.ts');
    let sure = 0;
    for (let i = 0; i < 5000; i++) {
      // a deterministic spread of pairs over metropolitan France and overseas latitudes
      const a = { latitude: -21 + ((i * 7.3) % 72), longitude: -61 + ((i * 11.7) % 70) };
      const b = {
        latitude: a.latitude + ((i % 13) - 6) * 0.07,
        longitude: a.longitude + ((i % 17) - 8) * 0.09,
      };
      if (surelyWithinKm(a, b, 30)) {
        sure++;
        expect(distanceKm(a, b)).toBeLessThan(30);
      }
    }
    expect(sure).toBeGreaterThan(500); // the cheap test does decide often
  });

  it('knows postal codes, trimmed, like communesByPostalCode', async () => {
    const { communesByPostalCode, isKnownPostalCode } = await import('./index.ts');
    for (const cp of ['79000', ' 80000 ', '00000', '7900'])
      expect(isKnownPostalCode(cp)).toBe(communesByPostalCode(cp).length > 0);
    expect(isKnownPostalCode('79000')).toBe(true);
  });
});
