// Partner publishing commands: validate, publish, history, rollback, template, partner add/rotate/revoke/list.
// Logic lives in @spie/loader; this file parses arguments and prints (French for people, JSON for programs).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import {
  allowedValuesCsv,
  formatProblem,
  MODE_NAMES,
  PartnerRegistry,
  PartnerStore,
  PUBLISH_MODES,
  type PublishCsvResult,
  type PublishDiff,
  publicationJson,
  publishCsv,
  RegistryError,
  reportJson,
  StoreError,
  templateCsv,
  UnknownPartnerError,
  type ValidationReport,
  type VersionInfo,
  versionJson,
} from '@spie/loader';
import type { SearchEngine } from '@spie/search';
import { type Command, Option } from 'commander';
import { resolveDataDir } from '../lib/data-dir.ts';

function openStore(): PartnerStore {
  return new PartnerStore(resolveDataDir(), { onWarning: (m) => console.error(`⚠ ${m}`) });
}

async function openFile(path: string) {
  await stat(path); // fail early with ENOENT
  return createReadStream(path);
}

function fail(message: string, code = 2): never {
  console.error(`Erreur : ${message}`);
  process.exit(code);
}

function printReport(report: ValidationReport): void {
  const s = report.stats;
  console.log(
    `${s.rows} ligne(s) lue(s) (${s.format}${s.encoding ? `, ${s.encoding}` : ''}${s.delimiter ? `, séparateur « ${s.delimiter === '\t' ? 'tabulation' : s.delimiter} »` : ''}) : ${s.validRows} valide(s), ${s.invalidRows} en erreur ; ${s.errors} erreur(s), ${s.warnings} avertissement(s).`,
  );
  for (const e of report.errors) console.log(`  ✗ ${formatProblem(e)}`);
  for (const w of report.warnings) console.log(`  ⚠ ${formatProblem(w)}`);
  if (s.truncated) console.log('  … liste tronquée : corrigez ces problèmes puis validez à nouveau.');
}

const LISTED_IN_TEXT = 20;

/** The change before (or as) it is published: added, updated with their fields, withdrawn by name. */
function printDiff(d: PublishDiff): void {
  console.log(
    `Mode ${MODE_NAMES[d.mode]} : ${d.added} ajoutée(s), ${d.changed} modifiée(s), ${d.removed} retirée(s), ${d.unchanged} inchangée(s) (${d.previous} offre(s) en ligne avant).`,
  );
  const more = (total: number, shown: number) =>
    total > shown ? [`    … et ${total - shown} autre(s) (--json pour la liste)`] : [];
  const lines = (title: string, total: number, items: string[]) =>
    total
      ? [
          `  ${title} :`,
          ...items.slice(0, LISTED_IN_TEXT).map((i) => `    ${i}`),
          ...more(total, Math.min(items.length, LISTED_IN_TEXT)),
        ]
      : [];
  for (const l of [
    ...lines(
      'Ajoutées',
      d.added,
      d.addedList.map((o) => `+ ${o.nom} (${o.id})`),
    ),
    ...lines(
      'Modifiées',
      d.changed,
      d.changedList.map((o) => `~ ${o.nom} (${o.id}) : ${o.fields.join(', ')}`),
    ),
    ...lines(
      'Retirées',
      d.removed,
      d.removedList.map((o) => `− ${o.nom} (${o.id})`),
    ),
  ])
    console.log(l);
}

function describeVersion(v: VersionInfo): string {
  const c = v.counts;
  return `version ${v.version} — ${v.publishedAt} par ${v.by} : ${v.rowCount} offre(s) (+${c.added} nouvelle(s), ~${c.changed} modifiée(s), −${c.removed} retirée(s))${v.rollbackOf ? `, retour à la version ${v.rollbackOf}` : ''} — sha256 ${v.sha256.slice(0, 12)}…`;
}

/** With MEILI_URL set, publishes also update Meilisearch; otherwise the site reads the store. */
export async function engineFromEnv(): Promise<SearchEngine | undefined> {
  const url = process.env.MEILI_URL;
  if (!url) return undefined;
  const search = (await import('@spie/search')) as Record<string, unknown>;
  const create = search.createSearchEngine as
    | ((o: { meiliUrl?: string; meiliApiKey?: string }) => SearchEngine | Promise<SearchEngine>)
    | undefined;
  if (!create) return undefined;
  return create({
    meiliUrl: url,
    ...(process.env.MEILI_MASTER_KEY ? { meiliApiKey: process.env.MEILI_MASTER_KEY } : {}),
  });
}

