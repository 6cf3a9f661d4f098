// `pnpm cli generate-demo [--count N] [--out dir] [--seed n] [--json]`
import { type Command, InvalidArgumentError } from 'commander';
import { runGenerate } from '../generate-demo.ts';

const positiveInt = (what: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${what} : entier positif attendu`);
  return n;
};

export function register(program: Command): void {
  program
    .command('generate-demo')
    .description(
      'Génère les fichiers de démonstration (un CSV par partenaire dans data/demo/), ou avec --count un jeu national pour les benchmarks (data/national/offres.csv)',
    )
    .option('--count <n>', 'nombre d’offres du jeu national (toute la France)', positiveInt('--count'))
    .option('--out <dir>', 'dossier de sortie (défaut : data/demo, ou data/national avec --count)')
    .option('--seed <n>', 'graine du générateur (même graine, mêmes fichiers)', positiveInt('--seed'))
    .option('--json', 'résumé en JSON')
    .action(async (opts: { count?: number; out?: string; seed?: number; json?: boolean }) => {
      const summary = await runGenerate(opts);
      if (opts.json) {
        console.log(JSON.stringify(summary, null, 2));
        return;
      }
      const what = summary.mode === 'demo' ? `${summary.partners} partenaires, ` : '';
      console.log(
        `${what}${summary.offers} offres écrites dans ${summary.out} (${summary.files.length} fichiers) en ${summary.seconds.toFixed(1)} s`,
      );
    });
}
