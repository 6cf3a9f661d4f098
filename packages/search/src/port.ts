// The search port: one interface, two engines (embedded, Meilisearch). Query semantics live in @spie/core.
import type { Offer, OfferQuery, SearchResult } from '@spie/core';

export type EngineName = 'embedded' | 'meilisearch';

export interface SearchEngine {
  readonly name: EngineName;
  /** Replace the whole catalogue (zero downtime on Meilisearch: build, swap, drop). */
  replaceAll(offers: readonly Offer[]): Promise<void>;
  /** Replace one partner's offers and nothing else. */
  replacePartner(partner: string, offers: readonly Offer[]): Promise<void>;
  search(query: OfferQuery): Promise<SearchResult>;
  get(id: string): Promise<Offer | undefined>;
  count(): Promise<number>;
  close?(): Promise<void>;
}

/** The engine cannot answer (Meilisearch unreachable, search threads stopped): callers answer 503. */
export class SearchUnavailableError extends Error {
  override name = 'SearchUnavailableError';
}
