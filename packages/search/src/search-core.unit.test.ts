import { distanceKm } from '@spie/territory';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BitSet } from './bitset.ts';
import { documentKey, fromDocument, toDocument } from './documents.ts';
import { topK } from './embedded-engine.ts';
import { haversineKm, haversineKmWithCosines, latitudeCosine, squaredChord, unitVector } from './geo.ts';
import { buildFilter, quote } from './meili-filter.ts';
import { meiliStopWords, meiliSynonyms } from './meilisearch-engine.ts';
import { SearchQueryError, validateQuery } from './query-validation.ts';
import { SYNONYM_GROUPS } from './synonyms.ts';
import { generateOffers } from './testing/fixtures.ts';
import { fold, queryGroups, stem, synonymIndex, terms } from './text.ts';

describe('haversineKm', () => {
  it('is bit-identical to the territory package’s turf distance', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -89, max: 89, noNaN: true }),
        fc.double({ min: -179, max: 179, noNaN: true }),
        fc.double({ min: -89, max: 89, noNaN: true }),
        fc.double({ min: -179, max: 179, noNaN: true }),
        (a, b, c, d) => {
          const turf = distanceKm({ latitude: a, longitude: b }, { latitude: c, longitude: d });
          expect(haversineKm(a, b, c, d)).toBe(turf);
          expect(haversineKmWithCosines(a, b, latitudeCosine(a), c, d, latitudeCosine(c))).toBe(turf);
        },
      ),
    );
  });
});