export function register(program: Command): void {
  program
    .command('validate <file>')
    .description('Valider un fichier CSV (ou un export data·inclusion) sans rien publier')
    .requiredOption('--partner <id>', 'identifiant du partenaire')
    .option('--structures <file>', 'fichier des structures d’un export data·inclusion (CSV ou JSON)')
    .option('--json', 'rapport au format JSON')
    .action(async (file: string, opts: { partner: string; structures?: string; json?: boolean }) => {
      const store = openStore();
      const { report } = await publishCsv({
        store,
        partner: opts.partner,
        input: await openFile(file),
        options: {
          dryRun: true,
          ...(opts.structures ? { structures: await openFile(opts.structures) } : {}),
        },
      }).catch((e: unknown) => fail((e as Error).message));
      if (opts.json) console.log(JSON.stringify(reportJson(report), null, 2));
      else printReport(report);
      process.exitCode = report.valid ? 0 : 1;
    });

  program
    .command('publish <file>')
    .description(
      'Valider puis publier les offres d’un partenaire, atomiquement (remplacer : le fichier est tout le catalogue ; complement : ajoute et met à jour)',
    )
    .requiredOption('--partner <id>', 'identifiant du partenaire')
    .addOption(
      new Option(
        '--mode <mode>',
        'remplacer : les offres absentes du fichier sont retirées ; complement : elles restent',
      )
        .choices(['remplacer', 'complement'])
        .default('remplacer'),
    )
    .option('--dry-run', 'montrer le changement (ajoutées, modifiées, retirées) sans rien publier')
    .option(
      '--confirmer-retraits',
      'confirmer le retrait de plus d’un tiers des offres en ligne (mode remplacer)',
    )
    .option('--skip-invalid', 'publier les lignes valides même si d’autres sont en erreur')
    .option('--structures <file>', 'fichier des structures d’un export data·inclusion (CSV ou JSON)')
    .option('--by <name>', 'auteur de la publication (historique)')
    .option('--json', 'résultat au format JSON')
    .action(
      async (
        file: string,
        opts: {
          partner: string;
          mode: 'remplacer' | 'complement';
          dryRun?: boolean;
          confirmerRetraits?: boolean;
          skipInvalid?: boolean;
          structures?: string;
          by?: string;
          json?: boolean;
        },
      ) => {
        const store = openStore();
        const registry = new PartnerRegistry(resolveDataDir());
        // Only partners created with `partner add` can publish, once the registry exists.
        const useRegistry = (await registry.list()).length > 0;
        const engine = await engineFromEnv();
        let result: PublishCsvResult;
        try {
          result = await publishCsv({
            store,
            ...(useRegistry ? { registry } : {}),
            ...(engine ? { engine } : {}),
            partner: opts.partner,
            input: await openFile(file),
            options: {
              mode: PUBLISH_MODES[opts.mode],
              dryRun: opts.dryRun === true,
              confirmRemovals: opts.confirmerRetraits === true,
              skipInvalid: opts.skipInvalid === true,
              by: opts.by ?? process.env.USER ?? 'cli',
              ...(opts.structures ? { structures: await openFile(opts.structures) } : {}),
            },
          });
        } catch (e) {
          if (e instanceof UnknownPartnerError || e instanceof StoreError) fail(e.message);
          throw e;
        } finally {
          await engine?.close?.();
        }
        if (opts.json) console.log(JSON.stringify(publicationJson(result), null, 2));
        else {
          printReport(result.report);
          if (result.diff) printDiff(result.diff);
          if (result.held === 'no-change') console.log('Aucun changement : rien n’a été publié.');
          else if (result.held === 'needs-confirmation')
            console.log(
              `Rien n’a été publié : ce fichier retire ${result.diff?.removed} de vos ${result.diff?.previous} offres (plus d’un tiers). Vérifiez la liste ; pour les retirer, relancez avec --confirmer-retraits, ou utilisez --mode complement pour ne rien retirer.`,
            );
          else if (opts.dryRun && result.report.valid)
            console.log('Simulation (--dry-run) : rien n’a été publié.');
          else if (result.published && result.version) {
            console.log(`Publié : ${describeVersion(result.version)}`);
            if (result.index === 'en-retard')
              console.log(
                `⚠ Moteur de recherche en retard (${result.indexError}) : les offres sont enregistrées.`,
              );
          } else console.log('Rien n’a été publié : corrigez les erreurs (ou utilisez --skip-invalid).');
        }
        // A dry run or "no change" of a valid file succeeds; errors and a withdrawal to confirm do not.
        const fine = result.published || (result.report.valid && result.held !== 'needs-confirmation');
        process.exitCode = fine ? 0 : 1;
      },
    );

  program
    .command('history')
    .description('Historique des publications d’un partenaire')
    .requiredOption('--partner <id>', 'identifiant du partenaire')
    .option('--json', 'au format JSON')
    .action(async (opts: { partner: string; json?: boolean }) => {
      const history = await openStore()
        .history(opts.partner)
        .catch((e: unknown) => fail((e as Error).message));
      if (opts.json) console.log(JSON.stringify(history.map(versionJson), null, 2));
      else if (!history.length) console.log(`Aucune publication pour « ${opts.partner} ».`);
      else for (const v of history) console.log(describeVersion(v));
    });

  program
    .command('rollback')
    .description('Revenir exactement à une version précédente (crée une nouvelle version)')
    .requiredOption('--partner <id>', 'identifiant du partenaire')
    .requiredOption('--to <version>', 'numéro de version', (v) => Number.parseInt(v, 10))
    .option('--json', 'au format JSON')
    .action(async (opts: { partner: string; to: number; json?: boolean }) => {
      if (!Number.isInteger(opts.to) || opts.to < 1) fail('--to attend un numéro de version (1, 2, …)');
      const store = openStore();
      const v = await store
        .rollback(opts.partner, opts.to, { by: process.env.USER ?? 'cli' })
        .catch((e: unknown) => fail((e as Error).message, 1));
      const engine = await engineFromEnv();
      if (engine) {
        await engine
          .replacePartner(opts.partner, await store.partnerOffers(opts.partner))
          .catch((e: unknown) => console.error(`⚠ Moteur de recherche en retard : ${(e as Error).message}`));
        await engine.close?.();
      }
      console.log(opts.json ? JSON.stringify(versionJson(v), null, 2) : `Rétabli : ${describeVersion(v)}`);
    });

  program
    .command('template')
    .description(
      'Afficher le modèle CSV (séparateur « ; », UTF-8 avec BOM : en-tête et une ligne d’exemple) généré depuis le modèle de données',
    )
    .option('--valeurs', 'afficher plutôt les valeurs autorisées des colonnes codées, avec leur libellé')
    .action((opts: { valeurs?: boolean }) => {
      process.stdout.write(opts.valeurs ? allowedValuesCsv() : templateCsv());
    });

  const partner = program.command('partner').description('Partenaires et jetons de publication');
  partner
    .command('add <id>')
    .description('Créer un partenaire et afficher son jeton (une seule fois)')
    .requiredOption('--name <name>', 'nom du partenaire')
    .option('--json', 'au format JSON : { "id", "token" }')
    .action(async (id: string, opts: { name: string; json?: boolean }) => {
      const token = await new PartnerRegistry(resolveDataDir()).add(id, opts.name).catch((e: unknown) => {
        if (e instanceof RegistryError) fail(e.message, 1);
        throw e;
      });
      if (opts.json) console.log(JSON.stringify({ id, token }));
      else {
        console.log(`Partenaire « ${id} » créé. Jeton (conservez-le, il ne sera plus affiché) :`);
        console.log(token);
      }
    });
  partner
    .command('rotate <id>')
    .description(
      'Remplacer le jeton d’un partenaire et afficher le nouveau (une seule fois) : l’ancien jeton et les sessions ouvertes avec lui sont refusés aussitôt',
    )
    .option('--json', 'au format JSON : { "id", "token" }')
    .action(async (id: string, opts: { json?: boolean }) => {
      const token = await new PartnerRegistry(resolveDataDir()).rotate(id).catch((e: unknown) => {
        if (e instanceof RegistryError) fail(e.message, 1);
        throw e;
      });
      if (opts.json) console.log(JSON.stringify({ id, token }));
      else {
        console.log(
          `Nouveau jeton de « ${id} » (conservez-le, il ne sera plus affiché) ; l’ancien ne fonctionne plus :`,
        );
        console.log(token);
      }
    });
  partner
    .command('revoke <id>')
    .description(
      'Révoquer le jeton d’un partenaire : plus aucune publication ni session possible jusqu’à « partner rotate » (ses offres restent en ligne)',
    )
    .action(async (id: string) => {
      await new PartnerRegistry(resolveDataDir()).revoke(id).catch((e: unknown) => {
        if (e instanceof RegistryError) fail(e.message, 1);
        throw e;
      });
      console.log(`Jeton de « ${id} » révoqué : ses sessions sont fermées, ses offres restent en ligne.`);
    });
  partner
    .command('list')
    .description('Lister les partenaires')
    .option('--json', 'au format JSON')
    .action(async (opts: { json?: boolean }) => {
      const list = await new PartnerRegistry(resolveDataDir()).list();
      if (opts.json) console.log(JSON.stringify(list, null, 2));
      else if (!list.length) console.log('Aucun partenaire.');
      else for (const p of list) console.log(`${p.id}\t${p.name}\t(créé le ${p.createdAt})`);
    });
}
