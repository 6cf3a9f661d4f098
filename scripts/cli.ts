#!/usr/bin/env tsx
// One entry point: `pnpm cli <command>`. Each file in scripts/commands/ registers its own commands.
import { readdirSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { Command } from 'commander';

// Streaming imports (validate, publish) make millions of short-lived objects. V8's allocation-site
// pretenuring takes some of their sites for long-lived ones and allocates them straight into the old
// space, which then fills with garbage until a full collection: on the 100,000-offer file it doubled
// the time and added ~150 MB of peak memory (BENCHMARKS.md, bench-import). Turned off for these
// commands only, before any of their code runs; SPIE_V8_PRETENURING=1 keeps V8's default (to measure).
const STREAMING_IMPORTS = new Set(['validate', 'publish']);
if (STREAMING_IMPORTS.has(process.argv[2] ?? '') && process.env.SPIE_V8_PRETENURING !== '1')
  setFlagsFromString('--no-allocation-site-pretenuring');

export interface CliModule {
  register(program: Command): void;
}

const program = new Command()
  .name('pnpm cli')
  .description("Annuaire territorial de l'insertion : outils en ligne de commande")
  .showHelpAfterError();

const dir = new URL('./commands/', import.meta.url);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && !f.includes('.test.'))
  .sort();
for (const file of files) {
  const mod = (await import(new URL(file, dir).href)) as CliModule;
  mod.register(program);
}

await program.parseAsync(process.argv);
