#!/usr/bin/env tsx
// Benchmark: validate + publish of the 100,000-offer national file (streaming read, zod, territory
// checks, store write with fsync) against csv-parse alone on the same file, in the same run. Each path
// runs in its own fresh child process (as the CLI runs an import), so that its memory figures are its
// own: peak RSS sampled every 20 ms while it runs, process start (modules, territory tables) included.
// Markdown on stdout, progress on stderr. `pnpm exec tsx scripts/bench-import.ts [--count N]`
import { spawnSync } from 'node:child_process';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const log = (m: string) => process.stderr.write(`${m}\n`);
const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};

type Mode = 'csv-parse' | 'read' | 'import';
interface Measure {
  rows: number;
  seconds: number;
  cpuSeconds: number;
  startRssMb: number;
  peakRssMb: number;
  peakHeapMb: number;
  published?: number;
  errors?: number;
  warnings?: number;
}

// ---- Child: one path, measured in this fresh process. ----
async function child(mode: Mode, path: string): Promise<Measure> {
  let run: () => Promise<Partial<Measure> & { rows: number }>;
  if (mode === 'csv-parse') {
    const { parse } = await import('csv-parse');
    run = async () => {
      let rows = 0;
      const parser = createReadStream(path).pipe(parse({ relax_column_count: true }));
      for await (const _ of parser) rows++;
      return { rows: rows - 1 }; // header
    };
  } else {
    const { PartnerStore, publishCsv, readCsv } = await import('@spie/loader');
    const { getCommune } = await import('@spie/territory');
    getCommune('79191'); // territory tables built once per process (the site and CLI keep them)
    const limits = { maxFileBytes: 1024 * 2 ** 20, maxRows: 1_000_000 };
    run =
      mode === 'read'
        ? async () => {
            let rows = 0;
            for await (const _ of readCsv(createReadStream(path), limits)) rows++;
            return { rows: rows - 1 };
          }
        : async () => {
            const storeDir = join(tmpdir(), `spie-bench-import-${process.pid}`);
            try {
              const { report, version } = await publishCsv({
                store: new PartnerStore(storeDir),
                partner: 'national',
                input: createReadStream(path),
                options: { limits, skipInvalid: true, by: 'bench' },
              });
              return {
                rows: report.stats.rows,
                published: version?.rowCount ?? 0,
                errors: report.stats.errors,
                warnings: report.stats.warnings,
              };
            } finally {
              rmSync(storeDir, { recursive: true, force: true });
            }
          };
  }
  const startRss = process.memoryUsage.rss();
  let peak = startRss;
  let heap = process.memoryUsage().heapUsed;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
    heap = Math.max(heap, process.memoryUsage().heapUsed);
  }, 20);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await run();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage.rss());
  return {
    ...result,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    startRssMb: startRss / 2 ** 20,
    peakRssMb: peak / 2 ** 20,
    peakHeapMb: heap / 2 ** 20,
  };
}

const childMode = arg('--child') as Mode | undefined;
if (childMode) {
  process.stdout.write(JSON.stringify(await child(childMode, arg('--file')!)));
  process.exit(0);
}

// ---- Parent: the file, then each path in its own process. ----
const COUNT = Number(arg('--count') ?? 100_000);

