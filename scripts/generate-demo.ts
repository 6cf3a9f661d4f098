#!/usr/bin/env tsx
// Demo and benchmark data generator. Library entry point (benchmarks import it) and a direct script:
//   pnpm exec tsx scripts/generate-demo.ts [--count N] [--out dir] [--seed n]
// The same options are available as `pnpm cli generate-demo`.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SEED, writeDemo, writeNationalCsv } from './demo/generate.ts';

export type { DemoData, PartnerInfo } from './demo/generate.ts';
export {
  DEFAULT_SEED,
  generateDemo,
  generateNationalOffers,
  nationalPartner,
  offersToCsvText,
  PERSONA_COMMUNES,
  writeDemo,
  writeNationalCsv,
} from './demo/generate.ts';
export { DEMO_DEPARTEMENTS, DEMO_PARTNERS } from './demo/partners.ts';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DEMO_DIR = resolve(REPO_ROOT, 'data/demo');
export const NATIONAL_DIR = resolve(REPO_ROOT, 'data/national');
export const NATIONAL_FILE = 'offres.csv';

export interface GenerateOptions {
  count?: number;
  out?: string;
  seed?: number;
}

export interface GenerateSummary {
  mode: 'demo' | 'national';
  out: string;
  files: string[];
  offers: number;
  partners: number;
  seconds: number;
}

/** Demo set (no count) into data/demo, or a national set of `count` offers into `out`/offres.csv. */
export async function runGenerate(options: GenerateOptions): Promise<GenerateSummary> {
  const started = performance.now();
  const seed = options.seed ?? DEFAULT_SEED;
  if (options.count === undefined) {
    const out = resolve(options.out ?? DEMO_DIR);
    const data = writeDemo(out, { seed });
    return {
      mode: 'demo',
      out,
      files: [...data.partners.map((p) => p.fichier), 'partners.json'],
      offers: data.partners.reduce((n, p) => n + p.offres, 0),
      partners: data.partners.length,
      seconds: (performance.now() - started) / 1000,
    };
  }
  const out = resolve(options.out ?? NATIONAL_DIR);
  const rows = await writeNationalCsv(resolve(out, NATIONAL_FILE), options.count, seed);
  return {
    mode: 'national',
    out,
    files: [NATIONAL_FILE],
    offers: rows,
    partners: 0,
    seconds: (performance.now() - started) / 1000,
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const count = arg('--count');
  const seed = arg('--seed');
  const summary = await runGenerate({
    ...(count ? { count: Number(count) } : {}),
    ...(seed ? { seed: Number(seed) } : {}),
    ...(arg('--out') ? { out: arg('--out') } : {}),
  });
  console.log(`${summary.offers} offres écrites dans ${summary.out} en ${summary.seconds.toFixed(1)} s`);
}
