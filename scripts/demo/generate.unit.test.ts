// The committed demo files: valid against the model, up to date with the generator, realistic enough
// for the persona scenarios, and the national generator's output valid too.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CATEGORIE_VALUES,
  categoryOf,
  isRemoteOnly,
  OFFER_FIELDS,
  OFFER_LIST_FIELDS,
  type Offer,
  OfferSchema,
  THEMATIQUE_VALUES,
} from '@spie/core';
import { validateOffersFile } from '@spie/loader';
import { distanceKm, getCommune, postalCodeMatchesCommune } from '@spie/territory';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import {
  DEMO_DIR,
  generateDemo,
  generateNationalOffers,
  offersToCsvText,
  type PartnerInfo,
  PERSONA_COMMUNES,
  writeNationalCsv,
} from '../generate-demo.ts';

type SchemaDef = { def: { type: string; innerType?: { def: { type: string } } } };
const kindOfField = (field: string): string => {
  const { def } = (OfferSchema.shape as unknown as Record<string, SchemaDef>)[field]!;
  return def.type === 'optional' ? (def.innerType?.def.type ?? 'unknown') : def.type;
};
const NUMBER_FIELDS = new Set<string>(OFFER_FIELDS.filter((f) => kindOfField(f) === 'number'));
const BOOLEAN_FIELDS = new Set<string>(OFFER_FIELDS.filter((f) => kindOfField(f) === 'boolean'));
const LIST_FIELDS = new Set<string>(OFFER_LIST_FIELDS);

/** CSV cells → model input, following the shared CSV conventions. */
function rowToInput(row: Record<string, string>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [field, cell] of Object.entries(row)) {
    if (cell === '') continue;
    if (LIST_FIELDS.has(field)) input[field] = cell.split('|');
    else if (NUMBER_FIELDS.has(field)) input[field] = Number(cell);
    else if (BOOLEAN_FIELDS.has(field)) input[field] = cell === 'oui' ? true : cell === 'non' ? false : cell;
    else input[field] = cell;
  }
  return input;
}

// Heavier tests (whole demo set through the loader, generation) get room on a loaded 2-core CI machine.
const SLOW = 60_000;

const partners = JSON.parse(readFileSync(join(DEMO_DIR, 'partners.json'), 'utf8')) as PartnerInfo[];
const files = new Map<string, { header: string[]; rows: Record<string, string>[]; text: string }>();
for (const p of partners) {
  const text = readFileSync(join(DEMO_DIR, p.fichier), 'utf8');
  const records = parse(text, { bom: true }) as string[][];
  const header = records[0] ?? [];
  const rows = records.slice(1).map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ''])));
  files.set(p.id, { header, rows, text });
}
const offersOf = new Map<string, Offer[]>();
const problems: string[] = [];
for (const [id, file] of files) {
  offersOf.set(
    id,
    file.rows.flatMap((row, i) => {
      const parsed = OfferSchema.safeParse(rowToInput(row));
      if (parsed.success) return [parsed.data];
      problems.push(
        `${id} ligne ${i + 2} : ${parsed.error.issues.map((x) => `${x.path.join('.')} ${x.message}`).join(', ')}`,
      );
      return [];
    }),
  );
}
const all = [...offersOf.values()].flat();
const partnerOf = new Map(partners.flatMap((p) => (offersOf.get(p.id) ?? []).map((o) => [o, p] as const)));

