// The embedded engine on worker threads, for servers: searches run in parallel on every core while the
// main thread keeps serving HTTP, so one slow query no longer holds up every connection. Each thread
// holds a full copy of the catalogue (memory × threads). Writes go to every thread and resolve once all
// have applied them: a search that starts after a write resolved sees it, whichever thread answers.
// The main thread keeps the offers themselves (by id) and threads answer with ids: a result crosses
// threads as a few numbers and strings instead of a deep copy of every offer on the page.
// With Meilisearch (`ThreadedMeilisearchEngine`), the same pool of threads runs only the suggestions,
// each thread with its own Meilisearch client. Stopped threads are replaced (see `SearchThreads`).
// The worker is this very module, started again with a role in `workerData` (it works the same from
// the TypeScript sources under tsx and from the site's bundled chunk).

import { isMainThread, type MessagePort, parentPort, Worker, workerData } from 'node:worker_threads';
import type { Diagnostic, Offer, OfferQuery, SearchResult, SuggestionsResult } from '@spie/core';
import { CatalogueImage } from './catalogue-image.ts';
import { cacheKey, type EmbeddedOptions, EmbeddedSearchEngine, nameHash } from './embedded-engine.ts';
import {
  MeilisearchEngine,
  MeilisearchEngineError,
  type MeilisearchEngineOptions,
} from './meilisearch-engine.ts';
import { type SearchEngine, SearchUnavailableError, type SuggestionsRunOptions } from './port.ts';
import { validateQuery } from './query-validation.ts';
import type { CacheStats } from './result-cache.ts';
import { findSuggestions } from './suggest.ts';
import { WriteQueue } from './write-queue.ts';

const ROLE = 'spie-search-thread';
/** calls in flight a query's own thread may have above the least busy one before another takes it */
const AFFINITY_SLACK = 2;

type Operation =
  | 'build'
  | 'adopt'
  | 'replaceAll'
  | 'replacePartner'
  | 'search'
  | 'suggestions'
  | 'cacheStats';
/** A search result as threads send it: hits as [id, distance_km]. */
type IdResult = Omit<SearchResult, 'hits'> & { hits: (readonly [string, number | null])[] };
interface Call {
  id: number;
  op: Operation;
  args: unknown[];
}
type Reply = { id: number; value: unknown } | { id: number; error: { name: string; message: string } };
/** What a thread runs: a whole embedded catalogue, or a Meilisearch client (plain data only). */
type ThreadEngine =
  | { kind: 'embedded'; options: EmbeddedOptions }
  | {
      kind: 'meilisearch';
      options: Pick<MeilisearchEngineOptions, 'url' | 'apiKey' | 'indexName' | 'maxConcurrentSearches'>;
    };

/** Worker side: one engine answering the main thread's calls (a search may answer while a write is still building). */
function serve(port: MessagePort, spec: ThreadEngine): void {
  const engine =
    spec.kind === 'embedded' ? new EmbeddedSearchEngine(spec.options) : new MeilisearchEngine(spec.options);
  const embedded = () => {
    if (!(engine instanceof EmbeddedSearchEngine)) throw new Error(`${spec.kind}: no catalogue to load`);
    return engine;
  };
  const run = async (op: Operation, args: unknown[]): Promise<unknown> => {
    switch (op) {
      case 'build': {
        // built here once, laid out in shared memory, and served from there like the other threads
        const e = embedded();
        await e.replaceAll(args[0] as Offer[]);
        const image = (await e.exportImage())!; // just built: nothing changed it
        await e.adoptImage(image);
        return image.buffer;
      }
      case 'adopt':
        return embedded().adoptImage(new CatalogueImage(args[0] as SharedArrayBuffer));
      case 'replaceAll':
        return engine.replaceAll(args[0] as Offer[]);
      case 'replacePartner':
        return engine.replacePartner(args[0] as string, args[1] as Offer[]);
      case 'search':
        return engine.search(args[0] as OfferQuery).then(
          (r): IdResult => ({
            ...r,
            hits: r.hits.map((h) => [h.offer.id, h.distance_km] as const),
          }),
        );
      case 'suggestions':
        return findSuggestions(args[0] as Diagnostic, engine, args[1] as SuggestionsRunOptions);
      case 'cacheStats':
        return engine instanceof EmbeddedSearchEngine ? engine.cacheStats() : undefined;
    }
  };
  port.on('message', async ({ id, op, args }: Call) => {
    let reply: Reply;
    try {
      reply = { id, value: await run(op, args) };
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      reply = { id, error: { name: e.name, message: e.message } };
    }
    port.postMessage(reply);
  });
}

