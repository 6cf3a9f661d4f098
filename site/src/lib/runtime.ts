// The server's long-lived objects, created once on the first request: partner store and registry
// under DATA_DIR, and the search engine (embedded by default, Meilisearch when MEILI_URL is set).
// The Meilisearch master key stays here, on the server; nothing of it is rendered or sent.
import { availableParallelism } from 'node:os';
import { PartnerRegistry, PartnerStore, type VersionInfo } from '@spie/loader';
import { createSearchEngine, type SearchEngine } from '@spie/search';
import { scheduleDataInclusionSync } from './data-inclusion-schedule.ts';
import { dataDir } from './paths.ts';

export interface Runtime {
  dataDir: string;
  store: PartnerStore;
  registry: PartnerRegistry;
  engine: SearchEngine;
  /**
   * Each partner's current version, as served by this process: read at start-up and after each
   * publication or rollback made through the site (reading it from disk verifies every version
   * file, too slow for a health check).
   */
  versions: VersionInfo[];
  refreshVersions(): Promise<void>;
}

let pending: Promise<Runtime> | undefined;

/**
 * Search worker threads (SEARCH_THREADS, default one per core). Embedded engine: each holds the
 * catalogue and runs searches and suggestions beside the HTTP thread. Meilisearch: they run the
 * suggestions. 0 keeps everything on the HTTP thread.
 */
function searchThreads(): number {
  const configured = process.env.SEARCH_THREADS;
  if (configured === undefined || configured === '') return availableParallelism();
  const n = Number(configured);
  if (!Number.isInteger(n) || n < 0 || n > 64)
    throw new Error(`SEARCH_THREADS doit être un entier entre 0 et 64 (reçu « ${configured} »)`);
  return n;
}

export function runtime(): Promise<Runtime> {
  pending ??= start().catch((error: unknown) => {
    // A failed start (e.g. Meilisearch down) is retried on the next request instead of sticking.
    pending = undefined;
    throw error;
  });
  return pending;
}

async function start(): Promise<Runtime> {
  const dir = dataDir();
  // A corrupt version file is reported (French, no personal data) and the last good version served.
  const store = new PartnerStore(dir, { onWarning: (m) => console.error(`⚠ ${m}`) });
  const registry = new PartnerRegistry(dir);
  const engine = createSearchEngine({
    meiliUrl: process.env.MEILI_URL || undefined,
    meiliApiKey: process.env.MEILI_MASTER_KEY || undefined,
    indexName: process.env.MEILI_INDEX || undefined,
    threads: searchThreads(),
  });
  // The embedded engine lives in memory: load the store. Meilisearch is kept up to date by
  // `pnpm cli index` and by publications; it is only filled here when empty.
  if (engine.name === 'embedded' || (await engine.count()) === 0) {
    await engine.replaceAll(await store.currentOffers());
  }
  const rt: Runtime = {
    dataDir: dir,
    store,
    registry,
    engine,
    versions: await store.summary(),
    async refreshVersions() {
      rt.versions = await store.summary();
    },
  };
  scheduleDataInclusionSync(rt);
  return rt;
}
