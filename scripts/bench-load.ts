// Load on the built site, loopback only, bounded in count and time: autocannon on GET /api/offres and
// POST /api/suggestions with the national set (100,000 offers by default) published into a temp
// DATA_DIR with the loader, on the embedded engine and on Meilisearch; then a partner publish (over the
// API) in the middle of a load run: searches must keep answering and the new offers must appear.
// Reference in the same run: a static file of the same server (the HTTP stack's own ceiling).
// Goal (issue 7): zero errors, /api/offres p99 < 200 ms at 100 connections on 2 cores, judged once
// every connection has had its first answer (the ramp-up is reported apart: see `load`).
// Usage: pnpm exec tsx scripts/bench-load.ts [--offers N] [--seconds S] [--connections C] [--mix Q] [--engines embedded,meilisearch]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Offer } from '@spie/core';
import { PartnerRegistry, PartnerStore } from '@spie/loader';
import { MeilisearchEngine } from '@spie/search';
import autocannon, { type Request, type Result } from 'autocannon';
import { buildSite, type RunningSite, startSite } from '../tests/support/site-server.ts';
import { mulberry32 as prng } from './demo/random.ts';
import { generateDemo, offersToCsvText } from './generate-demo.ts';
import { startMeilisearch } from './lib/meilisearch-server.ts';
import { publishNationalStore } from './lib/national-store.ts';
import { COMMUNES, queryMix } from './lib/offer-query-mix.ts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const OFFERS = Number(arg('offers', '100000'));
const SECONDS = Number(arg('seconds', '10'));
const CONNECTIONS = Number(arg('connections', '100'));
const ENGINES = arg('engines', 'embedded,meilisearch').split(',');
const PUBLISHER = 'bench-publication';
const log = (m: string) => process.stderr.write(`${m}\n`);

// Representative queries, measured one at a time (cost per request) and part of the load mix.
const OFFER_QUERIES = [
  '/api/offres',
  '/api/offres?q=permis',
  '/api/offres?q=accompagnement%20emploi&page=2',
  '/api/offres?commune=75056&rayon=10',
  '/api/offres?commune=69123&thematiques=mobilite',
  '/api/offres?commune=13055&rayon=30&tri=distance',
  '/api/offres?q=atelier%20numerique&frais=gratuit',
  '/api/offres?commune=59350&publics=jeunes&a_distance=exclure',
];

const MIX_SIZE = Number(arg('mix', '2000'));

const MIX = [...new Set([...OFFER_QUERIES, ...queryMix(MIX_SIZE, 7)])];
/** Warm-up queries: another draw, so that the measured queries are not already in the cache. */
const WARMUP = queryMix(800, 99).filter((q) => !MIX.includes(q));

/** Each request picks a query of `paths` at random (its own seeded stream per connection). */
function randomGets(paths: string[]): Request[] {
  return [
    {
      method: 'GET',
      setupRequest: (req, context) => {
        const ctx = context as { next?: () => number };
        ctx.next ??= prng(Math.floor(Math.random() * 2 ** 31));
        return { ...req, path: paths[Math.floor(ctx.next() * paths.length)]! };
      },
    },
  ];
}

const DIAGNOSTICS = [
  {
    code_commune: '75056',
    age: 24,
    besoins: [{ thematique: 'mobilite', priorite: 3 }],
    mobilite: { mode: 'transports-en-commun' },
    acces_numerique: true,
  },
  {
    code_commune: '69123',
    age: 45,
    situations: ['rsa'],
    besoins: [
      { thematique: 'trouver-un-emploi', priorite: 2 },
      { thematique: 'logement-hebergement', priorite: 1 },
    ],
    mobilite: { mode: 'velo' },
    acces_numerique: false,
  },
  {
    code_commune: '80021',
    age: 19,
    besoins: [{ thematique: 'numerique', priorite: 2 }],
    mobilite: { mode: 'a-pied' },
    acces_numerique: true,
  },
  {
    code_commune: '33063',
    age: 58,
    besoins: [
      { thematique: 'sante', priorite: 3 },
      { thematique: 'mobilite', priorite: 2 },
    ],
    mobilite: { mode: 'voiture', distance_max_km: 25 },
    acces_numerique: true,
  },
];

const SUGGESTION_REQUESTS: Request[] = DIAGNOSTICS.map((d) => ({
  method: 'POST',
  path: '/api/suggestions',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(d),
}));

interface Run {
  result: Result;
  /** latencies once every connection has had its first answer (see `load`) */
  steady: { p50: number; p99: number; max: number; count: number };
  /** from the start until every connection had its first answer */
  rampUpMs: number;
  /** site process CPU (every thread) per answered request */
  cpuMsPerRequest: number | undefined;
  /** Meilisearch server CPU per answered request (Meilisearch runs only) */
  meiliCpuMsPerRequest: number | undefined;
}
interface Row extends Run {
  engine: string;
  scenario: string;
  /** share of searches answered by the embedded engine's result cache during the run */
  cacheHitRate?: number | undefined;
}
const rows: Row[] = [];

