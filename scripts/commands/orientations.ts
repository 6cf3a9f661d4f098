// `pnpm cli orientations list|show|maintenance|effacer|stats`: the operator's commands. Logic is in
// @spie/orientation; this file parses arguments and prints. The embedded database (PGlite) is refused
// while the site holds it: stop the site or use DATABASE_URL.
import {
  DatabaseBusyError,
  type OrientationConfig,
  type OrientationRow,
  OrientationService,
  openMailer,
  openRepository,
  STATUS_LABELS,
  STATUSES,
  type Status,
  siteUrlFromEnv,
} from '@spie/orientation';
import { type Command, Option } from 'commander';
import { resolveDataDir } from '../lib/data-dir.ts';

const config = (): OrientationConfig => ({
  dataDir: resolveDataDir(),
  databaseUrl: process.env.DATABASE_URL || undefined,
  smtpUrl: process.env.SMTP_URL || undefined,
  mailFrom: process.env.MAIL_FROM || undefined,
});

async function withService<T>(now: Date | undefined, use: (s: OrientationService) => Promise<T>): Promise<T> {
  const c = config();
  let repository: Awaited<ReturnType<typeof openRepository>>;
  try {
    repository = await openRepository(c);
  } catch (error) {
    console.error(
      `Erreur : ${error instanceof DatabaseBusyError ? error.message : `base des orientations indisponible (${(error as Error).message})`}`,
    );
    process.exit(1);
  }
  const mailer = openMailer(c);
  const service = new OrientationService({
    repository,
    mailer,
    baseUrl: siteUrlFromEnv(),
    ...(now ? { now: () => now } : {}),
  });
  try {
    return await use(service);
  } finally {
    await repository.close();
    await mailer.close();
  }
}

/** No personal field: what a list may show. */
const summary = (o: OrientationRow) => ({
  id: o.id,
  statut: o.statut,
  offre_id: o.offre_id,
  offre_nom: o.offre_nom,
  structure_id: o.structure_id,
  creee_le: o.creee_le.toISOString(),
  repondue_le: o.repondue_le?.toISOString() ?? null,
  close_le: o.close_le?.toISOString() ?? null,
  anonymisee: o.anonymisee_le !== null,
});

function parseDate(value: string): Date {
  const d = new Date(value);
  if (Number.isNaN(d.getTime()))
    throw new Error(`date invalide « ${value} » (attendu : AAAA-MM-JJ ou ISO 8601)`);
  return d;
}

export function register(program: Command): void {
  const cmd = program
    .command('orientations')
    .description(
      'Orientations : liste, détail, tâches planifiées, effacement (données personnelles : usage opérateur)',
    );

  cmd
    .command('list')
    .description('Liste les orientations, sans donnée personnelle')
    .addOption(new Option('--statut <statut>', 'filtrer par statut').choices([...STATUSES]))
    .option('--offre <id>', 'filtrer par offre')
    .option('--limit <n>', 'nombre maximum (1 000 au plus)', '100')
    .option('--json', 'sortie JSON')
    .action(async (o: { statut?: Status; offre?: string; limit: string; json?: boolean }) => {
      const rows = await withService(undefined, (s) =>
        s.repository.list({ statut: o.statut, offre_id: o.offre, limit: Number(o.limit) || 100 }),
      );
      if (o.json) return console.log(JSON.stringify(rows.map(summary), null, 2));
      console.log(`${rows.length} orientation(s).`);
      for (const r of rows)
        console.log(
          `${r.id}  ${r.creee_le.toISOString().slice(0, 10)}  ${STATUS_LABELS[r.statut].padEnd(22)}  ${r.offre_nom} (${r.offre_id})`,
        );
    });

  cmd
    .command('show')
    .description('Détail d’une orientation, données personnelles comprises (pour répondre à une demande)')
    .argument('<id>', 'identifiant de l’orientation')
    .option('--json', 'sortie JSON')
    .action(async (id: string, o: { json?: boolean }) => {
      const found = await withService(undefined, async (s) => {
        const row = await s.repository.get(id).catch(() => undefined);
        return row ? s.view(row, 'referent', await s.repository.events(id)) : undefined;
      });
      if (!found) {
        console.error(`Erreur : orientation « ${id} » inconnue`);
        process.exit(1);
      }
      const { actions: _actions, role: _role, ...shown } = found;
      if (o.json) return console.log(JSON.stringify(shown, null, 2));
      console.log(`Orientation ${found.id} — ${found.statut_libelle}`);
      console.log(
        `Offre : ${found.offre.nom} (${found.offre.id})${found.offre.structure_nom ? ` — ${found.offre.structure_nom}` : ''}`,
      );
      const b = found.beneficiaire;
      console.log(
        b.prenom
          ? `Personne : ${b.prenom} ${b.nom}${b.telephone ? `, ${b.telephone}` : ''}${b.courriel ? `, ${b.courriel}` : ''}`
          : 'Personne : données anonymisées',
      );
      if (found.referent.nom) console.log(`Référent : ${found.referent.nom} <${found.referent.courriel}>`);
      for (const h of found.historique)
        console.log(`  ${h.le}  ${h.acteur.padEnd(10)} → ${h.vers_libelle}${h.motif ? ` (${h.motif})` : ''}`);
    });

  cmd
    .command('maintenance')
    .description(
      'Relances (tous les 10 jours), expiration (30 jours, 60 à l’étude), anonymisation (730 jours après la clôture)',
    )
    .option('--date <date>', 'date à utiliser comme « maintenant » (essais)')
    .option('--json', 'sortie JSON')
    .action(async (o: { date?: string; json?: boolean }) => {
      const now = o.date ? parseDate(o.date) : undefined;
      const r = await withService(now, (s) => s.maintenance());
      if (o.json) return console.log(JSON.stringify(r));
      console.log(
        `${r.relances} relance(s), ${r.expirees} orientation(s) expirée(s), ${r.anonymisees} anonymisée(s), ${r.notifiees} premier(s) courriel(s) rattrapé(s).`,
      );
    });

  cmd
    .command('effacer')
    .description('Efface sur demande les données personnelles d’une orientation (annulée si encore ouverte)')
    .argument('<id>', 'identifiant de l’orientation')
    .option('--json', 'sortie JSON')
    .action(async (id: string, o: { json?: boolean }) => {
      const erased = await withService(undefined, (s) =>
        /^[0-9a-f-]{36}$/i.test(id) ? s.erase(id) : Promise.resolve(false),
      );
      if (o.json) return console.log(JSON.stringify({ id, effacee: erased }));
      if (!erased) {
        console.error(`Erreur : orientation « ${id} » inconnue ou déjà anonymisée`);
        process.exit(1);
      }
      console.log(
        `Données personnelles de l’orientation ${id} effacées (statut et dates conservés pour les statistiques).`,
      );
    });

  cmd
    .command('stats')
    .description('Statistiques par offre, sans donnée personnelle')
    .option('--json', 'sortie JSON')
    .action(async (o: { json?: boolean }) => {
      const rows = await withService(undefined, (s) => s.repository.stats());
      if (o.json) return console.log(JSON.stringify(rows, null, 2));
      for (const r of rows)
        console.log(
          `${r.offre_id} : ${r.recues} reçue(s), ${Math.round((100 * r.repondues) / r.recues)} % répondues, délai médian ${r.delai_median_jours ?? '—'} j, ${r.acceptees} acceptée(s), ${r.expirees_sans_reponse} expirée(s) sans réponse`,
        );
    });
}
