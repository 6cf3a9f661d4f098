// Crash test: a child process publishing a large offer set is killed with SIGKILL at random points.
// After every kill the store must be readable and serve exactly the old or the new version (checked
// by sha256), and the next publish must go through (the dead child's lock is recovered).
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OFFER_FIELDS, type Offer, PARTNER_ID } from '@spie/core';
import { PartnerStore } from '@spie/loader';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';

const RUNS = Number(process.env.CRASH_RUNS ?? 50);
const OFFERS = 3_000;
const PARTNER = 'ml-niort';
const loaderSrc = new URL('../../packages/loader/src/', import.meta.url);

/**
 * The child runs the real store code, transpiled to plain JavaScript, so that 50+ children start
 * in a fraction of the time tsx needs (the test stays well under a minute on a busy machine).
 * Its only imports from @spie/core, OFFER_FIELDS and OFFER_FIELD_INDEX, are given as data.
 */
function buildChildStore(dir: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
  writeFileSync(
    join(dir, 'core.js'),
    `export const OFFER_FIELDS = ${JSON.stringify(OFFER_FIELDS)};\nexport const OFFER_FIELD_INDEX = new Map(OFFER_FIELDS.map((f, i) => [f, i]));\nexport const PARTNER_ID = ${PARTNER_ID.toString()};\n`,
  );
  for (const file of ['store.ts', 'atomic.ts', 'diff.ts', 'lock.ts']) {
    const source = readFileSync(new URL(file, loaderSrc), 'utf8').replace(
      /from '@spie\/core'/g,
      "from './core.ts'",
    );
    const out = ts.transpileModule(source, {
      compilerOptions: {
        module: ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2022,
        rewriteRelativeImportExtensions: true,
      },
    }).outputText;
    writeFileSync(join(dir, file.replace(/\.ts$/, '.js')), out);
  }
  return join(dir, 'store.js');
}

const makeSet = (tag: string): Offer[] =>
  Array.from({ length: OFFERS }, (_, i) => ({
    id: `offre-${i}`,
    structure_id: `s-${i % 50}`,
    nom: `Offre ${tag} numéro ${i}`,
    description: `Version ${tag} : accompagnement individuel vers l’emploi, ateliers collectifs et suivi renforcé (${i}).`,
    date_maj: '2026-10-01',
    thematiques: ['mobilite--preparer-un-permis'],
    code_insee: '79191',
    latitude: 46.32,
    longitude: -0.46,
  }));

// The child loads everything first, says "ready", then publishes the set named on stdin.
const CHILD = `
import { readFileSync } from 'node:fs';
const { PartnerStore } = await import(process.env.STORE_MODULE);
const sets = JSON.parse(readFileSync(process.env.SETS_FILE, 'utf8'));
const store = new PartnerStore(process.env.DATA_DIR, { staleMs: 60_000 });
process.stdout.write('ready\\n');
process.stdin.once('data', async (d) => {
  const name = d.toString().trim();
  process.stdout.write('go\\n');
  await store.publish(${JSON.stringify(PARTNER)}, sets[name], { by: 'crash-test-' + name });
  process.stdout.write('done\\n');
  process.exit(0);
});
`;

interface Child {
  proc: ChildProcessWithoutNullStreams;
  exited: Promise<number | null>;
  lines: string[];
  waitFor(line: string): Promise<void>;
}