/** The national file from `pnpm cli generate-demo --count`, cached under .tmp/. */
function nationalFile(): { path: string; source: string } {
  const dir = join(root, '.tmp', `bench-import-${COUNT}`);
  const path = join(dir, 'offres.csv');
  const marker = join(dir, 'complete');
  if (existsSync(marker)) return { path, source: readFileSync(marker, 'utf8') };
  mkdirSync(dir, { recursive: true });
  log(`generating ${COUNT} national offers (scripts/generate-demo.ts)…`);
  const gen = spawnSync(
    'pnpm',
    ['exec', 'tsx', 'scripts/generate-demo.ts', '--count', String(COUNT), '--out', dir],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (gen.status !== 0 || !existsSync(path)) throw new Error('generate-demo failed');
  const source = `\`pnpm cli generate-demo --count ${COUNT}\` (scripts/generate-demo.ts)`;
  writeFileSync(marker, source);
  return { path, source };
}

function measure(mode: Mode, path: string, nodeFlags: string[] = []): Measure {
  // Same Node flags as this process (tsx's loader), plus `nodeFlags`.
  const r = spawnSync(
    process.execPath,
    [...process.execArgv, ...nodeFlags, fileURLToPath(import.meta.url), '--child', mode, '--file', path],
    { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 },
  );
  if (r.status !== 0) throw new Error(`${mode} child failed (exit ${r.status})`);
  return JSON.parse(r.stdout) as Measure;
}

const { path, source } = nationalFile();
const sizeMb = statSync(path).size / 2 ** 20;
log('warm-up: the file into the page cache…');
for await (const _ of createReadStream(path));
const loads: number[][] = [];
const step = (label: string, mode: Mode, flags: string[] = []) => {
  log(`${label}…`);
  const m = measure(mode, path, flags);
  loads.push(loadavg());
  return m;
};
// csv-parse alone around each of our runs: the ratio compares runs made under the same load.
const ref1 = step('csv-parse alone', 'csv-parse');
const ours1 = step('validate + publish', 'import');
const ref2 = step('csv-parse alone (again)', 'csv-parse');
const ours2 = step('validate + publish (again)', 'import');
const ref3 = step('csv-parse alone (third)', 'csv-parse');
const read = step('our reading alone', 'read');
const capped = step('validate + publish, old space capped', 'import', ['--max-old-space-size=512']);

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const refs = [ref1, ref2, ref3];
const ours = [ours1, ours2];
const refRate = ref1.rows / mean(refs.map((r) => r.seconds));
const ourRate = ours1.rows / mean(ours.map((r) => r.seconds));
const ratio = ourRate / refRate;
const cpuRatio = mean(refs.map((r) => r.cpuSeconds)) / mean(ours.map((r) => r.cpuSeconds));
const fmt = (n: number) => Math.round(n).toLocaleString('en');
const mb = (n: number) => String(Math.round(n));
const row = (label: string, ms: Measure[]) => {
  const s = mean(ms.map((m) => m.seconds));
  return `| ${label} | ${fmt(ms[0]!.rows)} | ${s.toFixed(2)} | ${mean(ms.map((m) => m.cpuSeconds)).toFixed(2)} | ${fmt(ms[0]!.rows / s)} | ${mb(Math.max(...ms.map((m) => m.startRssMb)))} | ${mb(Math.max(...ms.map((m) => m.peakRssMb)))} | ${mb(Math.max(...ms.map((m) => m.peakHeapMb)))} |`;
};
const goal = (ok: boolean) => (ok ? 'met' : '**not met**');
const peakOurs = Math.max(...ours.map((m) => m.peakRssMb));

console.log(
  [
    `Validate + publish of the national file against csv-parse alone on the same file, same run (${COUNT.toLocaleString('en')} offers, ${sizeMb.toFixed(1)} MB, from ${source}). Each path runs in its own fresh Node process with tsx (as \`pnpm cli publish\` runs); the file is in the page cache. Limits raised for this file (the partner defaults are 20 MB / 50,000 rows).`,
    '',
    '| Path (one process each) | Rows | Time (s) | CPU (s) | Rows/s | RSS at start (MB) | Peak RSS (MB) | Peak JS heap (MB) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    row('csv-parse 6 alone (mean of 3 runs around ours)', refs),
    row(
      '**validate + publish** (encoding, zod, territory, duplicates, store write + fsync; mean of 2)',
      ours,
    ),
    row('our reading alone (UTF-8 check + CSV splitter, no validation)', [read]),
    row('validate + publish with `--max-old-space-size=512`', [capped]),
    '',
    `- **Ratio: ${ratio.toFixed(2)}× raw csv-parse** in rows/s (goal ≥ 0.70×: ${goal(ratio >= 0.7)}); in CPU time ${cpuRatio.toFixed(2)}×. Published ${fmt(ours1.published ?? 0)} offers, ${fmt(ours1.errors ?? 0)} errors, ${fmt(ours1.warnings ?? 0)} warnings.`,
    "- Reference: `createReadStream(file).pipe(parse({ relax_column_count: true }))`. Our path reads the same bytes with its own CSV splitter (`packages/loader/src/fast-csv.ts`: same records as csv-parse with our options — `{ delimiter: ',' (detected), bom, relax_column_count, relax_quotes, skip_empty_lines: false }` — property-tested against it, and csv-parse takes over from the first record the splitter does not handle); every row is then checked against `OfferSchema` (zod) and the territory, and written with sha256, fsync and atomic rename.",
    `- **Peak memory: ${mb(peakOurs)} MB RSS** for validate + publish with Node's default heap settings (goal < 300 MB: ${goal(peakOurs < 300)}); the process holds ${mb(ours1.startRssMb)} MB before reading (Node, tsx's loader thread, modules, territory tables). The live heap stays under ~100 MB (ids, bounded memos): with the old space capped at 512 MB, V8 collects earlier and the same import peaks at ${mb(capped.peakRssMb)} MB RSS in ${capped.seconds.toFixed(1)} s; with the default cap (a share of this machine's RAM) V8 lets garbage accumulate before a full collection.`,
    `- Load average during the runs (1 min): ${loads.map((l) => l[0]!.toFixed(1)).join(', ')} on ${cpus().length} cores; the machine is shared, so only ratios of runs made in the same run compare.`,
  ].join('\n'),
);