describe('squared chords (how the embedded engine ranks and bounds distances)', () => {
  const chord = (a: [number, number], b: [number, number]) => {
    const p = unitVector(...a);
    const q = unitVector(...b);
    return (p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2 + (p[2] - q[2]) ** 2;
  };
  const point = fc.tuple(
    fc.double({ min: -60, max: 60, noNaN: true }),
    fc.double({ min: -179, max: 179, noNaN: true }),
  );
  const near = (p: [number, number]) =>
    fc
      .tuple(fc.double({ min: -2, max: 2, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true }))
      .map(([dLat, dLon]): [number, number] => [p[0] + dLat, p[1] + dLon]);

  it('order points as the haversine distance does', () => {
    fc.assert(
      fc.property(
        point.chain((p) => fc.tuple(fc.constant(p), near(p), near(p))),
        ([p, q, r]) => {
          const dq = haversineKm(...p, ...q);
          const dr = haversineKm(...p, ...r);
          fc.pre(Math.abs(dq - dr) > 1e-6);
          expect(chord(p, q) < chord(p, r)).toBe(dq < dr);
        },
      ),
    );
  });

  it('decide a radius as the haversine does, outside a hair around the circle', () => {
    fc.assert(
      fc.property(
        point.chain((p) => fc.tuple(fc.constant(p), near(p))),
        fc.double({ min: 1, max: 200, noNaN: true }),
        ([p, q], radius) => {
          const c = chord(p, q);
          const km = haversineKm(...p, ...q);
          if (c < squaredChord(radius) * (1 - 1e-7)) expect(km).toBeLessThanOrEqual(radius);
          if (c > squaredChord(radius) * (1 + 1e-7)) expect(km).toBeGreaterThan(radius);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('French text analysis', () => {
  it('folds accents, case and ligatures', () => {
    expect(fold('Réinsertion ŒUVRE Français')).toBe('reinsertion oeuvre francais');
  });
  it('folds plurals without touching short words', () => {
    expect(stem('ateliers')).toBe('atelier');
    expect(stem('bureaux')).toBe('bureau');
    expect(stem('bus')).toBe('bus');
    expect(stem('chateaux')).toBe('chateau');
    expect(stem('classes')).toBe('classe');
    expect(stem('pass')).toBe('pass');
    expect(stem('progres')).toBe('progre');
  });
  it('drops stop words and splits elisions', () => {
    expect(terms('Atelier chantier d’insertion de la ville')).toEqual([
      'atelier',
      'chantier',
      'insertion',
      'ville',
    ]);
  });
  it('groups multi-word synonym phrases, longest first', () => {
    const groups = queryGroups('permis de conduire ACI Niort', synonymIndex());
    expect(groups.map((g) => g.typed.join(' '))).toEqual(['permi conduire', 'aci', 'niort']);
    expect(groups[1]!.synonyms).toContainEqual(['chantier', 'insertion']);
    expect(groups[2]!.synonyms).toEqual([]);
  });
});

describe('Meilisearch settings from the shared lists', () => {
  it('has at least 30 synonym groups, each symmetric in Meilisearch', () => {
    expect(SYNONYM_GROUPS.length).toBeGreaterThanOrEqual(30);
    const syn = meiliSynonyms();
    for (const [from, tos] of Object.entries(syn)) for (const to of tos) expect(syn[to]).toContain(from);
  });
  it('keeps stop words out of synonym phrases (Meilisearch cannot match them inside a phrase)', () => {
    expect(meiliStopWords()).not.toContain('d');
    expect(meiliStopWords()).not.toContain('de');
    expect(meiliStopWords()).toContain('les');
  });
});

describe('filters', () => {
  it('quotes and escapes values', () => {
    expect(quote('a"b')).toBe('"a\\"b"');
    expect(quote('a\\')).toBe('"a\\\\"');
  });
  it('builds AND of ORs with categories expanded, tous-publics, the zone flag and geo', () => {
    const f = buildFilter(
      { thematiques: ['famille'], publics: ['jeunes'], zone: ['79191', '79'], remote: 'include' },
      { latitude: 46.3, longitude: -0.45, radius_km: 10 },
    );
    expect(f[0]).toMatch(/^thematiques IN \["famille--garde-denfants", /);
    expect(f[1]).toBe('publics IN ["jeunes", "tous-publics"]');
    expect(f[2]).toBe('(zone_libre = true OR zone_eligibilite IN ["79191", "79"])');
    expect(f[3]).toBe('(_geoRadius(46.3, -0.45, 10000) OR a_distance = true)');
  });
  it('rejects values outside the vocabularies, in French', () => {
    expect(() => validateQuery({ filters: { partenaire: ['" OR partenaire = x'] } })).toThrow(
      SearchQueryError,
    );
    expect(() => validateQuery({ filters: { publics: ['jeunes" OR 1'] } } as never)).toThrow(
      /valeur inconnue/,
    );
    expect(() => validateQuery({ filters: { zone: ['79 OR'] } })).toThrow(/code de zone/);
    expect(() => validateQuery({ page: 0 })).toThrow(/page/);
    expect(() => validateQuery({ hits_per_page: 5000 })).toThrow(/par page/);
    expect(() => validateQuery({ sort: 'distance' })).toThrow(/point de référence/);
    expect(validateQuery({}).hits_per_page).toBe(20);
  });
});

describe('documents', () => {
  it('derives a Meilisearch-safe key and round-trips the offer', () => {
    const [offer] = generateOffers({ count: 1 });
    const odd = { ...offer!, id: 'a.b:c@d' };
    const doc = toDocument(odd);
    expect(doc.pk).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(doc.pk).toBe(documentKey('a.b:c@d'));
    expect(fromDocument(JSON.parse(JSON.stringify(doc)))).toEqual(odd);
  });
});

describe('topK and BitSet', () => {
  it('topK equals a full sort’s prefix', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 500 }),
        fc.integer({ min: 0, max: 60 }),
        (xs, k) => {
          const cmp = (a: number, b: number) => a - b;
          expect(topK(xs, k, cmp)).toEqual([...xs].sort(cmp).slice(0, k));
        },
      ),
    );
  });
  it('BitSet round-trips slots in order', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 999 })), (slots) => {
        expect(BitSet.of(1000, slots).toArray()).toEqual([...slots].sort((a, b) => a - b));
        expect(BitSet.full(1000).toArray()).toHaveLength(1000);
      }),
    );
  });
});

describe('createSearchEngine', () => {
  it('is embedded without a URL and Meilisearch with one', async () => {
    const { createSearchEngine } = await import('./create.ts');
    expect(createSearchEngine({}).name).toBe('embedded');
    expect(createSearchEngine({ meiliUrl: 'http://127.0.0.1:7700', meiliApiKey: 'k' }).name).toBe(
      'meilisearch',
    );
  });
});