if (!isMainThread && (workerData as { role?: string } | null)?.role === ROLE)
  serve(parentPort!, (workerData as { engine: ThreadEngine }).engine);

export interface ThreadedOptions extends EmbeddedOptions {
  /** worker threads, each with the whole catalogue (≥ 1) */
  threads: number;
  /** first delay before a stopped thread is replaced, doubled on each new stop within a minute */
  restartDelayMs?: number;
  /**
   * true (default): the catalogue is built once and its image shared by every thread; false: each
   * thread builds its own copy from the offers (the previous way, kept for the start-up benchmark).
   */
  sharedImage?: boolean;
}

interface Thread {
  worker: Worker;
  inFlight: number;
  dead?: Error;
  /** a replacement thread still getting ready (loading the catalogue): not routed to yet */
  loading?: boolean;
}

const usable = (t: Thread) => !t.dead && !t.loading;

/** An error from a thread, with its class when callers tell it apart (unavailable → 503). */
const UNAVAILABLE: Record<string, new (message: string) => Error> = {
  MeilisearchEngineError,
  SearchUnavailableError,
};
function rebuildError({ name, message }: { name: string; message: string }): Error {
  const Known = UNAVAILABLE[name];
  const error = Known ? new Known(message) : new Error(message);
  error.name = name;
  return error;
}
/** a thread that stayed up this long before stopping restarts its backoff */
const STABLE_MS = 60_000;
const MAX_RESTART_DELAY_MS = 60_000;

/** Raised when a search thread stopped (crash, out of memory): the site answers 503 for it. */
export class SearchThreadError extends SearchUnavailableError {
  override name = 'SearchThreadError';
}

/**
 * Worker threads running one engine each, with calls routed to the least busy. A stopped thread is
 * replaced after a delay (doubled while it keeps stopping within a minute, 60 s at most); `prepare`
 * gets it ready (the embedded engine loads its catalogue) before it takes calls.
 */
