import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CATEGORIE_VALUES,
  CATEGORIES,
  categoryOf,
  expandThematique,
  FRAIS,
  isCategory,
  labelOf,
  MAX_SUGGESTION_INPUT,
  MODES_ACCUEIL,
  MODES_MOBILISATION,
  PERSONNES_MOBILISATRICES,
  PUBLICS,
  RESEAUX_PORTEURS,
  suggestValue,
  THEMATIQUE_OU_CATEGORIE_VALUES,
  THEMATIQUE_VALUES,
  THEMATIQUES,
  TYPES_DE_SERVICES,
  thematiqueMatches,
  VOCABULARIES,
} from './index.ts';

// The data·inclusion v1 vocabularies as published (value | label | description per line).
const REFERENCE = '/work/shared/reference/data-inclusion-v1-vocabularies.txt';
const reference = new Map<string, { value: string; label: string }[]>();
if (existsSync(REFERENCE)) {
  let section = '';
  for (const line of readFileSync(REFERENCE, 'utf8').split('\n')) {
    if (line.startsWith('== ')) {
      section = line.slice(3).trim();
      reference.set(section, []);
    } else if (section && line.includes(' | ')) {
      const [value, label] = line.split(' | ');
      reference.get(section)!.push({ value: value!.trim(), label: label!.trim() });
    }
  }
}

const OURS: Record<string, readonly { value: string; label: string }[]> = {
  thematiques: THEMATIQUES,
  frais: FRAIS,
  'modes-accueil': MODES_ACCUEIL,
  'modes-mobilisation': MODES_MOBILISATION,
  'personnes-mobilisatrices': PERSONNES_MOBILISATRICES,
  publics: PUBLICS,
  'reseaux-porteurs': RESEAUX_PORTEURS,
  'types-de-services': TYPES_DE_SERVICES,
};

describe('data·inclusion v1 vocabularies', () => {
  it.skipIf(reference.size === 0)('match the reference file value for value, label for label', () => {
    expect([...reference.keys()].sort()).toEqual(Object.keys(OURS).sort());
    for (const [name, entries] of reference) {
      const ours = OURS[name]!.map((e) => ({ value: e.value, label: e.label }));
      expect(ours, name).toEqual(entries);
    }
  });

  it('have the published sizes', () => {
    expect(THEMATIQUES).toHaveLength(69);
    expect(PUBLICS).toHaveLength(14);
    expect(RESEAUX_PORTEURS).toHaveLength(108);
    expect(TYPES_DE_SERVICES).toHaveLength(6);
    expect(MODES_MOBILISATION).toHaveLength(4);
    expect([FRAIS.length, MODES_ACCUEIL.length, PERSONNES_MOBILISATRICES.length]).toEqual([2, 2, 2]);
  });

  it('have unique slugs, and every field vocabulary is exposed', () => {
    for (const [field, values] of Object.entries(VOCABULARIES))
      expect(new Set(values).size, field).toBe(values.length);
    expect(VOCABULARIES.thematiques).toBe(THEMATIQUE_VALUES);
  });
});

describe('categories', () => {
  it('are exactly the prefixes of the thématiques, each with a French label', () => {
    const prefixes = new Set(THEMATIQUE_VALUES.map((t) => t.split('--')[0]));
    expect(new Set(CATEGORIE_VALUES)).toEqual(prefixes);
    for (const c of CATEGORIES) expect(c.label).toMatch(/^[A-ZÉ]/);
    expect(THEMATIQUE_OU_CATEGORIE_VALUES).toHaveLength(THEMATIQUE_VALUES.length + CATEGORIE_VALUES.length);
  });

  it('are recognised and found from a besoin', () => {
    expect(isCategory('mobilite')).toBe(true);
    expect(isCategory('mobilite--preparer-un-permis')).toBe(false);
    expect(categoryOf('mobilite--preparer-un-permis')).toBe('mobilite');
    expect(categoryOf('inconnu--x')).toBeUndefined();
  });
});

describe('expandThematique and thematiqueMatches', () => {
  it('expand a category to all its besoins, a besoin to itself, anything else to nothing', () => {
    expect(expandThematique('mobilite')).toEqual([
      'mobilite--acceder-a-un-vehicule',
      'mobilite--entretenir-reparer-son-vehicule',
      'mobilite--etre-accompagne-dans-son-parcours-mobilite',
      'mobilite--financer-ma-mobilite',
      'mobilite--mobilite-douce-partagee-collective',
      'mobilite--preparer-un-permis',
    ]);
    expect(expandThematique('famille--garde-denfants')).toEqual(['famille--garde-denfants']);
    expect(expandThematique('garde-denfants')).toEqual([]);
    const total = CATEGORIE_VALUES.reduce((n, c) => n + expandThematique(c).length, 0);
    expect(total).toBe(THEMATIQUE_VALUES.length);
  });

  it('match a besoin with itself or its category, never a sibling or a mere prefix', () => {
    expect(thematiqueMatches('mobilite--preparer-un-permis', 'mobilite--preparer-un-permis')).toBe(true);
    expect(thematiqueMatches('mobilite--preparer-un-permis', 'mobilite')).toBe(true);
    expect(thematiqueMatches('mobilite--preparer-un-permis', 'mobilite--financer-ma-mobilite')).toBe(false);
    expect(thematiqueMatches('mobilite--preparer-un-permis', 'mobi')).toBe(false);
    expect(thematiqueMatches('numerique--acquerir-un-equipement', 'mobilite')).toBe(false);
  });
});

describe('labels and suggestions', () => {
  it('give French labels, réseaux porteurs in their own namespace', () => {
    expect(labelOf('famille--garde-denfants')).toBe('Garde d’enfants');
    expect(labelOf('mobilite')).toBe('Mobilité');
    expect(labelOf('tous-publics')).toBe('Tous publics');
    expect(labelOf('aci', 'reseaux_porteurs')).toMatch(/Chantiers d’Insertion/);
    expect(labelOf('inconnu')).toBe('inconnu');
  });

  it('suggest the nearest slug for a near miss, nothing for noise', () => {
    expect(suggestValue('thematiques', 'mobilite--preparer-un-permi')).toBe('mobilite--preparer-un-permis');
    expect(suggestValue('thematiques', 'Mobilite')).toBe('mobilite');
    expect(suggestValue('publics', 'jeune')).toBe('jeunes');
    expect(suggestValue('frais', 'gratuits')).toBe('gratuit');
    expect(suggestValue('modes_accueil', 'a distance')).toBe('a-distance');
    expect(suggestValue('publics', 'zzzzzzzz')).toBeUndefined();
    expect(suggestValue('type', 'coaching')).toBeUndefined();
  });

  it('are bounded: nothing past MAX_SUGGESTION_INPUT characters, the same answer when memoised', () => {
    const longSlug = THEMATIQUE_OU_CATEGORIE_VALUES.reduce((a, b) => (b.length > a.length ? b : a));
    expect(longSlug.length).toBeLessThan(MAX_SUGGESTION_INPUT);
    // A near miss of the longest slug still gets its suggestion…
    expect(suggestValue('thematiques', `${longSlug.slice(0, -1)}x`)).toBe(longSlug);
    // …but a long hostile value is not compared with the whole vocabulary at all.
    expect(suggestValue('thematiques', `${longSlug}${'-'.repeat(MAX_SUGGESTION_INPUT)}`)).toBeUndefined();
    expect(suggestValue('thematiques', 'x'.repeat(1_000_000))).toBeUndefined();
    for (let i = 0; i < 3; i++) expect(suggestValue('publics', 'jeune')).toBe('jeunes');
  });
});
