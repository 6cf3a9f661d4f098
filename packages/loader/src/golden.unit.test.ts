// Golden tests: the French report on real-looking bad files is compared with a reviewed copy
// (tests/fixtures/csv/*.rapport.json). `UPDATE_GOLDEN=1 pnpm exec vitest run …` rewrites them after review.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateOffersFile } from './validate.ts';

const dir = new URL('../../../tests/fixtures/csv/', import.meta.url).pathname;
const NOW = new Date('2026-11-27T12:00:00Z');

async function reportOf(name: string) {
  const r = await validateOffersFile(readFileSync(join(dir, name)), { now: NOW });
  return { result: r, golden: { ...r.report, offers: r.offers.map((o) => o.id) } };
}

describe('golden reports', () => {
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.csv'))) {
    it(name, async () => {
      const { golden } = await reportOf(name);
      const path = join(dir, name.replace(/\.csv$/, '.rapport.json'));
      if (process.env.UPDATE_GOLDEN || !existsSync(path))
        writeFileSync(path, `${JSON.stringify(golden, null, 2)}\n`);
      expect(golden).toEqual(JSON.parse(readFileSync(path, 'utf8')));
    });
  }
});

// Pointed assertions on the same files, so that a wrong golden cannot hide a regression.
describe('what the reports must say', () => {
  it('reads an Excel Windows-1252 file with `;` and decimal commas, accents intact', async () => {
    const { result } = await reportOf('excel-cp1252-point-virgule.csv');
    expect(result.report.stats).toMatchObject({
      encoding: 'windows-1252',
      delimiter: ';',
      rows: 2,
      validRows: 2,
    });
    expect(result.report.valid).toBe(true);
    expect(result.offers[0]).toMatchObject({
      nom: 'Épicerie sociale et solidaire',
      latitude: 46.5802,
      longitude: 0.3404,
    });
    expect(result.offers[1]!.nom).toBe('Atelier numérique « premiers pas »');
    expect(result.offers[0]!.eligibilite_iae_requise).toBe(false);
  });

  it('matches headers whatever the case, accents and spacing, warns on unknown columns', async () => {
    const { result } = await reportOf('utf8-bom-entetes-libres.csv');
    expect(result.report.stats).toMatchObject({ encoding: 'utf-8', delimiter: ';' });
    expect(result.report.errors).toEqual([]);
    expect(result.report.warnings).toEqual([
      expect.objectContaining({
        row: 1,
        column: 'Colonne perso',
        message: expect.stringContaining('colonne inconnue'),
      }),
    ]);
    expect(result.offers[0]).toMatchObject({
      id: 'ml-niort-permis',
      eligibilite_iae_requise: true,
      code_postal: '79000',
    });
    // `,` accepted as list separator between known slugs.
    expect(result.offers[1]!.thematiques).toHaveLength(2);
    expect(result.offers[1]!.mobilisable_par).toEqual(['usagers', 'professionnels']);
  });

  it('reports a missing required column once, on row 1', async () => {
    const { result } = await reportOf('colonne-obligatoire-absente.csv');
    expect(result.report.errors).toEqual([
      expect.objectContaining({
        row: 1,
        column: 'thematiques',
        message: expect.stringMatching(/colonne obligatoire absente/),
      }),
    ]);
    expect(result.offers).toEqual([]);
  });

  it('suggests the near vocabulary value', async () => {
    const { result } = await reportOf('vocabulaire-fautes.csv');
    const e = result.report.errors.find((x) => x.value === 'mobilite--preparer-permis');
    expect(e).toMatchObject({ row: 2, column: 'thematiques', suggestion: 'mobilite--preparer-un-permis' });
    expect(e!.message).toContain('vouliez-vous dire « mobilite--preparer-un-permis » (Préparer un permis) ?');
    expect(result.report.errors.find((x) => x.value === 'jeune')?.suggestion).toBe('jeunes');
    expect(result.report.errors.find((x) => x.value === 'logement-hebergement')?.message).toMatch(
      /est une catégorie/,
    );
  });

  it('checks INSEE codes, postal codes, distances and zones against the territory', async () => {
    const { result } = await reportOf('territoire-incoherent.csv');
    const at = (row: number) => result.report.errors.filter((e) => e.row === row).map((e) => e.message);
    expect(at(2)).toEqual([expect.stringContaining('code INSEE inconnu')]);
    expect(at(3)).toEqual([expect.stringContaining('ne correspond pas à la commune Niort')]);
    expect(at(4)).toEqual([expect.stringContaining('« 99 »')]);
    expect(result.report.warnings.filter((w) => w.row === 4)[0]!.message).toMatch(/km du centre de Niort/);
    expect(result.report.warnings.some((w) => w.row === 5 && w.column === 'commune')).toBe(true);
    // Warnings do not block: the misplaced point with the wrong commune name is still publishable.
    expect(result.offers.map((o) => o.id)).toEqual(['t-4']);
  });

  it('reports duplicate ids, implausible dates and bad formats', async () => {
    const { result } = await reportOf('doublons-et-formats.csv');
    const messages = result.report.errors.map((e) => `${e.row}:${e.column}:${e.message}`);
    expect(messages).toContain('4:id:identifiant en double : déjà utilisé ligne 2');
    expect(messages).toContain('3:date_maj:date de mise à jour dans le futur');
    expect(messages.some((m) => m.startsWith('4:date_maj:') && m.includes('2000'))).toBe(true);
    expect(messages.some((m) => m.startsWith('3:courriel:'))).toBe(true);
    expect(messages.some((m) => m.startsWith('3:telephone:'))).toBe(true);
    expect(messages.some((m) => m.startsWith('3:lien_source:'))).toBe(true);
    expect(messages.some((m) => m.startsWith('3:age_max:'))).toBe(true);
    expect(result.offers.map((o) => o.id)).toEqual(['d-1']);
  });

  it('warns on formula-looking cells and keeps them as inert text', async () => {
    const { result } = await reportOf('formules.csv');
    const formulaWarnings = result.report.warnings.filter((w) => w.message.includes('formule'));
    expect(formulaWarnings.map((w) => `${w.row}:${w.column}`)).toEqual([
      '2:nom',
      '2:lien_source',
      '3:description',
      '4:nom',
    ]);
    // A formula is never a valid web address; phone numbers and negative numbers are not formulas.
    expect(result.report.errors.map((e) => `${e.row}:${e.column}`)).toEqual(['2:lien_source']);
    expect(result.offers.map((o) => o.id)).toEqual(['f-2', 'f-3']);
    expect(result.offers[1]!.nom).toBe("@SUM(1+1)*cmd|' /C calc'!A0");
  });

  it('numbers rows like the spreadsheet even with multi-line cells, and gives the text line', async () => {
    const { result } = await reportOf('cellules-multilignes.csv');
    expect(result.report.errors).toEqual([
      expect.objectContaining({ row: 3, line: 5, column: 'thematiques' }),
      expect.objectContaining({ row: 5, line: 8, column: 'date_maj', message: 'date inexistante' }),
    ]);
    expect(result.offers[0]!.description.split('\n')).toHaveLength(3);
  });

  it('explains a file whose delimiter is not recognised', async () => {
    const { result } = await reportOf('separateur-inconnu.csv');
    expect(result.report.errors).toEqual([
      expect.objectContaining({ row: 1, message: expect.stringMatching(/séparateur/) }),
    ]);
  });
});

