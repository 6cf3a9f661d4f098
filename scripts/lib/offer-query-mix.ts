// The /api/offres load mix shared by the load benchmark and the in-process search profile: distinct
// queries as professionals type them (words with typos, communes with radii, filters, pages).
import {
  CATEGORIE_VALUES,
  FRAIS_VALUES,
  MODE_ACCUEIL_VALUES,
  PUBLIC_VALUES,
  THEMATIQUE_VALUES,
  TYPE_SERVICE_VALUES,
} from '@spie/core';
import { getCommune } from '@spie/territory';
import { mulberry32 as prng } from '../demo/random.ts';

const WORDS = [
  'permis',
  'emploi',
  'logement',
  'numerique',
  'atelier',
  'formation',
  'sante',
  'mobilite',
  'accompagnement',
  'insertion',
  'garde',
  'enfants',
  'budget',
  'alimentaire',
  'handicap',
  'chantier',
  'entretien',
  'benevolat',
  'francais',
  'apprentissage',
  'transport',
  'voiture',
  'velo',
  'ordinateur',
  'internet',
  'dettes',
  'hebergement',
  'urgence',
  'psychologue',
  'soins',
  'creation',
  'entreprise',
  'jeunes',
  'seniors',
  'retraite',
  'cv',
  'stage',
  'alternance',
  'couture',
  'cuisine',
  'jardin',
  'sport',
  'culture',
  'lecture',
  'ecriture',
  'administratif',
  'droits',
  'juridique',
  'famille',
  'parentalite',
];
// Communes across France (mainland, Corsica, overseas), big cities and small préfectures.
export const COMMUNES = [
  '75056',
  '13055',
  '69123',
  '31555',
  '06088',
  '44109',
  '67482',
  '34172',
  '33063',
  '59350',
  '35238',
  '51454',
  '42218',
  '83137',
  '76351',
  '38185',
  '21231',
  '49007',
  '30189',
  '63113',
  '72181',
  '29019',
  '37261',
  '80021',
  '87085',
  '25056',
  '45234',
  '57463',
  '76540',
  '14118',
  '54395',
  '66136',
  '86194',
  '64445',
  '17300',
  '79191',
  '2A004',
  '97411',
  '24322',
  '15014',
  '05061',
  '23096',
  '48095',
  '09122',
  '97105',
  '01053',
  '03190',
  '08105',
  '12202',
  '16015',
  '18033',
  '19272',
  '22278',
  '26362',
  '36044',
  '40192',
  '41018',
  '43157',
  '46042',
  '47001',
  '50502',
  '53130',
  '55029',
  '58194',
  '61001',
  '65440',
  '70550',
  '73065',
  '74010',
  '81004',
  '82121',
  '85191',
  '88160',
  '89024',
  '90010',
].filter((code) => getCommune(code) !== undefined);

/** One typo as people make them: a letter dropped, doubled, swapped with the next, or replaced. */
function typo(word: string, r: () => number): string {
  if (word.length < 5) return word;
  const i = 1 + Math.floor(r() * (word.length - 2));
  switch (Math.floor(r() * 4)) {
    case 0:
      return word.slice(0, i) + word.slice(i + 1);
    case 1:
      return word.slice(0, i) + word[i] + word.slice(i);
    case 2:
      return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
    default:
      return word.slice(0, i) + 'aeioursnt'[Math.floor(r() * 9)] + word.slice(i + 1);
  }
}

/**
 * `count` distinct /api/offres queries: text (one or two words, a third with a typo), communes with
 * radii and distance sort, vocabulary filters alone and combined, pages and page sizes. Far more
 * distinct queries than the embedded engine's result cache holds (512), drawn at random by every
 * connection: the cache cannot carry the figures (its hit rate is reported).
 */
export function queryMix(count: number, seed: number): string[] {
  const r = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(r() * items.length)]!;
  const out = new Set<string>();
  while (out.size < count) {
    const p = new URLSearchParams();
    if (r() < 0.55) {
      const words = Array.from({ length: r() < 0.7 ? 1 : 2 }, () => pick(WORDS));
      p.set('q', words.map((w) => (r() < 0.33 ? typo(w, r) : w)).join(' '));
    }
    if (r() < 0.5) {
      p.set('commune', pick(COMMUNES));
      p.set('rayon', String(pick([5, 10, 15, 20, 30, 50, 80, 120])));
      if (r() < 0.3) p.set('tri', 'distance');
      if (r() < 0.2) p.set('a_distance', 'exclure');
    }
    if (r() < 0.45) p.set('thematiques', pick(r() < 0.3 ? CATEGORIE_VALUES : THEMATIQUE_VALUES));
    if (r() < 0.2) p.set('publics', pick(PUBLIC_VALUES));
    if (r() < 0.15) p.set('frais', pick(FRAIS_VALUES));
    if (r() < 0.1) p.set('types', pick(TYPE_SERVICE_VALUES));
    if (r() < 0.1) p.set('modes_accueil', pick(MODE_ACCUEIL_VALUES));
    if (r() < 0.3) p.set('page', String(2 + Math.floor(r() * 4)));
    if (r() < 0.2) p.set('par_page', String(pick([10, 50])));
    out.add(`/api/offres${p.size ? `?${p}` : ''}`);
  }
  return [...out];
}