function spawnChild(env: NodeJS.ProcessEnv): Promise<Child> {
  const proc = spawn(process.execPath, ['--input-type=module', '-e', CHILD], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: { line: string; resolve: () => void }[] = [];
  let stderr = '';
  proc.stderr.on('data', (d) => {
    stderr += d.toString();
  });
  proc.stdout.on('data', (d: Buffer) => {
    for (const l of d.toString().split('\n').filter(Boolean)) {
      lines.push(l);
      for (const w of waiters.filter((x) => x.line === l)) w.resolve();
    }
  });
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  const child: Child = {
    proc,
    exited,
    lines,
    waitFor: (line) =>
      lines.includes(line)
        ? Promise.resolve()
        : new Promise<void>((resolve, reject) => {
            waiters.push({ line, resolve });
            exited.then((code) => {
              if (!lines.includes(line))
                reject(new Error(`child exited (${code}) before "${line}": ${stderr}`));
            });
          }),
  };
  return child.waitFor('ready').then(() => child);
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('publish killed at random points', () => {
  it(`leaves the old or the new version, never a mix (${RUNS} SIGKILLs)`, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'spie-crash-'));
    dirs.push(dataDir);
    const sets = { A: makeSet('A'), B: makeSet('B') };
    const setsFile = join(dataDir, 'sets.json');
    writeFileSync(setsFile, JSON.stringify(sets));
    const env = {
      STORE_MODULE: buildChildStore(join(dataDir, 'child')),
      SETS_FILE: setsFile,
      DATA_DIR: join(dataDir, 'store'),
    };

    // Content hash of each set as the store writes it (canonical lines).
    const reader = new PartnerStore(env.DATA_DIR);
    await reader.publish(PARTNER, sets.A, { by: 'setup' });
    const shaA = (await reader.current(PARTNER))!.sha256;
    await reader.publish(PARTNER, sets.B, { by: 'setup' });
    const shaB = (await reader.current(PARTNER))!.sha256;
    const shaOf = { A: shaA, B: shaB } as const;

    // Calibrate: one uninterrupted publish by a child.
    const pool = [spawnChild(env), spawnChild(env)];
    const first = await pool.shift()!;
    pool.push(spawnChild(env));
    const t0 = performance.now();
    first.proc.stdin.write('A\n');
    await first.waitFor('done');
    const publishMs = performance.now() - t0;
    await first.exited;
    let current: 'A' | 'B' = 'A';

    let killedBeforeCommit = 0;
    let committedThenKilled = 0;
    let completed = 0;
    for (let run = 0; run < RUNS; run++) {
      const child = await pool.shift()!;
      pool.push(spawnChild(env)); // keep children warm so module loading stays off the clock
      const target: 'A' | 'B' = current === 'A' ? 'B' : 'A';
      child.proc.stdin.write(`${target}\n`);
      await child.waitFor('go');
      await new Promise((r) => setTimeout(r, Math.random() * publishMs * 1.5));
      child.proc.kill('SIGKILL');
      await child.exited;
      const finished = child.lines.includes('done');
      if (process.env.CRASH_DEBUG) console.error(run, Math.round(performance.now() - t0), finished);

      const store = new PartnerStore(env.DATA_DIR);
      const info = await store.current(PARTNER);
      expect(store.warnings).toEqual([]); // no corruption, ever
      const offers = await store.partnerOffers(PARTNER);
      const h = createHash('sha256');
      for (const o of offers) h.update(`${JSON.stringify(o)}\n`);
      const served = h.digest('hex');
      expect(served).toBe(info!.sha256);
      expect([shaOf[current], shaOf[target]]).toContain(served);
      if (finished) expect(served).toBe(shaOf[target]);
      const history = await store.history(PARTNER);
      expect(history.map((v) => v.version)).toEqual(history.map((_, i) => i + 1));
      if (finished) completed++;
      else if (served === shaOf[target]) committedThenKilled++;
      else killedBeforeCommit++;
      if (served === shaOf[target]) current = target;
    }
    for (const c of pool) (await c).proc.kill('SIGKILL');

    // The store still accepts a publish after all those crashes (stale lock recovered).
    const after = new PartnerStore(env.DATA_DIR, { timeoutMs: 5000 });
    const v = await after.publish(PARTNER, sets.A.slice(0, 10), { by: 'after' });
    expect(v.rowCount).toBe(10);
    console.log(
      `crash test: ${RUNS} kills, publish ≈ ${Math.round(publishMs)} ms: ${killedBeforeCommit} killed before the commit (old version kept), ${committedThenKilled} killed after it, ${completed} completed`,
    );
    // The random points must really fall inside publishes, not only before or after them.
    expect(killedBeforeCommit).toBeGreaterThan(RUNS / 10);
  }, 120_000);
});
