// The search engine the CLI commands read from: the embedded engine loaded from the partner store
// under DATA_DIR, or Meilisearch (MEILI_URL, MEILI_API_KEY or MEILI_MASTER_KEY).
import { PartnerStore } from '@spie/loader';
import { createSearchEngine, DEFAULT_INDEX, EmbeddedSearchEngine, type SearchEngine } from '@spie/search';
import { resolveDataDir } from './data-dir.ts';

export async function openEngine(
  kind: 'embedded' | 'meilisearch',
  indexName = DEFAULT_INDEX,
): Promise<SearchEngine> {
  if (kind === 'meilisearch') {
    const meiliUrl = process.env.MEILI_URL;
    if (!meiliUrl)
      throw new Error(
        '--engine meilisearch demande la variable MEILI_URL (index rempli par « pnpm cli index »)',
      );
    const meiliApiKey = process.env.MEILI_API_KEY ?? process.env.MEILI_MASTER_KEY;
    return createSearchEngine({ meiliUrl, indexName, ...(meiliApiKey ? { meiliApiKey } : {}) });
  }
  const store = new PartnerStore(resolveDataDir(), { onWarning: (m) => console.error(`⚠ ${m}`) });
  const engine = new EmbeddedSearchEngine();
  await engine.replaceAll(await store.currentOffers());
  return engine;
}
