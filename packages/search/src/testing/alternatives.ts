// Measured alternatives for the benchmark (scripts cannot import the package's dependencies directly):
// MiniSearch used alone for text, and the meilisearch-js client with its default request options.
import type { Offer } from '@spie/core';
import { Meilisearch } from 'meilisearch';
import MiniSearch from 'minisearch';
import { stem, words } from '../text.ts';

export function miniSearchAlone(offers: readonly Offer[]): {
  loadMs: number;
  search: (q: string) => number[];
} {
  const ms = new MiniSearch<{
    id: number;
    nom: string;
    description: string;
    structure_nom: string;
    commune: string;
  }>({
    fields: ['nom', 'structure_nom', 'description', 'commune'],
    tokenize: (s) => words(s),
    processTerm: stem,
    searchOptions: { boost: { nom: 6, structure_nom: 2 }, fuzzy: 0.2, prefix: true, maxFuzzy: 2 },
  });
  const t = performance.now();
  ms.addAll(
    offers.map((o, id) => ({
      id,
      nom: o.nom,
      description: o.description,
      structure_nom: o.structure_nom ?? '',
      commune: o.commune ?? '',
    })),
  );
  return { loadMs: performance.now() - t, search: (q) => ms.search(q).map((r) => r.id as number) };
}

/** The client as a caller would create it without our request options (compressed responses). */
export function defaultClientSearch(url: string, apiKey: string, index: string) {
  const client = new Meilisearch({ host: url, apiKey }).index(index);
  return (q: string, params: Record<string, unknown>) => client.search(q, params);
}
