// The Meilisearch engine. Settings are deliberate (and asserted by the contract tests); reindexing is
// zero-downtime (build `<index>_<timestamp>`, swap, drop); partner updates touch only that partner.
import {
  FACET_FIELDS,
  type FacetField,
  type Offer,
  type OfferQuery,
  PARTNER_ID,
  type SearchResult,
} from '@spie/core';
import {
  type Config,
  type EnqueuedTask,
  type Index,
  Meilisearch,
  MeilisearchApiError,
  MeilisearchRequestError,
  type Settings,
  type Task,
} from 'meilisearch';
import pLimit, { type LimitFunction } from 'p-limit';
import { documentKey, fromDocument, PRIMARY_KEY, toDocument } from './documents.ts';
import { haversineKm } from './geo.ts';
import { buildFilter, quote } from './meili-filter.ts';
import { type SearchEngine, SearchUnavailableError } from './port.ts';
import { validateQuery } from './query-validation.ts';
import { FRENCH_STOP_WORDS } from './stop-words.ts';
import { SYNONYM_GROUPS } from './synonyms.ts';
import { WriteQueue } from './write-queue.ts';

export const DEFAULT_INDEX = 'offres';
/** Documents per addDocuments call: large enough for throughput, small enough to stay far below the payload limit. */
export const BATCH_SIZE = 5000;
/** Above any catalogue we serve, so `total` is exact (Meilisearch's default is 1,000). */
export const MAX_TOTAL_HITS = 1_000_000;

/** Meilisearch synonyms: every phrase of a group maps to all the others (apostrophes made ASCII). */
export function meiliSynonyms(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const group of SYNONYM_GROUPS) {
    const phrases = group.map((p) => p.replace(/’/g, "'"));
    for (const p of phrases) out[p] = [...new Set([...(out[p] ?? []), ...phrases.filter((o) => o !== p)])];
  }
  return out;
}

/**
 * Stop words for Meilisearch, minus those inside a synonym phrase: Meilisearch matches multi-word
 * synonyms as consecutive words and never matches a phrase holding a stop word ("chantier d'insertion"
 * with `d` as a stop word finds nothing — measured on 1.21). The embedded engine drops stop words on
 * both sides, so it keeps the full list.
 */
export function meiliStopWords(): string[] {
  const inPhrases = new Set(SYNONYM_GROUPS.flat().flatMap((p) => p.toLowerCase().split(/[^\p{L}\p{N}]+/u)));
  return FRENCH_STOP_WORDS.filter((w) => !inPhrases.has(w));
}

export const INDEX_SETTINGS: Settings = {
  // weight order: what the offer is (its name without the place, its jargon, its thématiques), then who
  // runs it, the rest; the place ranks last ("crèche" must not rank "Permis B – La Crèche" first)
  searchableAttributes: [
    'nom_recherche',
    'sigles',
    'thematiques_libelles',
    'structure_nom',
    'description',
    'commune',
    'nom',
  ],
  filterableAttributes: [
    'thematiques',
    'categories',
    'type',
    'publics',
    'frais',
    'modes_accueil',
    'reseaux_porteurs',
    'partenaire',
    'zone_eligibilite',
    'zone_libre',
    'a_distance',
    'a_distance_uniquement',
    '_geo',
  ],
  sortableAttributes: ['_geo', 'id', 'nom'],
  // `sort` right after `words`: a distance sort ranks offers matching all words by distance; relevance
  // searches with text send no sort, so typo/proximity/attribute/exactness decide (see README)
  // `exactness` before `attribute`: the word typed ("crèche") beats a synonym ("mode de garde") in a
  // better field, as in the embedded engine
  rankingRules: ['words', 'sort', 'typo', 'proximity', 'exactness', 'attribute'],
  stopWords: meiliStopWords(),
  synonyms: meiliSynonyms(),
  typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 } },
  faceting: { maxValuesPerFacet: 10_000 },
  pagination: { maxTotalHits: MAX_TOTAL_HITS },
  localizedAttributes: [{ attributePatterns: ['*'], locales: ['fra'] }],
  displayedAttributes: ['*'],
};

