// `pnpm cli index`: indexes the whole partner store (DATA_DIR) into Meilisearch (MEILI_URL,
// MEILI_MASTER_KEY) with zero downtime, showing progress. `--search-key` prints a search-only key
// for browser-side use (the master key never leaves the server).
import { PartnerStore } from '@spie/loader';
import { DEFAULT_INDEX, MeilisearchEngine } from '@spie/search';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { resolveDataDir } from '../lib/data-dir.ts';

interface IndexOptions {
  index: string;
  searchKey?: boolean;
}

export function register(program: Command): void {
  program
    .command('index')
    .description('Indexer tout l’entrepôt des partenaires dans Meilisearch (MEILI_URL, MEILI_MASTER_KEY)')
    .option('--index <nom>', 'nom de l’index', DEFAULT_INDEX)
    .option('--search-key', 'créer et afficher une clé de recherche seule (pour le navigateur)')
    .action(async (o: IndexOptions) => {
      try {
        const url = process.env.MEILI_URL;
        const masterKey = process.env.MEILI_MASTER_KEY;
        if (!url) throw new Error('variable MEILI_URL manquante (ex. http://127.0.0.1:7700)');
        const engine = new MeilisearchEngine({
          url,
          ...(masterKey ? { apiKey: masterKey } : {}),
          indexName: o.index,
        });
        await engine.checkConnection();
        const store = new PartnerStore(resolveDataDir(), { onWarning: (m) => console.error(`⚠ ${m}`) });
        const offers = await store.currentOffers();
        if (offers.length === 0)
          console.error(`⚠ aucun offre publiée sous ${resolveDataDir()} : l’index sera vide`);
        const bar = new SingleBar({
          format: 'Envoi {bar} {value}/{total} offres',
          stream: process.stderr,
          hideCursor: true,
        });
        bar.start(offers.length, 0);
        let sending = true;
        const stopBar = () => {
          if (sending) bar.stop();
          sending = false;
        };
        engine.onProgress = (sent, total) => {
          bar.update(sent);
          if (sent === total) {
            stopBar();
            console.error('Indexation par Meilisearch en cours…');
          }
        };
        const started = performance.now();
        try {
          await engine.replaceAll(offers);
        } finally {
          stopBar();
        }
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        console.log(`${await engine.count()} offre(s) indexée(s) dans « ${o.index} » en ${seconds} s.`);
        if (o.searchKey) console.log(`Clé de recherche seule : ${await engine.createSearchOnlyKey()}`);
      } catch (error) {
        console.error(`Erreur : ${(error as Error).message}`);
        process.exitCode = 1;
      }
    });
}
