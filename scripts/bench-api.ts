// GET /api/offres latency on the demo data, against GET /api/sante (same server, same HTTP stack,
// no search) measured in the same run; plus the search page's JavaScript size, gzipped.
// Loopback only; bounded: a fixed number of requests per endpoint and a time cap per autocannon run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import autocannon from 'autocannon';
import { buildSite, siteOutDir, startSite, tempDataDir } from '../tests/support/site-server.ts';
import { prepareData } from './prepare-data.ts';

const SEQUENTIAL_REQUESTS = 400;
const AUTOCANNON = { connections: 8, amount: 3000, duration: 20 };
const JS_BUDGET_KB = 100;

const QUERIES = [
  '?q=permis',
  '?q=chantier%20insertion',
  '?q=garde%20enfants&commune=79191&rayon=20',
  '?commune=80021&rayon=30&tri=distance',
  '?thematiques=mobilite&publics=jeunes',
  '?q=aide%20numerique&a_distance=exclure',
  '?types=formation,atelier&frais=gratuit',
  '?q=logement&commune=67482&rayon=15&page=2',
  '?q=permsi',
  '?reseaux_porteurs=mission-locale&par_page=50',
];

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

async function sequential(base: string, paths: string[]): Promise<{ p50: number; p95: number; max: number }> {
  for (const p of paths) await (await fetch(base + p)).arrayBuffer(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < SEQUENTIAL_REQUESTS; i++) {
    const start = performance.now();
    const r = await fetch(base + paths[i % paths.length]);
    await r.arrayBuffer();
    times.push(performance.now() - start);
    if (r.status !== 200) throw new Error(`${paths[i % paths.length]} → ${r.status}`);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), max: times.at(-1) ?? Number.NaN };
}

async function throughput(base: string, paths: string[]) {
  const result = await autocannon({
    url: base,
    ...AUTOCANNON,
    requests: paths.map((path) => ({ method: 'GET' as const, path })),
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p97_5: result.latency.p97_5,
    errors: result.errors + result.non2xx,
  };
}

/** Gzipped bytes of the scripts a page loads: its module scripts and every chunk they import. */
function pageScriptBytes(html: string, clientDir: string): { files: string[]; raw: number; gzip: number } {
  const seen = new Set<string>();
  const queue = [...html.matchAll(/<script[^>]+src="(\/_astro\/[^"]+\.js)"/g)].map((m) => m[1]!);
  let raw = 0;
  let gzip = 0;
  while (queue.length) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    seen.add(url);
    const text = readFileSync(join(clientDir, url));
    raw += text.byteLength;
    gzip += gzipSync(text).byteLength;
    for (const m of text.toString('utf8').matchAll(/["'`](\.\/[\w.-]+\.js)["'`]/g))
      queue.push(`/_astro/${m[1]!.slice(2)}`);
  }
  return { files: [...seen], raw, gzip };
}

const ms = (n: number) => n.toFixed(1);

async function main() {
  console.error('building the site…');
  await buildSite();
  const data = tempDataDir('spie-bench-api-');
  const site = await (async () => {
    const prepared = await prepareData({ dataDir: data.dir });
    console.error(`demo data: ${prepared.totalOffers} offers`);
    return { running: await startSite({ dataDir: data.dir }), offers: prepared.totalOffers };
  })();
  const base = site.running.url;
  try {
    const health = await sequential(base, ['/api/sante']);
    const search = await sequential(
      base,
      QUERIES.map((q) => `/api/offres${q}`),
    );
    console.error('autocannon…');
    const healthLoad = await throughput(base, ['/api/sante']);
    const searchLoad = await throughput(
      base,
      QUERIES.map((q) => `/api/offres${q}`),
    );
    const html = await (await fetch(`${base}/?q=permis&commune=79191`)).text();
    const js = pageScriptBytes(html, join(await siteOutDir(), 'client'));

    console.log(`Demo data: ${site.offers} offers, embedded engine, Node ${process.version}, loopback.\n`);
    console.log(
      `### Latency, one request at a time (${SEQUENTIAL_REQUESTS} requests, mix of ${QUERIES.length} queries)\n`,
    );
    console.log('| Endpoint | p50 (ms) | p95 (ms) | max (ms) |');
    console.log('|---|---|---|---|');
    console.log(
      `| GET /api/sante (reference: same server, no search) | ${ms(health.p50)} | ${ms(health.p95)} | ${ms(health.max)} |`,
    );
    console.log(`| GET /api/offres | ${ms(search.p50)} | ${ms(search.p95)} | ${ms(search.max)} |`);
    console.log(
      `\n/api/offres p95 = ${ms(search.p95)} ms (goal < 100 ms: ${search.p95 < 100 ? 'met' : 'NOT met'}), ${(search.p95 / health.p95).toFixed(1)}× the reference p95.\n`,
    );
    console.log(
      `### Under load (autocannon, ${AUTOCANNON.connections} connections, ${AUTOCANNON.amount} requests, ≤ ${AUTOCANNON.duration} s)\n`,
    );
    console.log('| Endpoint | req/s | p50 (ms) | p97.5 (ms) | errors |');
    console.log('|---|---|---|---|---|');
    console.log(
      `| GET /api/sante | ${healthLoad.rps.toFixed(0)} | ${healthLoad.p50} | ${healthLoad.p97_5} | ${healthLoad.errors} |`,
    );
    console.log(
      `| GET /api/offres | ${searchLoad.rps.toFixed(0)} | ${searchLoad.p50} | ${searchLoad.p97_5} | ${searchLoad.errors} |`,
    );
    console.log('\n### Search page JavaScript\n');
    console.log(
      `${js.files.length} files (entry scripts and the chunks they import, Leaflet included): ${(js.raw / 1024).toFixed(1)} KB raw, **${(js.gzip / 1024).toFixed(1)} KB gzipped** (budget ${JS_BUDGET_KB} KB: ${js.gzip / 1024 < JS_BUDGET_KB ? 'met' : 'NOT met'}).`,
    );
  } finally {
    await site.running.stop();
    data.remove();
  }
}

await main();