export class MeilisearchEngineError extends SearchUnavailableError {
  override name = 'MeilisearchEngineError';
}

/** French message for a failed call: unreachable server, refused key, or Meilisearch's own message. */
export function explainMeiliError(error: unknown, url: string): MeilisearchEngineError {
  if (error instanceof MeilisearchEngineError) return error;
  if (error instanceof MeilisearchApiError) {
    const code = error.cause?.code ?? '';
    if (code === 'invalid_api_key' || code === 'missing_authorization_header')
      return new MeilisearchEngineError(
        `Meilisearch (${url}) refuse la clé d’API : vérifiez MEILI_MASTER_KEY (${error.message})`,
      );
    return new MeilisearchEngineError(`Meilisearch (${url}) a refusé la requête : ${error.message}`);
  }
  if (error instanceof MeilisearchRequestError)
    return new MeilisearchEngineError(
      `Meilisearch injoignable à ${url} : vérifiez MEILI_URL et que le serveur est démarré (${error.cause instanceof Error ? error.cause.message : error.message})`,
    );
  return new MeilisearchEngineError(
    `Erreur Meilisearch (${url}) : ${(error as Error).message ?? String(error)}`,
  );
}

export interface MeilisearchEngineOptions {
  url: string;
  apiKey?: string;
  indexName?: string;
  batchSize?: number;
  /** called after each batch is sent during `replaceAll` (CLI progress bar) */
  onProgress?: (sent: number, total: number) => void;
  /**
   * Searches sent to Meilisearch at once (default 8); the others wait here, first come first served.
   * Meilisearch answers a few at a time per core anyway: more in flight only makes some wait longer.
   */
  maxConcurrentSearches?: number;
}

/** Client config: uncompressed responses (gzip on loopback stalls each query ~45 ms with Node's fetch). */
export function clientConfig(url: string, apiKey?: string): Config {
  return {
    host: url,
    ...(apiKey ? { apiKey } : {}),
    requestInit: { headers: { 'Accept-Encoding': 'identity' } },
    defaultWaitOptions: { timeout: 600_000, interval: 50 },
  };
}

/** Where a reindex spent its time (benchmarks compare our share with Meilisearch's own batches). */
export interface ReindexStats {
  /** the index built then swapped in (deleted afterwards; its batches stay in `/batches`) */
  builtIndex: string;
  /** turning offers into documents */
  convertMs: number;
  /** from the first batch sent to the last one enqueued (overlaps conversion; includes Meilisearch receiving the payloads) */
  sendMs: number;
  /** from the first document sent to the last task done */
  indexingMs: number;
  totalMs: number;
}

export class MeilisearchEngine implements SearchEngine {
  readonly name = 'meilisearch' as const;
  readonly client: Meilisearch;
  readonly indexName: string;
  private readonly url: string;
  private readonly batchSize: number;
  onProgress: ((sent: number, total: number) => void) | undefined;
  /** figures of the last successful `replaceAll` */
  lastReindex: ReindexStats | undefined;
  private timing = { convertMs: 0, sendMs: 0 };

  constructor(options: MeilisearchEngineOptions) {
    this.url = options.url;
    this.client = new Meilisearch(clientConfig(options.url, options.apiKey));
    this.indexName = options.indexName ?? DEFAULT_INDEX;
    this.batchSize = options.batchSize ?? BATCH_SIZE;
    this.onProgress = options.onProgress;
    this.searches = pLimit(options.maxConcurrentSearches ?? 8);
  }

  private readonly searches: LimitFunction;

