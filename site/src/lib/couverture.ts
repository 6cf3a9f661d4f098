// The observatoire's server side: one CoverageIndex per catalogue version (each partner's current
// store version) and day, so a publication or a new day recomputes; CSV export safe for spreadsheets.
import { labelOf } from '@spie/core';
import { neutralize } from '@spie/loader';
import {
  type CommuneCoverage,
  CoverageIndex,
  type CoverageQuery,
  type CoverageResult,
  parisToday,
} from '@spie/search';
import { stringify } from 'csv-stringify/sync';
import { runtime } from './runtime.ts';

let current: { key: string; index: Promise<CoverageIndex> } | undefined;

/** The coverage of a validated query on the catalogue being served. */
export async function coverage(query: CoverageQuery): Promise<CoverageResult> {
  const rt = await runtime();
  const today = parisToday();
  const key = JSON.stringify([today, rt.versions.map((v) => [v.partner, v.version])]);
  if (current?.key !== key) {
    const index = rt.store.currentOffers().then((offers) => new CoverageIndex(offers, today));
    current = { key, index };
    index.catch(() => {
      if (current?.index === index) current = undefined;
    });
  }
  return (await current.index).compute(query);
}

export type SortKey = 'nom' | 'population' | 'offres' | 'distance' | 'plus_proche';
export const SORT_KEYS: readonly SortKey[] = ['nom', 'population', 'offres', 'distance', 'plus_proche'];

/** Table order: the uncovered, most populous communes first by default (what a coordinator looks for). */
export function sortCommunes(
  rows: readonly CommuneCoverage[],
  key: SortKey,
  desc: boolean,
): CommuneCoverage[] {
  const value = (r: CommuneCoverage): number | string => {
    switch (key) {
      case 'nom':
        return r.nom;
      case 'population':
        return r.population;
      case 'offres':
        return r.offres_accessibles;
      case 'distance':
        return r.offres_a_distance;
      case 'plus_proche':
        return r.plus_proche_km ?? Number.POSITIVE_INFINITY;
    }
  };
  const sign = desc ? -1 : 1;
  return [...rows].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    const c = typeof va === 'string' ? va.localeCompare(vb as string, 'fr') : va - (vb as number);
    return sign * c || a.code.localeCompare(b.code);
  });
}

/** CSV (UTF-8 with BOM for Excel, `;`, decimal comma): every text cell neutralised against formulas. */
export function coverageCsv(r: CoverageResult): string {
  const decimal = (n: number | null) => (n === null ? '' : String(n).replace('.', ','));
  const rows: string[][] = [
    [
      'code_insee',
      'commune',
      'epci',
      'departement',
      'population',
      'offres_accessibles',
      'offres_a_distance',
      'plus_proche_km',
      'besoin',
      'mode',
    ],
    ...r.communes.map((c) => [
      c.code,
      neutralize(c.nom),
      c.epci ?? '',
      c.departement,
      String(c.population),
      String(c.offres_accessibles),
      String(c.offres_a_distance),
      decimal(c.plus_proche_km),
      neutralize(labelOf(r.besoin)),
      r.mode,
    ]),
  ];
  return `\ufeff${stringify(rows, { delimiter: ';', record_delimiter: '\r\n' })}`;
}
