// The memoised parser must give exactly OfferSchema.safeParse's result, valid or not, whatever the
// memo already holds (rows are parsed in sequence by one parser, like a file).
import { OfferSchema } from '@spie/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OfferParser } from './offer-parser.ts';

const base = {
  id: 'ml-niort-permis',
  structure_id: 'ml-niort',
  nom: 'Accompagnement vers le permis B',
  description: 'Accompagnement individuel pour préparer le code et la conduite, avec une aide.',
  date_maj: '2026-10-01',
  thematiques: ['mobilite--preparer-un-permis'],
  code_insee: '79191',
  code_postal: '79000',
  latitude: 46.32,
  longitude: -0.46,
  courriel: 'contact@exemple.fr',
  lien_source: 'https://exemple.fr/offre',
  zone_eligibilite: ['79'],
  age_min: 16,
  age_max: 25,
};

const variants: Record<string, unknown>[] = [
  base,
  { ...base, age_min: 30 }, // object check: age_max < age_min
  { ...base, date_debut: '2027-01-01', date_fin: '2026-01-01' },
  { ...base, longitude: undefined },
  { ...base, thematiques: ['mobilite--preparer-permis'] },
  { ...base, thematiques: [] },
  { ...base, date_maj: '2026-02-30' },
  { ...base, nom: '  Nom avec espaces  ' }, // trimmed by the schema
  { ...base, courriel: 'pas un courriel' },
  { ...base, inconnu: 'x' }, // stripped
  { ...base, nom: 'Fin.' },
  (({ thematiques: _t, ...rest }) => rest)(base), // required field absent
  (({ id: _i, ...rest }) => rest)(base),
];

const same = (parser: OfferParser, typed: Record<string, unknown>) => {
  const ours = parser.safeParse(typed);
  const zod = OfferSchema.safeParse(typed);
  expect(ours.success).toBe(zod.success);
  if (ours.success && zod.success) {
    expect(ours.data).toEqual(zod.data);
    expect(Object.keys(ours.data)).toEqual(Object.keys(zod.data));
  } else if (!ours.success && !zod.success) expect(ours.error.issues).toEqual(zod.error.issues);
};

describe('OfferParser', () => {
  it('equals OfferSchema.safeParse on valid and invalid rows, memo cold and warm', () => {
    const parser = new OfferParser();
    for (let pass = 0; pass < 3; pass++) for (const v of variants) same(parser, v);
  });

  it('equals OfferSchema.safeParse on arbitrary mixes of repeated values', () => {
    const parser = new OfferParser();
    const pick = <T>(xs: T[]) => fc.constantFrom(...xs);
    fc.assert(
      fc.property(
        fc.record({
          id: fc.stringMatching(/^[a-z0-9-]{0,12}$/),
          age_min: pick([undefined, 0, 16, 30, 121, 2.5]),
          age_max: pick([undefined, 18, 25, 130]),
          date_debut: pick([undefined, '2026-01-01', '2026-13-01', 'x']),
          date_fin: pick([undefined, '2025-01-01', '2027-06-30']),
          latitude: pick([undefined, 46.3, 95]),
          longitude: pick([undefined, -0.4]),
          thematiques: pick([['mobilite--preparer-un-permis'], ['mobilite'], [], ['x', 'y']]),
          zone_eligibilite: pick([undefined, ['79'], ['79', 'france'], ['7']]),
          courriel: pick([undefined, 'a@b.fr', 'a@', '']),
        }),
        (r) => {
          const typed: Record<string, unknown> = { ...base };
          for (const [k, v] of Object.entries(r)) {
            if (v === undefined) delete typed[k];
            else typed[k] = v;
          }
          same(parser, typed);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('gives each offer its own arrays', () => {
    const parser = new OfferParser();
    const a = parser.safeParse(base);
    const b = parser.safeParse(base);
    if (!a.success || !b.success) throw new Error('valid row refused');
    expect(a.data.thematiques).not.toBe(b.data.thematiques);
  });
});
