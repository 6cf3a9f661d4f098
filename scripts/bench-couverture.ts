// Observatoire: coverage of one need for one travel mode over a territory, on a national catalogue.
// CoverageIndex (offers indexed by need: kd-tree of places, remote offers by zone code) against the
// naive computation measured in the same run: the offers of the need (filtered once with `relation`),
// then every commune × every one of them through `evaluate`. Both must give the same counts (checked).
// Usage: pnpm exec tsx scripts/bench-couverture.ts [--offers N]
import { cpus, loadavg } from 'node:os';
import {
  DEFAULT_MATCHING_CONFIG,
  evaluate,
  type LatLon,
  type MobilityMode,
  type Offer,
  relation,
  type ThematiqueOuCategorie,
} from '@spie/core';
import { CoverageIndex, communesOf, distinctServices, personAt } from '@spie/search';
import { type Commune, getCommune } from '@spie/territory';
import { generateNationalOffers } from './generate-demo.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const OFFERS = arg('offers', 100_000);
const TODAY = '2026-11-27';
const NAIVE_FRANCE_SAMPLE = 200;

console.error(`generating ${OFFERS} offers…`);
const offers: Offer[] = [...generateNationalOffers(OFFERS)];
getCommune('79191'); // territory table built outside the timings (loaded once by any server)

const cases: { dep: string; besoin: ThematiqueOuCategorie; mode: MobilityMode }[] = [
  { dep: '79', besoin: 'famille--garde-denfants', mode: 'transports-en-commun' },
  { dep: '80', besoin: 'mobilite', mode: 'a-pied' },
  { dep: '33', besoin: 'se-former', mode: 'voiture' },
  { dep: '59', besoin: 'trouver-un-emploi', mode: 'velo' },
  { dep: '13', besoin: 'famille', mode: 'transports-en-commun' },
];

const ms = (t0: number) => performance.now() - t0;
const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

// Naive: every commune of the territory against every offer of the need, same rules.
const centre = (code: string): LatLon | undefined => {
  const c = getCommune(code);
  return c ? { latitude: c.latitude, longitude: c.longitude } : undefined;
};
function naive(communes: readonly Commune[], besoin: ThematiqueOuCategorie, mode: MobilityMode) {
  const asked = [{ thematique: besoin, priorite: 1 as const }];
  const ofNeed = offers.filter((o) => relation(o, asked).covers.length > 0);
  return communes.map((c) => {
    const ctx = personAt(c, { mode }, TODAY);
    const here: Offer[] = [];
    const away: Offer[] = [];
    for (const o of ofNeed) {
      const ev = evaluate(o, ctx, DEFAULT_MATCHING_CONFIG, centre, false);
      if (ev.rejections.length > 0) continue;
      if (ev.reachedBy === 'presentiel') here.push(o);
      else if (ev.reachedBy === 'distance') away.push(o);
    }
    const { inPerson, remote } = distinctServices(here, away);
    return { code: c.code, inPerson, remote };
  });
}

const rows: string[] = [];
let mismatches = 0;
for (const k of cases) {
  const territoire = { type: 'departement' as const, code: k.dep };
  // cold: a new catalogue index (need index built inside the timing), no memoised result
  let t = performance.now();
  const index = new CoverageIndex(offers, TODAY);
  const r = index.compute({ territoire, besoin: k.besoin, mode: k.mode });
  const cold = ms(t);
  t = performance.now();
  index.compute({ territoire, besoin: k.besoin, mode: k.mode });
  const cached = ms(t);
  t = performance.now();
  const ref = naive(communesOf(territoire), k.besoin, k.mode);
  const naiveMs = ms(t);
  for (const [i, c] of r.communes.entries()) {
    const n = ref[i];
    if (!n || n.code !== c.code || n.inPerson !== c.offres_accessibles || n.remote !== c.offres_a_distance)
      mismatches++;
  }
  console.error(`${k.dep} ${k.besoin} ${k.mode}: ${fmt(cold)} ms cold, naive ${fmt(naiveMs)} ms`);
  rows.push(
    `| ${k.dep} | ${k.besoin} | ${k.mode} | ${r.communes.length} | ${fmt(cold)} | ${fmt(cached)} | ${fmt(naiveMs)} | ${(naiveMs / cold).toFixed(0)}× |`,
  );
}

// All of France for one need: a fresh index; naive extrapolated from a sample of communes.
const france = { type: 'france' as const };
let t = performance.now();
const fr = new CoverageIndex(offers, TODAY).compute({
  territoire: france,
  besoin: 'famille--garde-denfants',
  mode: 'transports-en-commun',
});
const franceMs = ms(t);
const all = communesOf(france);
const sample = all
  .filter((_, i) => i % Math.floor(all.length / NAIVE_FRANCE_SAMPLE) === 0)
  .slice(0, NAIVE_FRANCE_SAMPLE);
t = performance.now();
naive(sample, 'famille--garde-denfants', 'transports-en-commun');
const naiveFranceMs = (ms(t) / sample.length) * all.length;
console.error(`France: ${fmt(franceMs)} ms, naive ≈ ${fmt(naiveFranceMs)} ms`);

console.log(`Catalogue: ${OFFERS.toLocaleString('en')} generated national offers (\`generateNationalOffers\`), date ${TODAY}. Machine: ${cpus().length} cores, load average ${loadavg()[0]?.toFixed(1)} at the end (shared with other jobs).

One département × one need × one mode. *Cold* = a new \`CoverageIndex\` on the catalogue (the need's index is built inside the timing) and no memoised result; *cached* = the same query again (the site keeps one index per catalogue version). *Naive* = the need's offers filtered once (\`relation\`), then every commune × every one of them through \`evaluate\`, measured in the same run; both give the same counts for every commune (mismatches: ${mismatches}).

| département | need | mode | communes | cold ms | cached ms | naive ms | naive / cold |
| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |
${rows.join('\n')}

All of France (${fr.communes.length.toLocaleString('en')} communes), famille--garde-denfants by public transport: **${fmt(franceMs)} ms** cold (goal < 5,000 ms); naive ≈ ${fmt(naiveFranceMs / 1000)} s (extrapolated from ${sample.length} communes spread over France: ${(naiveFranceMs / franceMs).toFixed(0)}× slower). Goal for a département: < 300 ms cold.`);
if (mismatches > 0) process.exitCode = 1;