/** CPU time (user + system, every thread) of a process so far, in ms; undefined off Linux. */
function cpuMs(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;

/**
 * One autocannon run. Besides autocannon's own figures over the whole run, latencies are kept apart
 * once the load is established: Node (libuv ≥ 1.45) accepts one new connection per event-loop turn,
 * so 100 connections opened in the same millisecond are accepted over a few turns of a busy server;
 * the ramp-up (until every connection has had an answer) is reported on its own.
 */
/** The Meilisearch server of the current runs, if any (its CPU per request is reported too). */
let meiliPid: number | undefined;

async function load(site: RunningSite, requests: Request[], seconds = SECONDS): Promise<Run> {
  const cpuBefore = cpuMs(site.pid);
  const meiliBefore = meiliPid === undefined ? undefined : cpuMs(meiliPid);
  const started = performance.now();
  const answered = new Set<unknown>();
  let readyAt = 0;
  const steady: number[] = [];
  // Without a callback autocannon returns its tracker, an event emitter that is also a promise.
  const instance = autocannon({
    url: site.url,
    connections: CONNECTIONS,
    duration: seconds,
    requests,
    timeout: 10,
  }) as Promise<Result> & {
    on(
      event: 'response',
      listener: (client: unknown, status: number, bytes: number, latencyMs: number) => void,
    ): void;
  };
  instance.on('response', (client: unknown, _status: number, _bytes: number, latencyMs: number) => {
    const now = performance.now();
    if (readyAt === 0) {
      answered.add(client);
      if (answered.size === CONNECTIONS) readyAt = now;
    } else if (now - latencyMs >= readyAt) steady.push(latencyMs);
  });
  const result = await instance;
  const cpuAfter = cpuMs(site.pid);
  const meiliAfter = meiliPid === undefined ? undefined : cpuMs(meiliPid);
  steady.sort((a, b) => a - b);
  const answers = result.requests.total;
  return {
    result,
    steady: {
      p50: percentile(steady, 0.5),
      p99: percentile(steady, 0.99),
      max: steady.at(-1) ?? Number.NaN,
      count: steady.length,
    },
    rampUpMs: (readyAt || performance.now()) - started,
    cpuMsPerRequest:
      cpuBefore !== undefined && cpuAfter !== undefined && answers > 0
        ? (cpuAfter - cpuBefore) / answers
        : undefined,
    meiliCpuMsPerRequest:
      meiliBefore !== undefined && meiliAfter !== undefined && answers > 0
        ? (meiliAfter - meiliBefore) / answers
        : undefined,
  };
}

const get = (paths: string[]): Request[] => paths.map((path) => ({ method: 'GET', path }));

/** The embedded engine's cache counters (from /api/sante); undefined on Meilisearch. */
async function cacheCounters(site: RunningSite): Promise<{ hits: number; misses: number } | undefined> {
  const body = (await (await fetch(`${site.url}/api/sante`)).json()) as {
    cache?: { hits: number; misses: number };
  };
  return body.cache;
}

/** A load run, with the share of searches the result cache answered meanwhile. */
async function measured(site: RunningSite, requests: Request[], seconds = SECONDS) {
  const before = await cacheCounters(site);
  const run = await load(site, requests, seconds);
  const after = await cacheCounters(site);
  const hits = before && after ? after.hits - before.hits : 0;
  const total = before && after ? hits + after.misses - before.misses : 0;
  return { ...run, cacheHitRate: total > 0 ? hits / total : undefined };
}

/** GETs `paths`, `parallel` at a time; fails on any non-200. Returns how many found nothing. */
async function getAll(site: RunningSite, paths: string[], parallel = 8): Promise<number> {
  let empty = 0;
  for (let i = 0; i < paths.length; i += parallel) {
    await Promise.all(
      paths.slice(i, i + parallel).map(async (path) => {
        const res = await fetch(`${site.url}${path}`);
        const text = await res.text();
        if (res.status !== 200) throw new Error(`${path}: ${res.status} ${text}`);
        if ((JSON.parse(text) as { total: number }).total === 0) empty++;
      }),
    );
  }
  return empty;
}

async function checkAll(site: RunningSite): Promise<void> {
  const empty = await getAll(site, MIX);
  mixNote = `mélange de ${MIX.length} recherches distinctes (${OFFER_QUERIES.length} représentatives + requêtes générées : texte avec fautes de frappe, ${COMMUNES.length} communes de métropole, de Corse et d’outre-mer avec rayons et tri par distance, filtres combinés, pages) ; ${empty} ne trouvent rien ; chaque connexion tire ses requêtes au hasard dans ce mélange`;
  // Flush the result cache of the mix just checked: fill it with other queries (more than it holds).
  await getAll(site, WARMUP);
  for (const r of SUGGESTION_REQUESTS) {
    const res = await fetch(`${site.url}${r.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: r.body as string,
    });
    if (res.status !== 200) throw new Error(`${r.path}: ${res.status} ${await res.text()}`);
  }
}

/** Offers of a demo partner under new ids and a tag in their names: what the publish during load adds. */
function newOffers(tag: string): Offer[] {
  const demo = generateDemo().offers;
  const first = [...demo.values()][0] ?? [];
  return first.map((o, i) => ({ ...o, id: `${PUBLISHER}-${tag}-${i}`, nom: `${o.nom} ${tag}` }));
}

async function publishDuringLoad(site: RunningSite, token: string, engine: string): Promise<string> {
  const tag = `chargepub${engine.slice(0, 4)}`;
  const csv = offersToCsvText(newOffers(tag));
  const run = measured(site, randomGets(MIX), SECONDS);
  await new Promise((r) => setTimeout(r, (SECONDS * 1000) / 3));
  const started = performance.now();
  const res = await fetch(`${site.url}/api/partenaires/${PUBLISHER}/publications`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
    body: csv,
  });
  const publishMs = performance.now() - started;
  const status = res.status;
  await res.text();
  rows.push({ engine, scenario: '/api/offres pendant une publication', ...(await run) });
  const found = (await (await fetch(`${site.url}/api/offres?q=${tag}&par_page=1`)).json()) as {
    total: number;
  };
  const expected = newOffers(tag).length;
  return `publication pendant la charge (${engine}) : HTTP ${status} en ${publishMs.toFixed(0)} ms ; ${found.total}/${expected} nouvelles offres trouvées ensuite`;
}

const profiles: string[] = [];
let mixNote = '';

/** One request at a time: each query's own cost, apart from queueing under load. */
async function profile(site: RunningSite, engine: string): Promise<void> {
  const requests = [...get(OFFER_QUERIES), ...SUGGESTION_REQUESTS];
  for (const r of requests) {
    const times: number[] = [];
    for (let i = 0; i < 15; i++) {
      const t = performance.now();
      // A different page size each time (10 to 24): a distinct query, never served by the cache.
      const path =
        r.method === 'POST' ? r.path : `${r.path}${r.path!.includes('?') ? '&' : '?'}par_page=${10 + i}`;
      const res = await fetch(`${site.url}${path}`, {
        method: r.method ?? 'GET',
        ...(r.headers ? { headers: r.headers as Record<string, string> } : {}),
        ...(typeof r.body === 'string' ? { body: r.body } : {}),
      });
      await res.arrayBuffer();
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const label =
      r.method === 'POST' ? `POST ${r.path} (${JSON.parse(r.body as string).code_commune})` : r.path;
    profiles.push(`| ${engine} | \`${label}\` | ${times[7]!.toFixed(0)} ms | ${times[14]!.toFixed(0)} ms |`);
  }
}

async function scenarios(site: RunningSite, engine: string, token: string): Promise<string> {
  await checkAll(site);
  log(`  ${engine}: one request at a time`);
  await profile(site, engine);
  // Warm-up (JIT), not reported, on queries outside the measured mix.
  await load(site, randomGets(WARMUP), 2);
  log(`  ${engine}: static reference`);
  rows.push({
    engine,
    scenario: 'référence : fichier statique',
    ...(await load(site, get(['/favicon.ico']))),
  });
  log(`  ${engine}: /api/offres`);
  rows.push({ engine, scenario: '/api/offres', ...(await measured(site, randomGets(MIX))) });
  log(`  ${engine}: /api/suggestions`);
  rows.push({ engine, scenario: '/api/suggestions', ...(await measured(site, SUGGESTION_REQUESTS)) });
  log(`  ${engine}: publish during load`);
  return publishDuringLoad(site, token, engine);
}

const started = performance.now();
const loadAtStart = loadavg()[0]!;
const dataDir = mkdtempSync(join(tmpdir(), 'spie-bench-load-'));
const notes: string[] = [];
try {
  log(`generating and publishing ${OFFERS} offers into ${dataDir}…`);
  const publishSeconds = await publishNationalStore(dataDir, OFFERS);
  const store = new PartnerStore(dataDir);
  notes.push(
    `${OFFERS.toLocaleString('fr-FR')} offres publiées par 10 partenaires (PartnerStore) en ${publishSeconds.toFixed(1)} s`,
  );
  const registry = new PartnerRegistry(dataDir);
  const token = await registry.add(PUBLISHER, 'Partenaire du benchmark');
  log('building the site…');
  await buildSite();

  if (ENGINES.includes('embedded')) {
    log('embedded engine');
    const t = performance.now();
    const site = await startSite({ dataDir, env: { SPIE_CACHE_STATS: '1' } });
    notes.push(
      `démarrage du site, moteur embarqué (chargement de l’entrepôt) : ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
    try {
      notes.push(await scenarios(site, 'embarqué', token));
    } finally {
      await site.stop();
    }
  }

  if (ENGINES.includes('meilisearch')) {
    log('Meilisearch');
    const meili = await startMeilisearch({ maxIndexingMemory: '1Gb' });
    meiliPid = meili.pid;
    try {
      const engine = new MeilisearchEngine({ url: meili.url, apiKey: meili.masterKey, indexName: 'offres' });
      const t = performance.now();
      await engine.replaceAll(await store.currentOffers());
      notes.push(
        `indexation Meilisearch de ${(await engine.count()).toLocaleString('fr-FR')} offres : ${((performance.now() - t) / 1000).toFixed(1)} s`,
      );
      const site = await startSite({
        dataDir,
        env: { MEILI_URL: meili.url, MEILI_MASTER_KEY: meili.masterKey },
      });
      try {
        notes.push(await scenarios(site, 'Meilisearch', token));
      } finally {
        await site.stop();
      }
    } finally {
      await meili.stop();
    }
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}

const ms = (n: number) => `${n.toFixed(0)} ms`;
const lines = [
  `${OFFERS.toLocaleString('fr-FR')} offres (jeu national généré), ${CONNECTIONS} connexions, ${SECONDS} s par mesure, autocannon sur 127.0.0.1, serveur Astro (Node) et autocannon sur la même machine (${cpus().length} cœurs). /api/offres : ${mixNote}. /api/suggestions : ${DIAGNOSTICS.length} diagnostics.`,
  '',
  'Latences : p50 et p99 d’autocannon sur toute la mesure, puis p99 **en régime établi**, c’est-à-dire une fois que chacune des connexions a reçu sa première réponse : Node (libuv ≥ 1.45, [libuv#3696](https://github.com/libuv/libuv/pull/3696)) n’accepte qu’une nouvelle connexion par tour de boucle, si bien que les 100 connexions ouvertes dans la même milliseconde par autocannon entrent une à une sur un serveur déjà chargé ; cette montée en charge est chiffrée à part (colonne « montée »). Objectif : p99 en régime établi < 200 ms, et aucune erreur sur toute la mesure. « CPU / req » : temps CPU du processus du site (tous ses fils) par réponse, peu sensible à la charge de la machine ; avec Meilisearch, suivi du temps CPU du serveur Meilisearch par réponse.',
  '',
  '| moteur | scénario | requêtes/s | p50 | p99 (toute la mesure) | p99 régime établi | montée | erreurs | non-2xx | cache (succès) | CPU / req | objectif |',
  '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
  ...rows.map(
    ({
      engine,
      scenario,
      result: r,
      steady,
      rampUpMs,
      cpuMsPerRequest,
      meiliCpuMsPerRequest,
      cacheHitRate,
    }) => {
      const goal = scenario.startsWith('/api/offres')
        ? steady.p99 < 200 && r.errors + r.timeouts === 0 && r.non2xx === 0
          ? 'atteint'
          : '**non atteint**'
        : '—';
      const cache = cacheHitRate === undefined ? '—' : `${(cacheHitRate * 100).toFixed(0)} %`;
      const cpu =
        cpuMsPerRequest === undefined
          ? '—'
          : `${cpuMsPerRequest.toFixed(2)} ms${meiliCpuMsPerRequest === undefined ? '' : ` + ${meiliCpuMsPerRequest.toFixed(2)} ms`}`;
      return `| ${engine} | ${scenario} | ${r.requests.average.toFixed(0)} | ${ms(r.latency.p50)} | ${ms(r.latency.p99)} | ${ms(steady.p99)} | ${(rampUpMs / 1000).toFixed(1)} s | ${r.errors + r.timeouts} | ${r.non2xx} | ${cache} | ${cpu} | ${goal} |`;
    },
  ),
  '',
  'Une requête à la fois (15 par requête, médiane et maximum ; `par_page` de 10 à 24 pour que le cache ne réponde jamais) : le coût propre de chaque requête, hors file d’attente.',
  '',
  '| moteur | requête | médiane | max |',
  '|---|---|---:|---:|',
  ...profiles,
  '',
  ...notes.map((n) => `- ${n}`),
  `- durée totale : ${((performance.now() - started) / 1000).toFixed(0)} s ; charge de la machine (load average 1 min) au début ${loadAtStart.toFixed(1)}, à la fin ${loadavg()[0]!.toFixed(1)} : au-delà de ${cpus().length}, d’autres processus se partagent les cœurs et les latences sont gonflées d’autant`,
];
console.log(lines.join('\n'));
