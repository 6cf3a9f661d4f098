#!/usr/bin/env tsx
// One entry point: `pnpm cli <command>`. Each file in scripts/commands/ registers its own commands.
import { readdirSync } from 'node:fs';
import { Command } from 'commander';

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
