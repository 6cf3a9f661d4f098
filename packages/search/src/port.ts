// The search port: one interface for every engine (embedded, in process or on threads; Meilisearch,
// in process or with suggestions on threads). Query semantics live in @spie/core.
import type { Diagnostic, Offer, OfferQuery, SearchResult, SuggestionsResult } from '@spie/core';

export type EngineName = 'embedded' | 'meilisearch';

export interface SearchEngine {
  readonly name: EngineName;
  /** Replace the whole catalogue (zero downtime on Meilisearch: build, swap, drop). */
  replaceAll(offers: readonly Offer[]): Promise<void>;
  /** Replace one partner's offers and nothing else. */
  replacePartner(partner: string, offers: readonly Offer[]): Promise<void>;
  search(query: OfferQuery, options?: SearchOptions): Promise<SearchResult>;
  get(id: string): Promise<Offer | undefined>;
  count(): Promise<number>;
  close?(): Promise<void>;
  /**
   * Optional: the whole matching run where the catalogue lives (the threaded engine runs it on a search
   * thread instead of paging candidates across threads). `findSuggestions` uses it when present.
   */
  suggestions?(diagnostic: Diagnostic, options: SuggestionsRunOptions): Promise<SuggestionsResult>;
}

export interface SearchOptions {
  /**
   * The query is built from personal data (a diagnostic's point, zone codes, needs): it is never kept
   * in a cache shared between requests (issue 14: the result cache held parts of diagnostics).
   */
  personal?: boolean;
}

/** What `findSuggestions` passes on to an engine's own `suggestions` (plain data, no functions). */
export interface SuggestionsRunOptions {
  today?: string;
  config?: Partial<import('@spie/core').MatchingConfig>;
  maxCandidates?: number;
  includeUnlocated?: boolean;
}

/** The engine cannot answer (Meilisearch unreachable, search threads stopped): callers answer 503. */
export class SearchUnavailableError extends Error {
  override name = 'SearchUnavailableError';
}
