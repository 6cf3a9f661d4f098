// Engines on worker threads: real threads, real messages, a real Meilisearch (global setup).
import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { EmbeddedSearchEngine } from './embedded-engine.ts';
import { MeilisearchEngine, MeilisearchEngineError } from './meilisearch-engine.ts';
import { SearchUnavailableError } from './port.ts';
import { SearchQueryError } from './query-validation.ts';
import { DiagnosticError, findSuggestions } from './suggest.ts';
import { generateOffers } from './testing/fixtures.ts';
import { SearchThreadError, ThreadedMeilisearchEngine, ThreadedSearchEngine } from './threaded-engine.ts';

const offers = generateOffers({ count: 300, seed: 3, partners: 3, departements: ['79'] });
const engines: ThreadedSearchEngine[] = [];
const threaded = (threads: number, restartDelayMs = 60_000) => {
  const e = new ThreadedSearchEngine({ threads, restartDelayMs });
  engines.push(e);
  return e;
};
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()));
});
/** The engine's threads (test-only view of its pool). */
const threadsOf = (engine: ThreadedSearchEngine | ThreadedMeilisearchEngine) =>
  (engine as unknown as { pool: { threads: { worker: Worker; loading?: boolean; dead?: Error }[] } }).pool
    .threads;
const diagnostic = {
  code_commune: '79191',
  age: 24,
  situations: ['rsa'],
  besoins: [
    { thematique: 'mobilite', priorite: 3 },
    { thematique: 'numerique', priorite: 1 },
  ],
  mobilite: { mode: 'transports-en-commun' },
  acces_numerique: true,
};

describe('ThreadedSearchEngine', () => {
  it('applies a write on every thread before it resolves', async () => {
    const engine = threaded(3);
    await engine.replaceAll(offers);
    const partner = offers[0]!.partenaire!;
    const kept = offers.filter((o) => o.partenaire === partner).slice(0, 2);
    await engine.replacePartner(partner, kept);
    // many searches at once: every thread answers some of them, all with the new state
    const results = await Promise.all(
      Array.from({ length: 30 }, () => engine.search({ filters: { partenaire: [partner] } })),
    );
    for (const r of results)
      expect(r.hits.map((h) => h.offer.id).sort()).toEqual(kept.map((o) => o.id).sort());
    const stats = await engine.cacheStats();
    expect(stats.hits + stats.misses).toBe(30);
    expect(stats.entries).toBe(3); // one cached result per thread: all three answered
  });

  it('runs the matching on a thread with the same result as in process', async () => {
    const engine = threaded(2);
    const local = new EmbeddedSearchEngine();
    await Promise.all([engine.replaceAll(offers), local.replaceAll(offers)]);
    const options = { today: '2026-11-27' };
    const expected = await findSuggestions(diagnostic, local, options);
    expect(expected.suggestions.length).toBeGreaterThan(0);
    expect(await findSuggestions(diagnostic, engine, options)).toEqual(expected);
    // an invalid diagnostic fails in the caller, with its class and French messages
    await expect(
      findSuggestions({ ...diagnostic, code_commune: '7919X' }, engine, options),
    ).rejects.toBeInstanceOf(DiagnosticError);
  });

  it('rejects an invalid query in the caller with its own error class', async () => {
    const engine = threaded(1);
    await expect(engine.search({ filters: { frais: ['" OR 1' as 'gratuit'] } })).rejects.toBeInstanceOf(
      SearchQueryError,
    );
  });

  it('routes around a stopped thread and says so when none is left (before any restart)', async () => {
    const engine = threaded(2);
    await engine.replaceAll(offers);
    const workers = threadsOf(engine);
    await workers[0]!.worker.terminate();
    for (let i = 0; i < 5; i++) expect((await engine.search({})).total).toBe(offers.length);
    await workers[1]!.worker.terminate();
    await expect(engine.search({})).rejects.toBeInstanceOf(SearchThreadError);
    await expect(engine.count()).rejects.toThrow(/aucun fil de recherche/);
  });

  it('replaces a stopped thread with one loaded with the current catalogue, writes made meanwhile included', async () => {
    const engine = threaded(2, 200);
    await engine.replaceAll(offers);
    const partner = offers[0]!.partenaire!;
    const others = offers.filter((o) => o.partenaire !== partner);
    const firstWorkers = threadsOf(engine).map((t) => t.worker);
    await firstWorkers[0]!.terminate();
    // a write while one thread is down: applied by the other, then loaded by the replacement
    const kept = offers.filter((o) => o.partenaire === partner).slice(0, 3);
    await engine.replacePartner(partner, kept);
    await firstWorkers[1]!.terminate();
    await expect(engine.search({})).rejects.toBeInstanceOf(SearchThreadError);
    await expect
      .poll(
        () =>
          engine.search({}).then(
            (r) => r.total,
            () => -1,
          ),
        { timeout: 20_000, interval: 100 },
      )
      .toBe(others.length + kept.length);
    await expect.poll(() => engine.restarted, { timeout: 20_000 }).toBe(2);
    const ids = [...others, ...kept].map((o) => o.id).sort();
    // both replacements take queries, with the state after the write
    await expect
      .poll(() => threadsOf(engine).every((t) => !t.loading && !t.dead), { timeout: 20_000 })
      .toBe(true);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => engine.search({ hits_per_page: 1000 })),
    );
    for (const r of results) expect(r.hits.map((h) => h.offer.id).sort()).toEqual(ids);
    expect(threadsOf(engine).map((t) => t.worker)).not.toContain(firstWorkers[0]);
    expect(threadsOf(engine).map((t) => t.worker)).not.toContain(firstWorkers[1]);
  });

  it('doubles the delay while replacements keep stopping', async () => {
    const engine = threaded(1, 100);
    await engine.replaceAll(offers);
    const gaps: number[] = [];
    let last = performance.now();
    for (let n = 1; n <= 3; n++) {
      await threadsOf(engine)[0]!.worker.terminate();
      last = performance.now();
      await expect.poll(() => engine.restarted, { timeout: 10_000, interval: 5 }).toBe(n);
      gaps.push(performance.now() - last);
    }
    // 100, 200, 400 ms (plus scheduling): each gap at least the doubled delay
    expect(gaps[0]).toBeGreaterThanOrEqual(95);
    expect(gaps[1]).toBeGreaterThanOrEqual(195);
    expect(gaps[2]).toBeGreaterThanOrEqual(395);
  });

  it('starts no thread after close', async () => {
    const engine = threaded(1, 10);
    await engine.replaceAll(offers);
    await engine.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(engine.restarted).toBe(0);
  });
});

