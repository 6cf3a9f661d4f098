// The server's long-lived objects, created once on the first request: partner store and registry
// under DATA_DIR, and the search engine (embedded by default, Meilisearch when MEILI_URL is set).
// The Meilisearch master key stays here, on the server; nothing of it is rendered or sent.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { PartnerRegistry, PartnerStore, type VersionInfo } from '@spie/loader';
import {
  createSearchEngine,
  EmbeddedSearchEngine,
  type SearchEngine,
  startCatalogue,
  ThreadedSearchEngine,
} from '@spie/search';
import { scheduleDataInclusionSync } from './data-inclusion-schedule.ts';
import { dataDir } from './paths.ts';
import { DEFAULT_MAX_PENDING_BYTES, PendingUploads } from './pending-uploads.ts';

export interface Runtime {
  dataDir: string;
  store: PartnerStore;
  registry: PartnerRegistry;
  engine: SearchEngine;
  /** Validated partner files waiting to be published (on disk, one per partner). */
  pending: PendingUploads;
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

function positiveInt(name: string): number | undefined {
  const raw = process.env[name]?.trim();
  return raw && /^\d+$/.test(raw) && Number(raw) > 0 ? Number(raw) : undefined;
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
  // SEARCH_SHARED_INDEX=0: each search thread builds its own catalogue at every start, nothing persisted
  // (the previous way, kept to measure against; see scripts/bench-start.ts)
  const sharedIndex = process.env.SEARCH_SHARED_INDEX !== '0';
  // A corrupt version file is reported (French, no personal data) and the last good version served.
  const store = new PartnerStore(dir, { onWarning: (m) => console.error(`⚠ ${m}`) });
  const registry = new PartnerRegistry(dir);
  const engine = createSearchEngine({
    meiliUrl: process.env.MEILI_URL || undefined,
    meiliApiKey: process.env.MEILI_MASTER_KEY || undefined,
    indexName: process.env.MEILI_INDEX || undefined,
    threads: searchThreads(),
    sharedImage: sharedIndex,
  });
  // The embedded engine lives in memory: it opens the index persisted for the store's current
  // version (built and written on the first start). Meilisearch is kept up to date by `pnpm cli index`
  // and by publications; it is only filled here when empty.
  if (sharedIndex && (engine instanceof ThreadedSearchEngine || engine instanceof EmbeddedSearchEngine)) {
    const r = await startCatalogue(engine, join(dir, 'index', 'catalogue.img'), {
      versions: () => store.currentVersions(),
      readAll: () => store.currentOffers(),
      readPartner: (p) => store.partnerOffers(p),
    });
    if (r.rejected) console.error(`⚠ ${r.rejected}`);
    if (r.writeError) console.error(`⚠ index de recherche non enregistré : ${r.writeError}`);
  } else if (engine.name === 'embedded' || (await engine.count()) === 0) {
    await engine.replaceAll(await store.currentOffers());
  }
  const rt: Runtime = {
    dataDir: dir,
    store,
    registry,
    engine,
    pending: new PendingUploads(
      join(dir, 'pending'),
      positiveInt('SPIE_MAX_PENDING_BYTES') ?? DEFAULT_MAX_PENDING_BYTES,
    ),
    // metadata as the pointers name it; verified against the offers in the background
    versions: await store.summary({ verify: false }),
    async refreshVersions() {
      rt.versions = await store.summary();
    },
  };
  rt.refreshVersions().catch((error: unknown) => console.error(`⚠ ${String(error)}`));
  scheduleDataInclusionSync(rt);
  return rt;
}
