// `pnpm cli suggest <diagnostic.json>`: ranked, explained suggestions for a person, from the partner
// store (embedded engine) or an indexed Meilisearch. The logic is in @spie/search (findSuggestions);
// this file parses arguments and prints. The diagnostic is read, never written or printed back.
import { readFile } from 'node:fs/promises';
import { labelOf, type Suggestion, type SuggestionsResult } from '@spie/core';
import { DiagnosticError, findSuggestions } from '@spie/search';
import { type Command, Option } from 'commander';
import { openEngine } from '../lib/engine.ts';

interface SuggestOptions {
  json?: boolean;
  engine: 'embedded' | 'meilisearch';
  date?: string;
  includeUnlocated?: boolean;
}

function printHuman(r: SuggestionsResult): void {
  const byId = new Map(r.suggestions.map((s) => [s.id, s]));
  const line = (s: Suggestion) =>
    `${s.nom}${s.structure_nom ? ` — ${s.structure_nom}` : ''}${s.commune ? ` (${s.commune})` : ''}`;
  console.log(`${r.suggestions.length} offre(s) proposée(s).`);
  console.log('\nParcours proposé :');
  if (r.parcours.length === 0) console.log('  aucun');
  r.parcours.forEach((id, i) => {
    const s = byId.get(id);
    if (s) console.log(`  ${i + 1}. ${line(s)} — couvre : ${s.besoins.map((b) => labelOf(b)).join(', ')}`);
  });
  if (r.besoins_non_couverts.length > 0) {
    console.log('\nBesoins non couverts :');
    for (const u of r.besoins_non_couverts) console.log(`  ✗ ${labelOf(u.thematique)} : ${u.raison}`);
  }
  for (const [besoin, ids] of Object.entries(r.par_besoin)) {
    console.log(`\n${labelOf(besoin)} :`);
    if (!ids?.length) console.log('  aucune offre');
    ids?.forEach((id, i) => {
      const s = byId.get(id);
      if (!s) return;
      console.log(`  ${i + 1}. ${line(s)} — score ${s.score.toLocaleString('fr-FR')}`);
      for (const reason of s.raisons) console.log(`       + ${reason}`);
      for (const watch of s.points_attention) console.log(`       ⚠ ${watch}`);
    });
  }
  const others = r.suggestions.filter((s) => s.besoins.length === 0);
  if (others.length > 0) {
    console.log('\nOffres proches (même catégorie, sans répondre exactement au besoin) :');
    for (const s of others.slice(0, 10)) console.log(`  • ${line(s)}`);
  }
}

export function register(program: Command): void {
  program
    .command('suggest')
    .description(
      'Suggestions classées et expliquées pour un diagnostic (fichier JSON, ou « - » pour l’entrée standard)',
    )
    .argument('<diagnostic>', 'fichier JSON du diagnostic')
    .option('--json', 'sortie JSON (même format que POST /api/suggestions)')
    .addOption(
      new Option('--engine <moteur>', 'moteur de recherche')
        .choices(['embedded', 'meilisearch'])
        .default('embedded'),
    )
    .option(
      '--include-unlocated',
      'inclure les offres sans coordonnées, placées au centre de leur commune (plus lent)',
    )
    .option('--date <AAAA-MM-JJ>', 'date du jour (par défaut : aujourd’hui, heure de Paris)')
    .action(async (file: string, options: SuggestOptions) => {
      let input: unknown;
      try {
        const text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
        input = JSON.parse(text);
      } catch (e) {
        // The message of a JSON syntax error may quote the diagnostic: say only what went wrong.
        const reason = e instanceof SyntaxError ? 'JSON invalide' : 'fichier illisible';
        console.error(`Erreur : diagnostic ${reason} (${file === '-' ? 'entrée standard' : file})`);
        process.exit(2);
      }
      try {
        const engine = await openEngine(options.engine);
        const result = await findSuggestions(input, engine, {
          ...(options.date ? { today: options.date } : {}),
          includeUnlocated: options.includeUnlocated === true,
        });
        await engine.close?.();
        if (options.json) console.log(JSON.stringify(result, null, 2));
        else printHuman(result);
      } catch (e) {
        if (e instanceof DiagnosticError) {
          console.error('Erreur : diagnostic invalide');
          for (const p of e.problems) console.error(`  ✗ ${p.champ} : ${p.message}`);
          process.exit(2);
        }
        console.error(`Erreur : ${e instanceof Error ? e.message : String(e)}`);
        process.exit(1);
      }
    });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