  private index(): Index<Record<string, unknown>> {
    return this.client.index(this.indexName);
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw explainMeiliError(error, this.url);
    }
  }

  /** Waits for tasks; the first failed one is reported with Meilisearch's message. */
  private async wait(tasks: (EnqueuedTask | number)[]): Promise<Task[]> {
    const uids = tasks.map((t) => (typeof t === 'number' ? t : t.taskUid));
    const done: Task[] = [];
    for (const uid of uids) {
      const task = await this.client.tasks.waitForTask(uid);
      if (task.status !== 'succeeded')
        throw new MeilisearchEngineError(
          `tâche Meilisearch ${uid} (${task.type}) en échec : ${task.error?.message ?? task.status}`,
        );
      done.push(task);
    }
    return done;
  }

  private async exists(uid: string): Promise<boolean> {
    try {
      await this.client.getIndex(uid);
      return true;
    } catch (error) {
      if (error instanceof MeilisearchApiError && error.cause?.code === 'index_not_found') return false;
      throw error;
    }
  }

  private async sendDocuments(uid: string, offers: readonly Offer[]): Promise<EnqueuedTask[]> {
    const index = this.client.index(uid);
    const tasks: EnqueuedTask[] = [];
    // the next batch is converted while the previous one is on the wire; batches stay in order
    let inflight: Promise<EnqueuedTask> | undefined;
    let sendStarted = 0;
    for (let i = 0; i < offers.length; i += this.batchSize) {
      const t0 = performance.now();
      const batch = offers.slice(i, i + this.batchSize).map(toDocument);
      this.timing.convertMs += performance.now() - t0;
      if (inflight) {
        tasks.push(await inflight);
        this.onProgress?.(i, offers.length);
      }
      const t1 = performance.now();
      inflight = index.addDocuments(batch, { primaryKey: PRIMARY_KEY });
      if (!sendStarted) sendStarted = t1;
    }
    if (inflight) tasks.push(await inflight);
    this.onProgress?.(offers.length, offers.length);
    this.timing.sendMs = sendStarted ? performance.now() - sendStarted : 0;
    return tasks;
  }

  /** Applies the settings to the live index (created if missing). */
  async ensureIndex(): Promise<void> {
    await this.call(async () => {
      if (!(await this.exists(this.indexName)))
        await this.wait([await this.client.createIndex(this.indexName, { primaryKey: PRIMARY_KEY })]);
      await this.wait([await this.index().updateSettings(INDEX_SETTINGS)]);
    });
  }

  private readonly writes = new WriteQueue();

  replaceAll(offers: readonly Offer[]): Promise<void> {
    return this.writes.run(() => this.reindex(offers));
  }

  private async reindex(offers: readonly Offer[]): Promise<void> {
    const fresh = `${this.indexName}_${Date.now()}`;
    const started = performance.now();
    this.timing = { convertMs: 0, sendMs: 0 };
    await this.call(async () => {
      try {
        await this.wait([await this.client.createIndex(fresh, { primaryKey: PRIMARY_KEY })]);
        await this.wait([await this.client.index(fresh).updateSettings(INDEX_SETTINGS)]);
        const sending = performance.now();
        await this.wait(await this.sendDocuments(fresh, offers));
        const indexingMs = performance.now() - sending;
        this.lastReindex = { builtIndex: fresh, ...this.timing, indexingMs, totalMs: 0 };
        if (!(await this.exists(this.indexName)))
          await this.wait([await this.client.createIndex(this.indexName, { primaryKey: PRIMARY_KEY })]);
        await this.wait([
          await this.client.swapIndexes([{ indexes: [this.indexName, fresh], rename: false }]),
        ]);
      } catch (error) {
        // the live index was not touched; drop the half-built one
        await this.client
          .deleteIndex(fresh)
          .waitTask()
          .catch(() => undefined);
        throw error;
      }
      // `fresh` now holds the previous catalogue
      await this.wait([await this.client.deleteIndex(fresh)]);
    });
    if (this.lastReindex) this.lastReindex.totalMs = performance.now() - started;
  }

  replacePartner(partner: string, offers: readonly Offer[]): Promise<void> {
    return this.writes.run(() => this.updatePartner(partner, offers));
  }

  private async updatePartner(partner: string, offers: readonly Offer[]): Promise<void> {
    if (!PARTNER_ID.test(partner))
      throw new MeilisearchEngineError(`identifiant de partenaire invalide : « ${partner.slice(0, 80)} »`);
    await this.call(async () => {
      if (!(await this.exists(this.indexName))) await this.ensureIndex();
      const index = this.client.index(this.indexName);
      const tasks: EnqueuedTask[] = [
        await index.deleteDocuments({ filter: `partenaire = ${quote(partner)}` }),
      ];
      const docs = offers.map((o) => toDocument({ ...o, partenaire: partner }));
      for (let i = 0; i < docs.length; i += this.batchSize)
        tasks.push(await index.addDocuments(docs.slice(i, i + this.batchSize), { primaryKey: PRIMARY_KEY }));
      await this.wait(tasks);
    });
  }

  async search(query: OfferQuery): Promise<SearchResult> {
    const v = validateQuery(query);
    const geo = v.geo;
    const point = geo ? `_geoPoint(${geo.latitude}, ${geo.longitude})` : undefined;
    // text relevance decides alone; without text (or for a distance sort): distance, then id
    const sort =
      v.q.trim() && v.sort === 'relevance' ? undefined : [...(point ? [`${point}:asc`] : []), 'id:asc'];
    const res = await this.searches(() =>
      this.call(() =>
        this.index().search(v.q, {
          filter: buildFilter(v.filters, geo),
          page: v.page,
          hitsPerPage: v.hits_per_page,
          ...(v.facets === false ? {} : { facets: [...FACET_FIELDS] }),
          matchingStrategy: 'last',
          ...(sort ? { sort } : {}),
        }),
      ),
    );
    const facets = Object.fromEntries(
      FACET_FIELDS.map((f) => [f, { ...(res.facetDistribution?.[f] ?? {}) }]),
    ) as Record<FacetField, Record<string, number>>;
    return {
      total: res.totalHits ?? 0,
      page: v.page,
      hits_per_page: v.hits_per_page,
      hits: res.hits.map((doc) => {
        const offer = fromDocument(doc);
        const located = offer.latitude !== undefined && offer.longitude !== undefined;
        // the same formula as the embedded engine and the territory package, not Meilisearch's rounding
        const distance_km =
          geo && located ? haversineKm(geo.latitude, geo.longitude, offer.latitude!, offer.longitude!) : null;
        return { offer, distance_km };
      }),
      facets,
    };
  }

  async get(id: string): Promise<Offer | undefined> {
    try {
      return fromDocument(await this.index().getDocument(documentKey(id)));
    } catch (error) {
      if (
        error instanceof MeilisearchApiError &&
        ['document_not_found', 'index_not_found'].includes(error.cause?.code ?? '')
      )
        return undefined;
      throw explainMeiliError(error, this.url);
    }
  }

  async count(): Promise<number> {
    try {
      return (await this.index().getStats()).numberOfDocuments;
    } catch (error) {
      if (error instanceof MeilisearchApiError && error.cause?.code === 'index_not_found') return 0;
      throw explainMeiliError(error, this.url);
    }
  }

  /** Fails with a clear French message when the server is unreachable or the key is refused. */
  async checkConnection(): Promise<void> {
    await this.call(async () => {
      await this.client.health();
      await this.client.getIndexes({ limit: 1 });
    });
  }

  /**
   * A key that can only search this index — the only key any browser-side code may hold; the master
   * key never leaves the server.
   */
  async createSearchOnlyKey(options: { expiresAt?: Date; description?: string } = {}): Promise<string> {
    return this.call(async () => {
      const key = await this.client.createKey({
        description: options.description ?? `Recherche seule sur ${this.indexName}`,
        actions: ['search'],
        indexes: [this.indexName],
        expiresAt: options.expiresAt ?? null,
      });
      return key.key;
    });
  }
}

/** Creates a search-only key for `indexName` with the master key (server side only). */
export async function createSearchOnlyKey(options: {
  url: string;
  masterKey: string;
  indexName?: string;
  expiresAt?: Date;
}): Promise<string> {
  const engine = new MeilisearchEngine({
    url: options.url,
    apiKey: options.masterKey,
    ...(options.indexName ? { indexName: options.indexName } : {}),
  });
  return engine.createSearchOnlyKey(options.expiresAt ? { expiresAt: options.expiresAt } : {});
}
