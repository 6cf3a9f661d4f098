#!/usr/bin/env tsx
// Orientation creation and answer latency (the use cases, mail to an in-memory mailer) on PGlite
// (a directory, as the site uses it) and on a real PostgreSQL 15 (started here). Reference measured
// in the same run: a bare `select 1` on the same database, so a loaded machine shows as such.
// Goal (issue 15): creation p95 < 50 ms on PGlite, < 20 ms on PostgreSQL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type OfferInfo,
  type OrientationRepository,
  OrientationService,
  openPgliteRepository,
  openPostgresRepository,
} from '@spie/orientation';
import { MemoryMailer, tokenOf } from '../packages/orientation/src/testing/fixtures.ts';
import { startPostgres } from './lib/postgres-server.ts';

const N = Number(process.env.BENCH_ORIENTATIONS ?? 300);
const OFFER: OfferInfo = {
  id: 'offre-bench',
  nom: 'Chantier d’insertion',
  structure_id: 's',
  courriel: 'contact@example.org',
};

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)] ?? Number.NaN;
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function measure(repository: OrientationRepository) {
  const mailer = new MemoryMailer();
  const service = new OrientationService({ repository, mailer, baseUrl: 'http://bench', log: () => {} });
  const create: number[] = [];
  const answer: number[] = [];
  const ping: number[] = [];
  for (let i = 0; i < N; i++) {
    let t = performance.now();
    await repository.ping();
    ping.push(performance.now() - t);
    const before = mailer.sent.length;
    t = performance.now();
    await service.create(
      {
        offre_id: OFFER.id,
        beneficiaire: {
          prenom: 'Karim',
          nom: 'Benali',
          telephone: '06 12 34 56 78',
          contact_prefere: 'telephone',
        },
        referent: { nom: 'Claire Martin', courriel: 'claire@example.org' },
        consentement: true,
      },
      OFFER,
    );
    create.push(performance.now() - t);
    const link = mailer.sent
      .slice(before)
      .find((m) => m.to === OFFER.courriel)!
      .text.match(/\/orientations\/structure\/(\S{43})/)![1]!;
    t = performance.now();
    await service.act(tokenOf(link), 'accepter');
    answer.push(performance.now() - t);
  }
  return { create: p95(create), answer: p95(answer), ping: p95(ping) };
}

const dir = mkdtempSync(join(tmpdir(), 'bench-orient-'));
console.error(`PGlite in ${dir}…`);
const lite = await openPgliteRepository(join(dir, 'orientations'));
const pglite = await measure(lite);
await lite.close();
rmSync(dir, { recursive: true, force: true });
console.error('PostgreSQL…');
const server = await startPostgres({ database: 'bench' });
const pgRepo = await openPostgresRepository(server.url);
const postgres = await measure(pgRepo);
await pgRepo.close();
await server.stop();

console.log(`${N} orientations created then accepted, one at a time (use cases + SQL; mail in memory).\n`);
console.log('| Database | creation p95 | answer p95 | reference `select 1` p95 | goal (creation) |');
console.log('| --- | --- | --- | --- | --- |');
console.log(
  `| PGlite (directory) | ${ms(pglite.create)} | ${ms(pglite.answer)} | ${ms(pglite.ping)} | < 50 ms: ${pglite.create < 50 ? 'met' : 'not met'} |`,
);
console.log(
  `| PostgreSQL 15 | ${ms(postgres.create)} | ${ms(postgres.answer)} | ${ms(postgres.ping)} | < 20 ms: ${postgres.create < 20 ? 'met' : 'not met'} |`,
);