class SearchThreads {
  readonly threads: Thread[];
  private readonly pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error) => void; thread: Thread }
  >();
  private nextId = 1;
  private turn = 0;
  /** per slot: stops in a row (for the backoff) and when its thread last started serving */
  private readonly restarts: { count: number; since: number }[];
  private closing = false;
  /** threads started to replace stopped ones */
  restarted = 0;

  constructor(
    size: number,
    private readonly engine: ThreadEngine,
    private readonly restartDelayMs: number,
    private readonly prepare: (thread: Thread) => Promise<void>,
  ) {
    const n = Math.max(1, size);
    this.restarts = Array.from({ length: n }, () => ({ count: 0, since: Date.now() }));
    this.threads = Array.from({ length: n }, (_, slot) => this.start(slot));
  }

  private start(slot: number, loading = false): Thread {
    const url = new URL(import.meta.url);
    // From the TypeScript sources (tests, tsx) the thread registers the TypeScript loader first.
    const source = url.pathname.endsWith('.ts')
      ? `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); });`
      : undefined;
    const data = { workerData: { role: ROLE, engine: this.engine } };
    const worker = source ? new Worker(source, { ...data, eval: true }) : new Worker(url, data);
    const thread: Thread = { worker, inFlight: 0, ...(loading ? { loading } : {}) };
    worker.on('message', (reply: Reply) => this.settle(thread, reply));
    worker.on('error', (error) => this.fail(thread, error, slot));
    worker.on('exit', (code) => this.fail(thread, new Error(`search thread exited (${code})`), slot));
    worker.unref(); // calls in flight ref it (see `call`)
    return thread;
  }

  private scheduleRestart(slot: number): void {
    if (this.closing) return;
    const r = this.restarts[slot]!;
    if (Date.now() - r.since > STABLE_MS) r.count = 0;
    const delay = Math.min(MAX_RESTART_DELAY_MS, this.restartDelayMs * 2 ** r.count++);
    setTimeout(() => {
      if (this.closing) return;
      const thread = this.start(slot, true);
      this.threads[slot] = thread;
      this.restarted++;
      r.since = Date.now(); // a replacement that stops while loading keeps doubling the delay
      this.prepare(thread).then(
        () => {
          thread.loading = false;
        },
        () => {}, // it stopped while getting ready: `fail` schedules the next attempt
      );
    }, delay).unref();
  }

  private settle(thread: Thread, reply: Reply): void {
    const p = this.pending.get(reply.id);
    if (!p) return;
    this.pending.delete(reply.id);
    if (--thread.inFlight === 0) thread.worker.unref();
    if ('error' in reply) p.reject(rebuildError(reply.error));
    else p.resolve(reply.value);
  }

  private fail(thread: Thread, error: Error, slot: number): void {
    if (thread.dead) return;
    thread.dead = new SearchThreadError(`un fil de recherche s’est arrêté : ${error.message}`);
    for (const [id, p] of this.pending)
      if (p.thread === thread) {
        this.pending.delete(id);
        p.reject(thread.dead);
      }
    if (this.threads[slot] === thread) this.scheduleRestart(slot);
  }

  call<T>(thread: Thread, op: Operation, args: unknown[]): Promise<T> {
    if (thread.dead) return Promise.reject(thread.dead);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, thread });
      if (thread.inFlight++ === 0) thread.worker.ref();
      thread.worker.postMessage({ id, op, args } satisfies Call);
    });
  }

  /** The usable thread with the fewest calls in flight (ties in turn). */
  pick(): Thread {
    let best: Thread | undefined;
    for (let i = 0; i < this.threads.length; i++) {
      const t = this.threads[(this.turn + i) % this.threads.length]!;
      if (usable(t) && (!best || t.inFlight < best.inFlight)) best = t;
    }
    this.turn++;
    if (!best) throw new SearchThreadError('aucun fil de recherche ne répond');
    return best;
  }

  /**
   * The thread whose result cache may hold this query (one per query, by hash), unless it is busier
   * than the least busy one: the threads' caches then add up instead of holding the same results.
   */
  pickFor(key: string): Thread {
    const least = this.pick();
    const home = this.threads[nameHash(key) % this.threads.length]!;
    return usable(home) && home.inFlight <= least.inFlight + AFFINITY_SLACK ? home : least;
  }

  usable(): Thread[] {
    return this.threads.filter(usable);
  }

  /** Every usable thread (but `except`) applies the call; resolves when all have. */
  async broadcast(op: Operation, args: unknown[], except?: Thread): Promise<void> {
    const live = this.usable().filter((t) => t !== except);
    if (except && live.length === 0) return;
    if (live.length === 0) throw new SearchThreadError('aucun fil de recherche ne répond');
    // every thread finishes (or fails) before the write counts as done, even when one fails early
    const results = await Promise.allSettled(live.map((t) => this.call(t, op, args)));
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
  }
}

/**
 * The offers the HTTP thread resolves hits with: those of the shared image the threads serve, minus the
 * ones partner updates removed or replaced, plus those they added. Nothing is decoded up front.
 */
class OfferTable {
  private readonly added = new Map<string, Offer>();
  /** image offers no longer served as they are in the image */
  private readonly masked = new Set<string>();

  constructor(readonly image?: CatalogueImage) {}

  private inImage(id: string): boolean {
    return this.image?.slotOf(id) !== undefined;
  }

  get size(): number {
    return (this.image?.size ?? 0) - this.masked.size + this.added.size;
  }

  get(id: string): Offer | undefined {
    const added = this.added.get(id);
    if (added || !this.image || this.masked.has(id)) return added;
    const slot = this.image.slotOf(id);
    return slot === undefined ? undefined : this.image.offer(slot);
  }

  set(offer: Offer): void {
    if (this.inImage(offer.id)) this.masked.add(offer.id);
    this.added.set(offer.id, offer);
  }

  delete(id: string): void {
    this.added.delete(id);
    if (this.inImage(id)) this.masked.add(id);
  }

  /** Every offer (a thread's whole catalogue when images are not shared). */
  values(): Offer[] {
    const out = [...this.added.values()];
    if (this.image)
      for (let slot = 0; slot < this.image.size; slot++)
        if (!this.masked.has(this.image.idOf(slot))) out.push(this.image.offer(slot));
    return out;
  }

