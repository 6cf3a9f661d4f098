// In-process cost of one search on the embedded engine, without HTTP, result cache off: the national
// set generated, loaded once, then each representative query run 20 times (third round reported,
// after two warm-up rounds). With PROF=<file>, a CPU profile of the search rounds only (not the
// load) is written for Chrome DevTools or a summary script.
// Usage: pnpm exec tsx tests/reliability/profile-search.ts [offers]
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { EmbeddedSearchEngine } from '@spie/search';
import { generateNationalOffers } from '../../scripts/generate-demo.ts';
import { toApiResults } from '../../site/src/lib/offers-api.ts';
import { parseSearchParams } from '../../site/src/lib/search-params.ts';

const N = Number(process.argv[2] ?? 100_000);
const offers = [...generateNationalOffers(N)].map((o, i) => ({ ...o, partenaire: `national-${i % 10}` }));
const engine = new EmbeddedSearchEngine({ resultCacheSize: 0 });
const t = performance.now();
await engine.replaceAll(offers);
console.error(`${N} offres chargées en ${(performance.now() - t).toFixed(0)} ms`);

const QUERIES = [
  '',
  'q=permis',
  'q=accompagnement%20emploi&page=2',
  'commune=75056&rayon=10',
  'commune=69123&thematiques=mobilite',
  'commune=13055&rayon=30&tri=distance',
  'q=atelier%20numerique&frais=gratuit',
  'commune=59350&publics=jeunes&a_distance=exclure',
  'q=formaton',
  'thematiques=sante&types=accompagnement',
  'q=logement&commune=33063&rayon=50',
];

const session = new Session();
session.connect();
if (process.env.PROF) {
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
}
console.log('| requête | recherche (médiane) | max | JSON de la réponse (moyenne) |');
console.log('|---|---:|---:|---:|');
for (let round = 0; round < 3; round++) {
  for (const qs of QUERIES) {
    const parsed = parseSearchParams(new URLSearchParams(qs));
    if (!parsed.ok) throw new Error(`${qs}: ${parsed.errors.join(', ')}`);
    const times: number[] = [];
    let jsonMs = 0;
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      const result = await engine.search(parsed.query);
      const t1 = performance.now();
      JSON.stringify(toApiResults({ ...result, out_of_zone: 0 }, parsed.state));
      jsonMs += performance.now() - t1;
      times.push(t1 - t0);
    }
    times.sort((a, b) => a - b);
    if (round === 2)
      console.log(
        `| \`${qs || '(aucun paramètre)'}\` | ${times[10]!.toFixed(2)} ms | ${times[19]!.toFixed(2)} ms | ${(jsonMs / 20).toFixed(2)} ms |`,
      );
  }
}
if (process.env.PROF) {
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(process.env.PROF, JSON.stringify(profile));
}
