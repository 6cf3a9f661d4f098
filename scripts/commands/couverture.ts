// `pnpm cli couverture --departement 79 --besoin famille--garde-denfants --mode transports-en-commun`:
// the observatoire's figures from the partner store (same JSON as GET /api/couverture). The logic is in
// @spie/search (CoverageIndex); this file parses arguments and prints.
import { labelOf } from '@spie/core';
import { PartnerStore } from '@spie/loader';
import { CoverageIndex, CoverageQueryError, parisToday, parseCoverageParams } from '@spie/search';
import type { Command } from 'commander';
import { resolveDataDir } from '../lib/data-dir.ts';

interface CouvertureOptions {
  departement?: string;
  epci?: string;
  besoin?: string;
  mode?: string;
  publics?: string;
  date?: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('couverture')
    .description(
      'Observatoire : offres accessibles par commune pour un territoire, un besoin et un mode de déplacement',
    )
    .option('--departement <code>', 'code du département (ex. 79)')
    .option('--epci <siren>', 'SIREN de l’intercommunalité')
    .option('--besoin <thématique>', 'thématique ou catégorie data·inclusion (ex. famille--garde-denfants)')
    .option('--mode <mode>', 'mode de déplacement (budget de trajet des suggestions)', 'transports-en-commun')
    .option('--publics <liste>', 'publics visés, séparés par des virgules (par défaut : laissés de côté)')
    .option('--date <AAAA-MM-JJ>', 'date du jour (par défaut : aujourd’hui, heure de Paris)')
    .option('--json', 'sortie JSON (même format que GET /api/couverture)')
    .action(async (options: CouvertureOptions) => {
      try {
        const query = parseCoverageParams(options);
        const store = new PartnerStore(resolveDataDir(), { onWarning: (m) => console.error(`⚠ ${m}`) });
        const index = new CoverageIndex(await store.currentOffers(), options.date ?? parisToday());
        const r = index.compute(query);
        if (options.json) {
          console.log(JSON.stringify(r, null, 2));
          return;
        }
        const pct = (x: number) => `${(x * 100).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} %`;
        console.log(`${labelOf(r.besoin)} — ${r.territoire.nom}, ${r.mode} (${r.budget_km} km)`);
        console.log(
          `Population sans offre accessible : ${r.synthese.population_sans_offre.toLocaleString('fr-FR')} / ${r.synthese.population.toLocaleString('fr-FR')} (${pct(r.synthese.part_sans_offre)}), ${r.synthese.communes_sans_offre} commune(s) sur ${r.synthese.communes}`,
        );
        console.log('\nPar EPCI :');
        for (const e of r.synthese.par_epci)
          console.log(
            `  ${e.nom} : ${pct(e.part_sans_offre)} sans offre (${e.population.toLocaleString('fr-FR')} hab.)`,
          );
        console.log('\nOù ouvrir ?');
        for (const o of r.ou_ouvrir)
          console.log(
            `  ${o.nom} (${o.code}) : ${o.population_nouvellement_couverte.toLocaleString('fr-FR')} habitants nouvellement couverts`,
          );
      } catch (e) {
        if (e instanceof CoverageQueryError) {
          console.error(`Erreur : ${e.message}`);
          process.exit(2);
        }
        throw e;
      }
    });
}
