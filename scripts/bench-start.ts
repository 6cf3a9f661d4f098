// Start-up of the built site at national scale with the embedded engine, before and after the shared,
// persisted index, in the same run: the national set (100,000 offers by default) published into a temp
// DATA_DIR, then the site started again and again from it.
// - before: `SEARCH_SHARED_INDEX=0`, the previous way: the HTTP thread reads the store and every search
//   thread builds its own catalogue from the offers;
// - after, first start: no index on disk: built once on one thread, shared, then written to DATA_DIR/index;
// - after, restart: the index written by the previous start, opened (read into shared memory);
// - after, restart after a publication: the same, plus one partner's offers replaced.
// Measured from outside: wall time from spawn to the first answer of /api/offres (a text search), RSS
// of the site process once it answers, and its peak (kernel high-water mark, every thread), with 1 and
// 2 search threads. Goal (issue 17): a restart answers within 5 s; the catalogue's memory does not grow
// with the threads.
// Usage: pnpm exec tsx scripts/bench-start.ts [--offers N] [--runs R]
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PartnerStore } from '@spie/loader';
import { buildSite, startSite } from '../tests/support/site-server.ts';
import { publishNationalStore } from './lib/national-store.ts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const OFFERS = Number(arg('offers', '100000'));
const RUNS = Number(arg('runs', '1'));
const log = (m: string) => process.stderr.write(`${m}\n`);

/** VmRSS and VmHWM of a process, in MB. */
function memory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

interface Measure {
  seconds: number;
  rss: number;
  peak: number;
}

const dataDir = mkdtempSync(join(tmpdir(), 'spie-bench-start-'));
/** an empty store: the site's own start-up (Node, Astro, threads, territory tables), the floor of every row */
const emptyDir = mkdtempSync(join(tmpdir(), 'spie-bench-start-empty-'));
const indexDir = join(dataDir, 'index');
const started = performance.now();
const loadAtStart = loadavg()[0]!;

/** One start: spawn → first answer of a text search; memory once it answers. */
async function start(threads: number, env: Record<string, string>, dir = dataDir): Promise<Measure> {
  const t = performance.now();
  const site = await startSite({
    dataDir: dir,
    env: { SEARCH_THREADS: String(threads), ...env },
    readyTimeoutMs: 600_000,
  });
  try {
    const res = await fetch(`${site.url}/api/offres?q=permis`);
    const body = (await res.json()) as { total: number };
    if (res.status !== 200 || (dir === dataDir && body.total === 0))
      throw new Error(`/api/offres: ${res.status}`);
    const seconds = (performance.now() - t) / 1000;
    return { seconds, ...memory(site.pid) };
  } finally {
    await site.stop();
  }
}

const mean = (xs: Measure[]): Measure => ({
  seconds: xs.reduce((a, x) => a + x.seconds, 0) / xs.length,
  rss: xs.reduce((a, x) => a + x.rss, 0) / xs.length,
  peak: xs.reduce((a, x) => a + x.peak, 0) / xs.length,
});