describe('ThreadedMeilisearchEngine', () => {
  const meiliOffers = generateOffers({ count: 300, seed: 5, partners: 3, departements: ['79'] });
  const indexName = `threads_${process.pid}`;
  const connection = () => ({ url: inject('meiliUrl'), apiKey: inject('meiliMasterKey'), indexName });

  it('runs the suggestions on its threads with the same result as in process, and survives a stopped thread', async () => {
    const local = new MeilisearchEngine(connection());
    await local.replaceAll(meiliOffers);
    const engine = new ThreadedMeilisearchEngine({ ...connection(), threads: 2, restartDelayMs: 100 });
    try {
      const options = { today: '2026-11-27' };
      const expected = await findSuggestions(diagnostic, local, options);
      expect(expected.suggestions.length).toBeGreaterThan(0);
      expect(await findSuggestions(diagnostic, engine, options)).toEqual(expected);
      // searches and counts are the main thread's Meilisearch client
      expect(await engine.count()).toBe(meiliOffers.length);
      expect((await engine.search({ filters: { thematiques: ['mobilite'] } })).total).toBe(
        (await local.search({ filters: { thematiques: ['mobilite'] } })).total,
      );
      // both threads stopped: 503-class error until a replacement is up, then the same answer
      await Promise.all(threadsOf(engine).map((t) => t.worker.terminate()));
      await expect(findSuggestions(diagnostic, engine, options)).rejects.toBeInstanceOf(SearchThreadError);
      await expect
        .poll(() => findSuggestions(diagnostic, engine, options).catch(() => undefined), { timeout: 20_000 })
        .toEqual(expected);
      expect(engine.restarted).toBeGreaterThanOrEqual(1);
    } finally {
      await engine.close();
    }
  });

  it('keeps the class of a Meilisearch failure raised on a thread (the site answers 503)', async () => {
    const engine = new ThreadedMeilisearchEngine({
      url: 'http://127.0.0.1:9', // nothing listens there
      indexName,
      threads: 1,
    });
    try {
      const error = await findSuggestions(diagnostic, engine, {}).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MeilisearchEngineError);
      expect(error).toBeInstanceOf(SearchUnavailableError);
      expect((error as Error).message).toMatch(/Meilisearch injoignable/);
    } finally {
      await engine.close();
    }
  });
});