describe('committed demo files', () => {
  it('are listed in partners.json, one CSV per partner, and nothing else', () => {
    const csvs = readdirSync(DEMO_DIR).filter((f) => f.endsWith('.csv'));
    expect(csvs.sort()).toEqual(partners.map((p) => p.fichier).sort());
  });

  it('have the data·inclusion header and every row validates against OfferSchema', () => {
    for (const file of files.values()) expect(file.header).toEqual(OFFER_FIELDS);
    expect(problems).toEqual([]);
    expect(all.length).toBe(partners.reduce((n, p) => n + p.offres, 0));
  });

  it(
    'pass the loader’s validation (what a partner upload goes through) without any warning',
    async () => {
      for (const p of partners) {
        const { report, offers } = await validateOffersFile(Buffer.from(files.get(p.id)!.text));
        expect(report.errors, p.fichier).toEqual([]);
        expect(report.warnings, p.fichier).toEqual([]);
        expect(offers.length).toBe(p.offres);
      }
    },
    SLOW,
  );

  it(
    'are exactly what the generator writes (deterministic, regenerated after each change)',
    () => {
      const fresh = generateDemo();
      const stale = 'data/demo is out of date: run `pnpm cli generate-demo` and commit data/demo';
      expect(fresh.partners, stale).toEqual(partners);
      for (const p of fresh.partners)
        expect(
          offersToCsvText(fresh.offers.get(p.id)!) === files.get(p.id)?.text,
          `${stale} (${p.fichier})`,
        ).toBe(true);
    },
    SLOW,
  );

  it('have unique ids and leave `partenaire` to the store', () => {
    expect(new Set(all.map((o) => o.id)).size).toBe(all.length);
    expect(all.filter((o) => o.partenaire !== undefined)).toEqual([]);
  });

  it('cover 5 territories with at least 12 partners of 12 kinds and 1,500 offers', () => {
    expect(partners.length).toBeGreaterThanOrEqual(12);
    expect(new Set(partners.map((p) => p.kind)).size).toBeGreaterThanOrEqual(12);
    expect(all.length).toBeGreaterThanOrEqual(1500);
    for (const dep of ['80', '18', '67', '91', '79']) {
      expect(partners.filter((p) => p.departement === dep).length, dep).toBeGreaterThanOrEqual(4);
    }
  });

  it('present every thématique category and at least 90 % of the besoins', () => {
    const used = new Set(all.flatMap((o) => o.thematiques));
    expect(new Set([...used].map((t) => categoryOf(t)))).toEqual(new Set(CATEGORIE_VALUES));
    expect(used.size / THEMATIQUE_VALUES.length).toBeGreaterThanOrEqual(0.9);
  });

  it(
    'place offers in real communes of the partner’s département, within about 1 km of the centre',
    () => {
      for (const o of all) {
        const commune = getCommune(o.code_insee!);
        expect(commune, o.id).toBeDefined();
        expect(o.commune).toBe(commune!.nom);
        expect(postalCodeMatchesCommune(o.code_postal!, o.code_insee!), o.id).toBe(true);
        expect(commune!.departement).toBe(partnerOf.get(o)!.departement);
        const d = distanceKm(commune!, { latitude: o.latitude!, longitude: o.longitude! });
        expect(d, o.id).toBeLessThanOrEqual(1.05);
      }
    },
    SLOW,
  );

  it('have well-formed texts and contacts on the reserved .example domain', () => {
    for (const o of all) {
      expect(o.description.length, o.id).toBeGreaterThanOrEqual(50);
      expect(o.description.length, o.id).toBeLessThanOrEqual(600);
      expect(o.telephone).toMatch(/^0[1-5]( \d{2}){4}$/);
      expect(o.courriel).toMatch(/^contact@[a-z0-9-]+\.example\.org$/);
      expect(o.horaires_accueil).toMatch(/^(Mo|Tu|We|Th|Fr|Sa)/);
      if (o.date_debut && o.date_fin) expect(o.date_debut <= o.date_fin).toBe(true);
    }
  });

  it('vary zones, places, remote and paid offers', () => {
    expect(all.some((o) => o.places_disponibles === 0)).toBe(true);
    expect(all.some((o) => (o.places_disponibles ?? 0) > 0)).toBe(true);
    expect(all.filter(isRemoteOnly).length).toBeGreaterThan(20);
    expect(all.filter((o) => o.frais === 'payant').length).toBeGreaterThan(50);
    const zoneKinds = new Set(
      all.map((o) => {
        const z = o.zone_eligibilite?.[0];
        return z === undefined
          ? 'aucune'
          : z.length === 9
            ? 'epci'
            : z.length === 5
              ? 'commune'
              : 'departement';
      }),
    );
    expect(zoneKinds).toEqual(new Set(['aucune', 'epci', 'commune', 'departement']));
    expect(
      all.some((o) => o.date_debut && o.date_debut >= '2026-09-01' && o.date_debut <= '2027-12-31'),
    ).toBe(true);
  });

  it('give publics consistent with the partner kind', () => {
    for (const o of all) {
      const kind = partnerOf.get(o)!.kind;
      if (kind === 'mission-locale') {
        expect(o.publics, o.id).toContain('jeunes');
        expect(o.age_max, o.id).toBeLessThanOrEqual(25);
      }
      if (o.eligibilite_iae_requise) expect(['aci', 'ei', 'ai', 'etti']).toContain(o.reseaux_porteurs?.[0]);
      if (kind === 'creche-avip') expect(o.publics, o.id).toContain('familles');
    }
    const iae = all.filter((o) => o.eligibilite_iae_requise);
    expect(new Set(iae.flatMap((o) => o.reseaux_porteurs))).toEqual(new Set(['aci', 'ei', 'etti']));
  });
});