  /** Ids of a partner's offers. */
  idsOf(partner: string): string[] {
    const out = [...this.added.values()].filter((o) => o.partenaire === partner).map((o) => o.id);
    if (this.image)
      for (const slot of this.image.postingSlots(`partenaire\u0000${partner}`)) {
        const id = this.image.idOf(slot);
        if (!this.masked.has(id)) out.push(id);
      }
    return out;
  }
}

export class ThreadedSearchEngine implements SearchEngine {
  readonly name = 'embedded' as const;
  private readonly pool: SearchThreads;
  /** every offer any thread may return (see `replacePartner` for the transition) */
  private offers = new OfferTable();
  /** the previous catalogue's offers while threads move to a new image (hits from either resolve) */
  private previous: OfferTable | undefined;
  /** partner updates since the image (a replacement thread opens the image, then applies them) */
  private updates: [string, Offer[]][] = [];
  /** one write at a time, in the same order on every thread and on `offers` */
  private readonly writes = new WriteQueue();
  private readonly shared: boolean;

  constructor(options: ThreadedOptions) {
    const { threads, restartDelayMs = 500, sharedImage = true, ...engineOptions } = options;
    this.shared = sharedImage;
    // a replacement thread loads the current catalogue as a write: it misses none, before or after
    this.pool = new SearchThreads(
      threads,
      { kind: 'embedded', options: engineOptions },
      restartDelayMs,
      (t) =>
        this.writes.run(async () => {
          if (!this.shared) await this.pool.call(t, 'replaceAll', [this.offers.values()]);
          const image = this.offers.image;
          if (image) await this.pool.call(t, 'adopt', [image.buffer]);
          for (const update of this.updates) await this.pool.call(t, 'replacePartner', update);
          t.loading = false; // inside the write: the next write already includes this thread
        }),
    );
  }

  /** threads started to replace stopped ones */
  get restarted(): number {
    return this.pool.restarted;
  }

  /** Built once, on one thread, into shared memory; the other threads then open that same image. */
  replaceAll(offers: readonly Offer[]): Promise<void> {
    if (!this.shared) return this.replaceAllPerThread(offers);
    return this.writes.run(async () => {
      const [builder] = this.pool.usable();
      if (!builder) throw new SearchThreadError('aucun fil de recherche ne répond');
      const buffer = await this.pool.call<SharedArrayBuffer>(builder, 'build', [offers]);
      await this.open(new CatalogueImage(buffer), builder);
    });
  }

  /** Every thread builds its own catalogue from the offers (`sharedImage: false`). */
  private replaceAllPerThread(offers: readonly Offer[]): Promise<void> {
    return this.writes.run(async () => {
      // old and new offers stay resolvable until every thread has the new catalogue
      this.previous = this.offers;
      this.offers = new OfferTable();
      for (const o of offers) this.offers.set(o);
      try {
        await this.pool.broadcast('replaceAll', [offers]);
      } finally {
        this.previous = undefined;
      }
    });
  }

  /** The image the threads serve, while no partner update changed it since (else undefined). */
  async exportImage(): Promise<CatalogueImage | undefined> {
    return this.updates.length === 0 ? this.offers.image : undefined;
  }

  /** Serves a catalogue image (e.g. read from disk): every thread opens the same shared memory. */
  adoptImage(image: CatalogueImage): Promise<void> {
    return this.writes.run(() => this.open(image));
  }

  private async open(image: CatalogueImage, done?: Thread): Promise<void> {
    this.previous = this.offers;
    this.offers = new OfferTable(image);
    this.updates = [];
    try {
      // every thread opens it (the builder has already): old and new offers resolve meanwhile
      await this.pool.broadcast('adopt', [image.buffer], done);
    } finally {
      // even when a thread failed: `offers` is the catalogue a replacement thread loads
      this.previous = undefined;
    }
  }

  replacePartner(partner: string, offers: readonly Offer[]): Promise<void> {
    return this.writes.run(async () => {
      const before = this.offers.idsOf(partner);
      const next = offers.map((o) => ({ ...o, partenaire: partner }));
      for (const o of next) this.offers.set(o);
      this.updates.push([partner, next]);
      try {
        await this.pool.broadcast('replacePartner', [partner, next]);
      } finally {
        const ids = new Set(next.map((o) => o.id));
        for (const id of before) if (!ids.has(id)) this.offers.delete(id);
      }
    });
  }