describe('a French Excel file as partners save it', () => {
  it('publishes with zero errors: Windows-1252, `;`, JJ/MM/AAAA and J/M/AAAA dates, decimal commas, French labels', async () => {
    const { result } = await reportOf('excel-francais-dates-libelles.csv');
    expect(result.report.errors).toEqual([]);
    expect(result.report.stats).toMatchObject({ encoding: 'windows-1252', delimiter: ';', validRows: 3 });
    const [maraichage, espacesVerts, permis] = result.offers;
    // Dates compared as dates: 31/05/2027 → 16/07/2027 is in order (it was "precedes" as text).
    expect(maraichage).toMatchObject({
      date_maj: '2026-01-15',
      date_debut: '2027-05-31',
      date_fin: '2027-07-16',
      latitude: 46.2227,
      longitude: -0.1425,
      frais: 'gratuit',
      publics: ['demandeurs-emploi', 'beneficiaires-des-minimas-sociaux'],
      eligibilite_iae_requise: true,
    });
    expect(espacesVerts).toMatchObject({
      date_maj: '2026-01-05',
      date_debut: '2026-09-01',
      volume_horaire_hebdomadaire: 17.5,
    });
    expect(permis?.thematiques).toEqual(['mobilite--preparer-un-permis']);
    // Each label converted says so, once per cell.
    const notes = result.report.warnings.filter((w) => w.row === 4 && w.column === 'thematiques');
    expect(notes).toEqual([
      expect.objectContaining({
        value: 'Préparer un permis',
        message: expect.stringMatching(/converti en « mobilite--preparer-un-permis »/),
      }),
    ]);
  });

  it('one message per bad date, and date order compared as dates', async () => {
    const csv = [
      'id;structure_id;nom;description;date_maj;thematiques;date_debut;date_fin',
      'a-1;s;Atelier;Un atelier collectif pour préparer son entretien d’embauche avec des professionnels.;31/02/2026;numerique--maitriser-les-fondamentaux-du-numerique;;',
      'a-2;s;Atelier;Un atelier collectif pour préparer son entretien d’embauche avec des professionnels.;15/01/2026;numerique--maitriser-les-fondamentaux-du-numerique;16/07/2027;31/05/2027',
    ].join('\r\n');
    const r = await validateOffersFile(csv, { now: NOW });
    expect(r.report.errors.map((e) => [e.column, e.value, e.message])).toEqual([
      ['date_maj', '31/02/2026', 'date inexistante'],
      ['date_fin', '31/05/2027', 'la date de fin (31/05/2027) précède la date de début (16/07/2027)'],
    ]);
  });
});
