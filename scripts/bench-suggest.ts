// Matching latency on a national catalogue: findSuggestions (validation, location, retrieval through
// the embedded engine, pure scoring) for generated diagnostics, with p50/p95 and peak memory.
// Reference in the same run: the bare engine query that retrieval issues (one page, same filters),
// so the ratio shows what matching adds on top of search.
// Usage: pnpm exec tsx scripts/bench-suggest.ts [--offers N] [--diagnostics N]

import { cpus, loadavg } from 'node:os';
import {
  CATEGORIE_VALUES,
  DEFAULT_MATCHING_CONFIG,
  type DiagnosticInput,
  DiagnosticSchema,
  MOBILITY_MODE_VALUES,
  type Offer,
  SITUATION_VALUES,
  THEMATIQUE_VALUES,
} from '@spie/core';
import { EmbeddedSearchEngine, findSuggestions, resolveLocation, retrievalThematiques } from '@spie/search';
import { listCommunes } from '@spie/territory';
import { generateNationalOffers } from './generate-demo.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const OFFERS = arg('offers', 100_000);
const DIAGNOSTICS = arg('diagnostics', 200);
const WARMUP = 20;
const TODAY = '2026-11-27';

/** mulberry32: deterministic diagnostics. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rng = prng(2026);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)] as T;

let peakRss = 0;
const sample = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};

console.error(`generating ${OFFERS} offers…`);
const offers: Offer[] = [...generateNationalOffers(OFFERS)];
sample();
// No result cache: measure the real work of each diagnostic.
const engine = new EmbeddedSearchEngine({ resultCacheSize: 0 });
let t = performance.now();
await engine.replaceAll(offers);
const loadS = (performance.now() - t) / 1000;
sample();
console.error(`indexed in ${loadS.toFixed(1)} s`);

// People live where people live: communes weighted by population (like the generator's offers).
const communes = listCommunes().filter((c) => c.population > 0 && !c.departement.startsWith('98'));
const cumulative: number[] = [];
let total = 0;
for (const c of communes) {
  total += c.population;
  cumulative.push(total);
}
const weightedCommune = () => {
  const x = rng() * total;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cumulative[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return communes[lo]!;
};

function diagnostic(): DiagnosticInput {
  const asked = new Set<string>();
  const n = 1 + Math.floor(rng() * 3);
  while (asked.size < n) asked.add(rng() < 0.2 ? pick(CATEGORIE_VALUES) : pick(THEMATIQUE_VALUES));
  const situations = new Set<string>();
  for (let i = Math.floor(rng() * 4); i > 0; i--) situations.add(pick(SITUATION_VALUES));
  return {
    code_commune: weightedCommune().code,
    age: 16 + Math.floor(rng() * 50),
    situations: [...situations],
    besoins: [...asked].map((thematique) => ({ thematique, priorite: pick([1, 2, 3] as const) })),
    mobilite: { mode: pick(MOBILITY_MODE_VALUES) },
    acces_numerique: rng() < 0.6,
  } as DiagnosticInput;
}
const diagnostics = Array.from({ length: DIAGNOSTICS + WARMUP }, diagnostic);

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] as number;
};

const loadBefore = loadavg()[0] ?? 0;
const suggestMs: number[] = [];
const unlocatedMs: number[] = [];
const UNLOCATED_RUNS = 50;
const searchMs: number[] = [];
const suggestionCounts: number[] = [];
for (const [i, input] of diagnostics.entries()) {
  // Reference: the first retrieval query alone.
  const d = DiagnosticSchema.parse(input);
  const { person } = resolveLocation(d);
  const radius = DEFAULT_MATCHING_CONFIG.budgetKmByMode[d.mobilite.mode];
  t = performance.now();
  await engine.search({
    filters: {
      zone: [...person.zoneCodes],
      thematiques: retrievalThematiques(d.besoins),
      remote: d.acces_numerique ? 'include' : 'exclude',
    },
    geo: { latitude: person.latitude, longitude: person.longitude, radius_km: radius },
    sort: 'distance',
    hits_per_page: 1000,
  });
  const searchTime = performance.now() - t;
  t = performance.now();
  const r = await findSuggestions(input, engine, { today: TODAY });
  const suggestTime = performance.now() - t;
  sample();
  if (i < WARMUP) continue;
  searchMs.push(searchTime);
  suggestMs.push(suggestTime);
  suggestionCounts.push(r.suggestions.length);
  if (unlocatedMs.length < UNLOCATED_RUNS) {
    t = performance.now();
    await findSuggestions(input, engine, { today: TODAY, includeUnlocated: true });
    unlocatedMs.push(performance.now() - t);
  }
}

const row = (label: string, xs: number[]) =>
  `| ${label} | ${percentile(xs, 50).toFixed(1)} | ${percentile(xs, 95).toFixed(1)} | ${Math.max(...xs).toFixed(1)} |`;
const p95 = percentile(suggestMs, 95);
const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
console.log(
  [
    `Embedded engine, ${OFFERS.toLocaleString('en')} generated national offers (scripts/generate-demo.ts, indexed in ${loadS.toFixed(1)} s), ${DIAGNOSTICS} generated diagnostics (communes weighted by population, 1–3 besoins, random situations, modes and digital access) after ${WARMUP} warm-up runs.`,
    '',
    '| ms per diagnostic | p50 | p95 | max |',
    '|---|---|---|---|',
    row('`findSuggestions` (validate, locate, retrieve, score, parcours)', suggestMs),
    row('reference: the bare first retrieval query (one page)', searchMs),
    row(`\`findSuggestions\` with \`includeUnlocated\` (first ${UNLOCATED_RUNS} diagnostics)`, unlocatedMs),
    '',
    `- p95 ${p95.toFixed(1)} ms vs goal 50 ms: ${p95 < 50 ? 'met' : '**not met**'}; p50 ratio to the bare query: ${(percentile(suggestMs, 50) / percentile(searchMs, 50)).toFixed(1)}×.`,
    `- Suggestions per diagnostic: median ${percentile(suggestionCounts, 50)}, p95 ${percentile(suggestionCounts, 95)}.`,
    `- Machine load (1-min average) ${loadBefore.toFixed(1)} → ${(loadavg()[0] ?? 0).toFixed(1)} on ${cpus().length} cores: other processes compete for the CPU when it exceeds the core count, inflating every figure above (both rows alike).`,
    `- Peak RSS (offers in memory + index + runs): ${mib(peakRss)} vs goal 1 GiB: ${peakRss < 2 ** 30 ? 'met' : '**not met**'}.`,
  ].join('\n'),
);