const rows: { threads: number; path: string; m: Measure }[] = [];
const notes: string[] = [];
try {
  log(`publishing ${OFFERS} offers into ${dataDir}…`);
  const publishSeconds = await publishNationalStore(dataDir, OFFERS);
  log('building the site…');
  await buildSite();
  const store = new PartnerStore(dataDir);
  for (const threads of [1, 2]) {
    // before and after alternate, so that a change of machine load hits both alike
    const floor: Measure[] = [];
    const before: Measure[] = [];
    const first: Measure[] = [];
    const restart: Measure[] = [];
    for (let run = 0; run < RUNS; run++) {
      log(`  ${threads} thread(s), run ${run + 1}: empty store`);
      floor.push(await start(threads, {}, emptyDir));
      log(`  ${threads} thread(s), run ${run + 1}: before`);
      rmSync(indexDir, { recursive: true, force: true });
      before.push(await start(threads, { SEARCH_SHARED_INDEX: '0' }));
      log(`  ${threads} thread(s), run ${run + 1}: after, first start`);
      rmSync(indexDir, { recursive: true, force: true });
      first.push(await start(threads, {}));
      log(`  ${threads} thread(s), run ${run + 1}: after, restart`);
      restart.push(await start(threads, {}));
    }
    rows.push({ threads, path: 'référence : entrepôt vide (démarrage du site seul)', m: mean(floor) });
    rows.push({ threads, path: 'avant : chaque fil construit son catalogue', m: mean(before) });
    rows.push({
      threads,
      path: 'après, 1er démarrage : construit une fois, partagé, enregistré',
      m: mean(first),
    });
    rows.push({ threads, path: '**après, redémarrage : index enregistré ouvert**', m: mean(restart) });
  }
  // a publication since the index was written: that partner's offers replaced on top of the image
  const partner = 'national-3';
  const offers = await store.partnerOffers(partner);
  await store.publish(partner, offers.slice(100), { by: 'bench' });
  log('  2 threads: restart after a publication');
  const afterPublish: Measure[] = [];
  for (let run = 0; run < RUNS; run++) afterPublish.push(await start(2, {}));
  rows.push({
    threads: 2,
    path: `après, redémarrage après une publication (${offers.length - 100} offres d’un partenaire rechargées)`,
    m: mean(afterPublish),
  });
  const file = join(indexDir, 'catalogue.img');
  notes.push(
    `${OFFERS.toLocaleString('fr-FR')} offres publiées par 10 partenaires en ${publishSeconds.toFixed(1)} s ; index enregistré : ${(statSync(file).size / 2 ** 20).toFixed(0)} Mo (${file.replace(dataDir, 'DATA_DIR')})`,
  );
} finally {
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(emptyDir, { recursive: true, force: true });
}

const by = (threads: number, prefix: string) =>
  rows.find((r) => r.threads === threads && r.path.replace(/\*/g, '').startsWith(prefix))!.m;
const lines = [
  `${OFFERS.toLocaleString('fr-FR')} offres (jeu national généré), site construit (Astro, Node), moteur embarqué, SEARCH_THREADS = 1 puis 2, ${RUNS} démarrages par ligne (moyenne), avant et après en alternance dans la même exécution (${cpus().length} cœurs). Durée : du lancement du processus à la première réponse de \`/api/offres?q=permis\`. Mémoire : RSS du processus du site (tous ses fils) à ce moment, et son maximum (VmHWM). « Avant » est l’ancien chemin, toujours disponible avec \`SEARCH_SHARED_INDEX=0\`.`,
  '',
  '| fils | démarrage | durée | RSS | RSS max |',
  '|---:|---|---:|---:|---:|',
  ...rows.map(
    ({ threads, path, m }) =>
      `| ${threads} | ${path} | ${m.seconds.toFixed(1)} s | ${m.rss.toFixed(0)} Mo | ${m.peak.toFixed(0)} Mo |`,
  ),
  '',
];
for (const threads of [1, 2]) {
  const b = by(threads, 'avant');
  const r = by(threads, 'après, redémarrage');
  const f = by(threads, 'référence');
  lines.push(
    `- ${threads} fil(s) : redémarrage ${r.seconds.toFixed(1)} s (dont ${f.seconds.toFixed(1)} s pour démarrer le site sur un entrepôt vide) contre ${b.seconds.toFixed(1)} s avant (${(b.seconds / r.seconds).toFixed(1)}× plus rapide ; objectif < 5 s : ${r.seconds < 5 ? 'atteint' : '**non atteint**'}) ; RSS ${r.rss.toFixed(0)} Mo contre ${b.rss.toFixed(0)} Mo`,
  );
}
const perThreadBefore = by(2, 'avant').rss - by(1, 'avant').rss;
const perThreadAfter = by(2, 'après, redémarrage').rss - by(1, 'après, redémarrage').rss;
lines.push(
  `- mémoire d’un fil de plus : ${perThreadBefore.toFixed(0)} Mo avant, ${perThreadAfter.toFixed(0)} Mo après (le catalogue et son index sont une seule image en mémoire partagée ; il reste à chaque fil son dictionnaire de termes, ses modules et ses tables de territoire)`,
  ...notes.map((n) => `- ${n}`),
  `- durée totale : ${((performance.now() - started) / 1000).toFixed(0)} s ; charge de la machine (load average 1 min) au début ${loadAtStart.toFixed(1)}, à la fin ${loadavg()[0]!.toFixed(1)} sur ${cpus().length} cœurs : au-delà, d’autres processus se partagent les cœurs, seuls les rapports entre lignes de la même exécution comparent`,
);
console.log(lines.join('\n'));
