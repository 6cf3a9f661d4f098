// Engine choice: Meilisearch when a URL is configured, the embedded engine otherwise. Environment
// variables (MEILI_URL, MEILI_MASTER_KEY) are read by callers, never inside the package.
import { EmbeddedSearchEngine } from './embedded-engine.ts';
import { MeilisearchEngine } from './meilisearch-engine.ts';
import type { SearchEngine } from './port.ts';
import { ThreadedSearchEngine } from './threaded-engine.ts';

export interface SearchEngineOptions {
  meiliUrl?: string;
  meiliApiKey?: string;
  indexName?: string;
  /** embedded engine only: run it on this many worker threads (servers); 0 or absent: in-process */
  threads?: number;
}

export function createSearchEngine(options: SearchEngineOptions = {}): SearchEngine {
  if (options.meiliUrl)
    return new MeilisearchEngine({
      url: options.meiliUrl,
      ...(options.meiliApiKey ? { apiKey: options.meiliApiKey } : {}),
      ...(options.indexName ? { indexName: options.indexName } : {}),
    });
  if (options.threads && options.threads > 0) return new ThreadedSearchEngine({ threads: options.threads });
  return new EmbeddedSearchEngine();
}