describe('persona coverage', () => {
  const near = (code: string, thematique: string, km: number) => {
    const c = getCommune(code)!;
    return all.filter(
      (o) =>
        o.thematiques.includes(thematique as Offer['thematiques'][number]) &&
        !isRemoteOnly(o) &&
        distanceKm(c, { latitude: o.latitude!, longitude: o.longitude! }) <= km,
    );
  };

  it('Deux-Sèvres bourgs have childcare and a driving licence within 2 km, and remote ones cover the rest', () => {
    const bourgs = [...files.keys()].length > 0 ? deuxSevresBourgs() : [];
    expect(bourgs.length).toBeGreaterThan(30);
    for (const code of bourgs) {
      expect(near(code, 'famille--garde-denfants', 2).length, code).toBeGreaterThan(0);
      const permis = near(code, 'mobilite--preparer-un-permis', 2);
      expect(
        permis.some((o) => o.publics?.includes('beneficiaires-des-minimas-sociaux')),
        code,
      ).toBe(true);
    }
    const remote = all.filter(
      (o) => o.thematiques.includes('mobilite--preparer-un-permis') && o.zone_eligibilite?.includes('79'),
    );
    expect(remote.some((o) => o.modes_accueil?.includes('a-distance'))).toBe(true);
  });

  it('Amiens has chantiers d’insertion (réseau ACI) open to young people', () => {
    const chantiers = all.filter(
      (o) =>
        o.code_insee === PERSONA_COMMUNES.amiens &&
        o.nom.includes("Chantier d'insertion") &&
        o.reseaux_porteurs?.includes('aci') &&
        o.publics?.includes('jeunes') &&
        (o.places_disponibles ?? 1) > 0,
    );
    expect(chantiers.length).toBeGreaterThanOrEqual(4);
  });

  it('Essonne has French lessons and digital help open to exiled people', () => {
    const essonne = all.filter((o) => o.code_insee?.startsWith('91'));
    const open = (o: Offer) => !!o.publics?.some((p) => p === 'personnes-exilees' || p === 'tous-publics');
    expect(
      essonne.filter(
        (o) => o.thematiques.includes('lecture-ecriture-calcul--maitriser-le-francais') && open(o),
      ).length,
    ).toBeGreaterThan(20);
    expect(
      essonne.filter((o) => o.thematiques.some((t) => t.startsWith('numerique--')) && open(o)).length,
    ).toBeGreaterThan(20);
    expect(near('91228', 'lecture-ecriture-calcul--maitriser-le-francais', 3).length).toBeGreaterThan(0);
  });
});

function deuxSevresBourgs(): string[] {
  const codes = new Set(all.filter((o) => o.code_insee?.startsWith('79')).map((o) => o.code_insee!));
  return [...codes].filter(
    (c) => (getCommune(c)?.population ?? 0) >= PERSONA_COMMUNES.deuxSevresMinPopulation,
  );
}

describe('national set', () => {
  it(
    'is valid, deterministic, spread over France, with partenaire filled',
    () => {
      const first = [...generateNationalOffers(3000, 7)];
      const again = [...generateNationalOffers(3000, 7)];
      expect(again.map((o) => o.id)).toEqual(first.map((o) => o.id));
      const invalid = first.filter((o) => !OfferSchema.safeParse(o).success);
      expect(invalid).toEqual([]);
      expect(new Set(first.map((o) => o.id)).size).toBe(first.length);
      expect(new Set(first.map((o) => o.code_insee!.slice(0, 2))).size).toBeGreaterThan(80);
      expect(first.every((o) => o.partenaire && /^[a-z0-9][a-z0-9-]{1,62}$/.test(o.partenaire))).toBe(true);
    },
    SLOW,
  );

  it(
    'streams to a CSV file that parses back row for row',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'spie-national-'));
      try {
        const path = join(dir, 'sub', 'offres.csv');
        expect(await writeNationalCsv(path, 2500, 3)).toBe(2500);
        const records = parse(readFileSync(path, 'utf8')) as string[][];
        expect(records[0]).toEqual(OFFER_FIELDS);
        expect(records.length).toBe(2501);
        const header = records[0]!;
        const row = Object.fromEntries(header.map((h, i) => [h, records[1]![i] ?? '']));
        expect(OfferSchema.safeParse(rowToInput(row)).success).toBe(true);
        const { report } = await validateOffersFile(readFileSync(path));
        expect([report.valid, report.stats.validRows, report.errors, report.warnings]).toEqual([
          true,
          2500,
          [],
          [],
        ]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    SLOW,
  );
});
