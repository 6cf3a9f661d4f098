// Engine choice: Meilisearch when a URL is configured, the embedded engine otherwise. Environment
// variables (MEILI_URL, MEILI_MASTER_KEY) are read by callers, never inside the package.
import { EmbeddedSearchEngine } from './embedded-engine.ts';
import { MeilisearchEngine } from './meilisearch-engine.ts';
import type { SearchEngine } from './port.ts';
import { ThreadedMeilisearchEngine, ThreadedSearchEngine } from './threaded-engine.ts';

export interface SearchEngineOptions {
  meiliUrl?: string;
  meiliApiKey?: string;
  indexName?: string;
  /**
   * Servers: worker threads (0 or absent: everything in-process). Embedded engine: each thread holds the
   * catalogue and answers searches and suggestions. Meilisearch: the threads run the suggestions.
   */
  threads?: number;
  /** Embedded engine on threads: one catalogue image shared by the threads (default), or one copy each */
  sharedImage?: boolean;
}

export function createSearchEngine(options: SearchEngineOptions = {}): SearchEngine {
  const threads = options.threads && options.threads > 0 ? options.threads : 0;
  if (options.meiliUrl) {
    const meili = {
      url: options.meiliUrl,
      ...(options.meiliApiKey ? { apiKey: options.meiliApiKey } : {}),
      ...(options.indexName ? { indexName: options.indexName } : {}),
    };
    return threads ? new ThreadedMeilisearchEngine({ ...meili, threads }) : new MeilisearchEngine(meili);
  }
  if (threads)
    return new ThreadedSearchEngine({
      threads,
      ...(options.sharedImage === false ? { sharedImage: false } : {}),
    });
  return new EmbeddedSearchEngine();
}
