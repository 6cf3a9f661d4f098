// A small least-recently-used cache of search results for the embedded engine. Keyed by the
// validated (normalised) query; the engine clears it whenever the catalogue changes (replaceAll,
// replacePartner), so a cached answer is always the answer of the current catalogue. Results are
// frozen: every caller gets the same object and must not change it.
import type { SearchResult } from '@spie/core';

export interface CacheStats {
  hits: number;
  misses: number;
  entries: number;
}

export class ResultCache {
  private readonly entries = new Map<string, SearchResult>();
  hits = 0;
  misses = 0;

  constructor(private readonly capacity = 512) {}

  get(key: string): SearchResult | undefined {
    const found = this.entries.get(key);
    if (found === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    // Map keeps insertion order: re-inserting marks the entry as the most recently used.
    this.entries.delete(key);
    this.entries.set(key, found);
    return found;
  }

  set(key: string, result: SearchResult): SearchResult {
    if (this.capacity <= 0) return result;
    Object.freeze(result.hits);
    for (const counts of Object.values(result.facets)) Object.freeze(counts);
    Object.freeze(result.facets);
    Object.freeze(result);
    this.entries.set(key, result);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return result;
  }

  clear(): void {
    this.entries.clear();
  }

  stats(): CacheStats {
    return { hits: this.hits, misses: this.misses, entries: this.entries.size };
  }
}