  async search(query: OfferQuery): Promise<SearchResult> {
    // a SearchQueryError is thrown here, with its class, not rebuilt from a thread
    const key = cacheKey(validateQuery(query));
    const r = await this.pool.call<IdResult>(this.pool.pickFor(key), 'search', [query]);
    return {
      ...r,
      hits: r.hits.map(([id, distance_km]) => {
        const offer = this.offers.get(id) ?? this.previous?.get(id);
        if (!offer) throw new Error(`offre ${id} renvoyée par un fil de recherche mais inconnue`);
        return { offer, distance_km };
      }),
    };
  }

  /** The matching on one search thread: candidates never cross threads, only the short result does. */
  async suggestions(diagnostic: Diagnostic, options: SuggestionsRunOptions): Promise<SuggestionsResult> {
    return this.pool.call(this.pool.pick(), 'suggestions', [diagnostic, options]);
  }

  async get(id: string): Promise<Offer | undefined> {
    if (this.pool.usable().length === 0) throw new SearchThreadError('aucun fil de recherche ne répond');
    return this.offers.get(id);
  }

  async count(): Promise<number> {
    if (this.pool.usable().length === 0) throw new SearchThreadError('aucun fil de recherche ne répond');
    return this.offers.size;
  }

  /** Result cache counters summed over the threads. */
  async cacheStats(): Promise<CacheStats> {
    const all = await Promise.all(
      this.pool.usable().map((t) => this.pool.call<CacheStats>(t, 'cacheStats', [])),
    );
    return all.reduce(
      (a, s) => ({ hits: a.hits + s.hits, misses: a.misses + s.misses, entries: a.entries + s.entries }),
      { hits: 0, misses: 0, entries: 0 },
    );
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}

export interface ThreadedMeilisearchOptions extends MeilisearchEngineOptions {
  /** worker threads running the matching, each with its own Meilisearch client (≥ 1) */
  threads: number;
  restartDelayMs?: number;
}

/**
 * Meilisearch for servers: searches and writes from this thread, as `MeilisearchEngine`; the
 * suggestions (candidate retrieval: the largest responses to decode, then the matching) on worker
 * threads, so that this thread stays free to accept and answer connections. Same results: each thread
 * runs `findSuggestions` on its own `MeilisearchEngine` over the same index.
 */
export class ThreadedMeilisearchEngine implements SearchEngine {
  readonly name = 'meilisearch' as const;
  readonly main: MeilisearchEngine;
  private readonly pool: SearchThreads;

  constructor(options: ThreadedMeilisearchOptions) {
    const { threads, restartDelayMs = 500, ...meili } = options;
    this.main = new MeilisearchEngine(meili);
    const n = Math.max(1, threads);
    const perThread = Math.max(1, Math.ceil((meili.maxConcurrentSearches ?? 8) / n));
    this.pool = new SearchThreads(
      n,
      {
        kind: 'meilisearch',
        options: {
          url: meili.url,
          ...(meili.apiKey ? { apiKey: meili.apiKey } : {}),
          ...(meili.indexName ? { indexName: meili.indexName } : {}),
          maxConcurrentSearches: perThread,
        },
      },
      restartDelayMs,
      async () => {}, // nothing to load: the index is in Meilisearch
    );
  }

  /** threads started to replace stopped ones */
  get restarted(): number {
    return this.pool.restarted;
  }

  replaceAll(offers: readonly Offer[]): Promise<void> {
    return this.main.replaceAll(offers);
  }

  replacePartner(partner: string, offers: readonly Offer[]): Promise<void> {
    return this.main.replacePartner(partner, offers);
  }

  search(query: OfferQuery): Promise<SearchResult> {
    return this.main.search(query);
  }

  async suggestions(diagnostic: Diagnostic, options: SuggestionsRunOptions): Promise<SuggestionsResult> {
    return this.pool.call(this.pool.pick(), 'suggestions', [diagnostic, options]);
  }

  get(id: string): Promise<Offer | undefined> {
    return this.main.get(id);
  }

  count(): Promise<number> {
    return this.main.count();
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}
