// Measures the centre table: share of exact centres and the error of the estimation method.
// Holds out a deterministic sample of exact communes, estimates them as if missing (from the other
// exact ones) and compares with their real point. Run:
//   pnpm exec tsx packages/territory/scripts/measure-estimates.ts
import { buildEstimator } from '../src/estimate.ts';
import { readTableFile } from '../src/files.ts';
import { distanceKm } from '../src/geo.ts';
import { EXACT_SOURCES } from '../src/table.ts';

const SAMPLE_SHARE = 0.1;
// Deterministic pseudo-random sample: a hash of the INSEE code (FNV-1a).
const hash = (s: string) => {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h / 2 ** 32;
};

const { communes } = readTableFile();
const exact = communes.filter((c) => EXACT_SOURCES.has(c.source));
const heldOut = exact.filter((c) => hash(c.code) < SAMPLE_SHARE);
const held = new Set(heldOut.map((c) => c.code));
const estimator = buildEstimator(exact.filter((c) => !held.has(c.code)));

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
const stats = (errors: number[]) => {
  const s = [...errors].sort((a, b) => a - b);
  return `${s.length} | ${quantile(s, 0.5).toFixed(1)} | ${quantile(s, 0.9).toFixed(1)} | ${(s[s.length - 1] ?? NaN).toFixed(1)}`;
};

const errorsBy = new Map<string, number[]>();
for (const c of heldOut) {
  const e = estimator.estimate(c);
  if (!e) continue;
  const d = distanceKm(c, e);
  for (const key of ['all', e.source]) errorsBy.set(key, [...(errorsBy.get(key) ?? []), d]);
}

const isExact = (s: string) => (EXACT_SOURCES as ReadonlySet<string>).has(s);
const count = (pred: (s: string) => boolean) => communes.filter((c) => pred(c.source)).length;
const pct = (n: number) => `${((100 * n) / communes.length).toFixed(1)} %`;
const lines = [
  `Communes: ${communes.length}. Exact centres: ${count(isExact)} (${pct(count(isExact))}).`,
  '',
  '| centre source | communes | share |',
  '| --- | --- | --- |',
  ...['official', 'geonames', 'geonames-name', 'locality', 'postal', 'epci', 'departement', 'manual'].map(
    (s) => `| ${s} | ${count((x) => x === s)} | ${pct(count((x) => x === s))} |`,
  ),
  '',
  `Held out: ${heldOut.length} exact communes (${SAMPLE_SHARE * 100} %, chosen by a hash of the INSEE code), estimated from the remaining exact ones.`,
  '',
  '| estimate used | held-out communes | median km | p90 km | max km |',
  '| --- | --- | --- | --- | --- |',
  ...['all', 'postal', 'epci', 'departement'].map((k) => `| ${k} | ${stats(errorsBy.get(k) ?? [])} |`),
];
console.log(lines.join('\n'));
