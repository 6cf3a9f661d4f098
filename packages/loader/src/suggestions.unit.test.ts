// "Vouliez-vous dire" on hostile files (issue 14): bounded per file, a repeated typo keeps its suggestion.
import { describe, expect, it } from 'vitest';
import { MAX_SUGGESTED_VALUES } from './row-validator.ts';
import { validateOffersFile } from './validate.ts';

const header = 'id;structure_id;nom;description;date_maj;thematiques';
const description = 'Accompagnement vers l’emploi avec un conseiller et des ateliers.';
const file = (thematique: (i: number) => string, rows: number) =>
  Buffer.from(
    [
      header,
      ...Array.from(
        { length: rows },
        (_, i) => `o-${i};s;Offre ${i};${description};2026-06-01;${thematique(i)}`,
      ),
    ].join('\r\n'),
  );

describe('vouliez-vous dire on a hostile file', () => {
  it('stops suggesting after MAX_SUGGESTED_VALUES distinct unknown values', async () => {
    const rows = MAX_SUGGESTED_VALUES + 100;
    // Distinct near misses: each one would get a suggestion if it were alone.
    const { report } = await validateOffersFile(
      file((i) => `mobilite--preparer-un-permi${String.fromCharCode(97 + (i % 26))}${i}`, rows),
    );
    expect(report.stats.errors).toBe(rows);
    const suggested = report.errors.filter((e) => e.suggestion === 'mobilite--preparer-un-permis');
    expect(suggested.length).toBe(MAX_SUGGESTED_VALUES);
    expect(report.errors.at(-1)?.suggestion).toBeUndefined();
    expect(report.errors.at(-1)?.message).toMatch(/valeur inconnue/);
  });

  it('keeps the suggestion of a typo repeated on every row', async () => {
    const rows = MAX_SUGGESTED_VALUES * 3;
    const { report } = await validateOffersFile(file(() => 'mobilite--preparer-un-permi', rows));
    expect(report.errors.every((e) => e.suggestion === 'mobilite--preparer-un-permis')).toBe(true);
    expect(report.errors.at(-1)?.message).toContain('vouliez-vous dire « mobilite--preparer-un-permis » ?');
  });
});
