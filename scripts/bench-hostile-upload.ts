// Hostile upload (issue 14): a partner posts a 50,000-row file (9.8 MB, every row with a distinct
// 100-character unknown thématique) to the publication API while professionals search. Before the
// fix, the "vouliez-vous dire" suggestions and the validation ran unbounded on the HTTP thread and
// froze the site for minutes. Goal: /api/offres p99 < 200 ms during the upload, report in < 10 s.
// Reference in the same run: the same search load without the upload.
// Usage: pnpm exec tsx scripts/bench-hostile-upload.ts [--rows N] [--connections C] [--seconds S]
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PartnerRegistry, PartnerStore } from '@spie/loader';
import autocannon, { type Request } from 'autocannon';
import { buildSite, type RunningSite, startSite } from '../tests/support/site-server.ts';
import { mulberry32 as prng } from './demo/random.ts';
import { generateDemo } from './generate-demo.ts';
import { hostileUploadCsv } from './lib/hostile-upload.ts';
import { queryMix } from './lib/offer-query-mix.ts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const ROWS = Number(arg('rows', '50000'));
const CONNECTIONS = Number(arg('connections', '20'));
const SECONDS = Number(arg('seconds', '10'));
const HOSTILE = 'partenaire-hostile';
const log = (m: string) => process.stderr.write(`${m}\n`);
const MIX = queryMix(500, 7);

function randomGets(): Request[] {
  return [
    {
      method: 'GET',
      setupRequest: (req, context) => {
        const ctx = context as { next?: () => number };
        ctx.next ??= prng(Math.floor(Math.random() * 2 ** 31));
        return { ...req, path: MIX[Math.floor(ctx.next() * MIX.length)]! };
      },
    },
  ];
}

interface Measure {
  requests: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  non2xx: number;
}

/** Search load until `until` settles (or for SECONDS when none is given). */
async function searchLoad(site: RunningSite, until?: Promise<unknown>): Promise<Measure> {
  const latencies: number[] = [];
  const instance = autocannon({
    url: site.url,
    connections: CONNECTIONS,
    duration: until ? 600 : SECONDS,
    requests: randomGets(),
  });
  (instance as unknown as { on: (e: string, f: (...a: number[]) => void) => void }).on(
    'response',
    (_c, _s, _b, latencyMs) => latencies.push(latencyMs!),
  );
  if (until) until.finally(() => (instance as unknown as { stop: () => void }).stop());
  const result = await instance;
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return {
    requests: latencies.length,
    p50: at(0.5),
    p99: at(0.99),
    max: latencies.at(-1) ?? 0,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'spie-bench-hostile-'));
  let site: RunningSite | undefined;
  try {
    const store = new PartnerStore(dataDir);
    const { offers } = generateDemo();
    for (const [partner, list] of offers) await store.publish(partner, list, { by: 'bench' });
    const token = await new PartnerRegistry(dataDir).add(HOSTILE, 'Partenaire hostile');
    const csv = hostileUploadCsv(ROWS);
    log(`building and starting the site (${[...offers.values()].flat().length} demo offers)…`);
    await buildSite();
    site = await startSite({ dataDir });
    await searchLoad(site); // warm-up
    const load0 = loadavg()[0]!;
    log('reference: searches alone…');
    const reference = await searchLoad(site);
    log(`hostile upload of ${ROWS} rows (${(csv.length / 1e6).toFixed(1)} MB) during searches…`);
    const started = performance.now();
    const upload = fetch(`${site.url}/api/partenaires/${HOSTILE}/publications`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      body: csv,
    }).then(async (r) => {
      const ms = performance.now() - started;
      const body = (await r.json()) as { rapport?: { stats?: { errors?: number } } };
      return { status: r.status, ms, errors: body.rapport?.stats?.errors ?? 0 };
    });
    const during = await searchLoad(site, upload);
    const sent = await upload;
    const load1 = loadavg()[0]!;
    const met = during.p99 < 200 && sent.ms < 10_000 && during.errors === 0;
    const row = (name: string, m: Measure) =>
      `| ${name} | ${m.requests} | ${m.p50} ms | ${m.p99} ms | ${m.max} ms | ${m.errors} | ${m.non2xx} |`;
    console.log(
      [
        `${[...offers.values()].flat().length} offres de démonstration, ${CONNECTIONS} connexions sur /api/offres (mélange de ${MIX.length} recherches), site et autocannon sur la même machine. Fichier hostile : ${ROWS} lignes, ${(csv.length / 1e6).toFixed(1)} Mo, une thématique inconnue de 100 caractères différente sur chaque ligne, posté à \`POST /api/partenaires/<id>/publications\`.`,
        '',
        '| mesure | réponses | p50 | p99 | max | erreurs | non-2xx |',
        '|---|---:|---:|---:|---:|---:|---:|',
        row(`référence : recherches seules (${SECONDS} s)`, reference),
        row('recherches pendant le dépôt hostile', during),
        '',
        `- Rapport du dépôt hostile : HTTP ${sent.status} en **${(sent.ms / 1000).toFixed(1)} s**, ${sent.errors} erreurs signalées (objectif < 10 s).`,
        `- p99 pendant le dépôt / p99 de référence : ${(during.p99 / Math.max(1, reference.p99)).toFixed(2)}× (objectif : p99 < 200 ms) — objectif **${met ? 'atteint' : 'non atteint'}**.`,
        `- Charge de la machine (load average 1 min) : ${load0.toFixed(1)} au début, ${load1.toFixed(1)} à la fin (2 cœurs : au-delà de 2, d’autres processus se partagent les cœurs).`,
      ].join('\n'),
    );
  } finally {
    await site?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
