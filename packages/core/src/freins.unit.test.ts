import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import {
  CARNET_THEMES,
  CONTRAINTES,
  FREINS,
  OBJECTIVE_THEME_CATEGORIES,
  proposeBesoins,
  slugifyLabel,
} from './freins.ts';
import { CATEGORIE_VALUES, THEMATIQUE_VALUES } from './vocabularies/index.ts';

const fixtures = new URL('../../../tests/fixtures/diagnostics/carnet-de-bord/', import.meta.url);
const readCsv = (name: string) =>
  parse(readFileSync(new URL(name, fixtures), 'utf8'), { columns: true, skip_empty_lines: true }) as {
    theme: string;
    theme_label: string;
    description: string;
  }[];

describe('freins → thématiques', () => {
  it('maps every carnet de bord situation, and nothing else', () => {
    const rows = readCsv('situations.csv');
    expect(rows.length).toBe(88);
    // Quoted cells with commas are read whole.
    expect(rows.some((r) => r.description === 'Autre type de logement (hôtel, …)')).toBe(true);
    const mapped = FREINS.map((f) => `${f.theme}|${f.label}`).sort();
    const expected = rows.map((r) => `${r.theme}|${r.description.replace(/\s+/g, ' ')}`).sort();
    expect(mapped).toEqual(expected);
    for (const r of rows)
      expect(CARNET_THEMES[r.theme as keyof typeof CARNET_THEMES]?.label).toBe(r.theme_label);
  });

  it('proposes only data·inclusion v1 thématiques, with unique slugs', () => {
    const vocabulary = new Set<string>(THEMATIQUE_VALUES);
    for (const f of [...FREINS, ...CONTRAINTES])
      for (const t of f.thematiques) expect(vocabulary.has(t), `${f.value} → ${t}`).toBe(true);
    expect(new Set(FREINS.map((f) => f.value)).size).toBe(FREINS.length);
    expect(CONTRAINTES).toHaveLength(7);
  });

  it('every obstacle theme proposes something; resources propose nothing', () => {
    for (const c of CONTRAINTES) expect(c.thematiques.length).toBeGreaterThan(0);
    const value = (label: string) => FREINS.find((f) => f.label === label)?.value ?? '';
    expect(proposeBesoins([value('Permis B'), value('Propriétaire')])).toEqual([]);
    expect(
      proposeBesoins([
        value('Enfant(s) de moins de 3 ans sans solution de garde'),
        value('Permis et/ou code en cours'),
      ]),
    ).toEqual(['famille--garde-denfants', 'mobilite--financer-ma-mobilite', 'mobilite--preparer-un-permis']);
    expect(proposeBesoins(['savoirs-de-base', 'inconnu'])).toContain(
      'lecture-ecriture-calcul--maitriser-le-francais',
    );
  });

  it('slugs are stable and readable', () => {
    expect(slugifyLabel('Difficulté en français à l’oral')).toBe('difficulte-en-francais-a-l-oral');
    expect(FREINS.find((f) => f.label === 'Permis et/ou code en cours')?.value).toBe(
      'mobilite--permis-et-ou-code-en-cours',
    );
  });

  it('maps every objective theme to existing categories', () => {
    const themes = new Set(readCsv('objectives.csv').map((r) => r.theme));
    expect(Object.keys(OBJECTIVE_THEME_CATEGORIES).sort()).toEqual([...themes].sort());
    for (const cats of Object.values(OBJECTIVE_THEME_CATEGORIES))
      for (const c of cats) expect((CATEGORIE_VALUES as readonly string[]).includes(c)).toBe(true);
  });
});
