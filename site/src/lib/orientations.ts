// The orientation service of this process, opened on first use and apart from the search runtime:
// a database that is down or held elsewhere makes only the orientation routes answer 503 (French),
// search and suggestions keep working. Jobs run here on an interval (ORIENTATIONS_JOBS_MINUTES).
import type { Offer } from '@spie/core';
import {
  DatabaseBusyError,
  describeDatabase,
  type OfferInfo,
  type OfferStats,
  type OrientationConfig,
  OrientationError,
  OrientationService,
  openMailer,
  openRepository,
  siteUrlFromEnv,
} from '@spie/orientation';
import { problem } from './http.ts';
import { dataDir } from './paths.ts';

let pending: Promise<OrientationService> | undefined;
let timer: NodeJS.Timeout | undefined;

export const ORIENTATIONS_UNAVAILABLE =
  'Les orientations sont momentanément indisponibles : la base de données ne répond pas. La recherche et les suggestions restent utilisables ; réessayez dans quelques instants.';

export function orientationConfig(): OrientationConfig {
  return {
    dataDir: dataDir(),
    databaseUrl: process.env.DATABASE_URL || undefined,
    smtpUrl: process.env.SMTP_URL || undefined,
    mailFrom: process.env.MAIL_FROM || undefined,
  };
}

function jobsIntervalMs(): number {
  const minutes = Number(process.env.ORIENTATIONS_JOBS_MINUTES ?? 15);
  return Number.isFinite(minutes) && minutes > 0 ? minutes * 60_000 : 0;
}

async function start(): Promise<OrientationService> {
  const config = orientationConfig();
  const repository = await openRepository(config);
  const mailer = openMailer(config);
  console.error(`orientations : ${describeDatabase(config)} ; ${mailer.description}`);
  const service = new OrientationService({ repository, mailer, baseUrl: siteUrlFromEnv() });
  const every = jobsIntervalMs();
  if (every > 0 && !timer) {
    const run = () =>
      service
        .maintenance()
        .then((r) => {
          if (r.relances + r.expirees + r.anonymisees + r.notifiees > 0)
            console.error(
              `orientations : ${r.relances} relance(s), ${r.expirees} expirée(s), ${r.anonymisees} anonymisée(s), ${r.notifiees} envoi(s) rattrapé(s)`,
            );
        })
        .catch(() => console.error('orientations : tâches planifiées en échec (base indisponible ?)'));
    timer = setInterval(run, every);
    timer.unref();
    setTimeout(run, 5_000).unref();
  }
  return service;
}

export function orientations(): Promise<OrientationService> {
  pending ??= start().catch((error: unknown) => {
    pending = undefined;
    // The message names the database, never personal data.
    console.error(
      'orientations : base indisponible :',
      error instanceof DatabaseBusyError ? error.message : error instanceof Error ? error.message : error,
    );
    throw error;
  });
  return pending;
}

export const offerInfo = (o: Offer): OfferInfo => ({
  id: o.id,
  nom: o.nom,
  structure_id: o.structure_id,
  structure_nom: o.structure_nom,
  courriel: o.courriel,
});

/** An OrientationError as its JSON answer; anything else (database down) as a French 503. */
export function orientationProblem(error: unknown): Response {
  if (error instanceof OrientationError) return problem(error.status, error.erreur, error.details);
  console.error('orientations : base indisponible');
  return problem(503, ORIENTATIONS_UNAVAILABLE, undefined, { 'retry-after': '30' });
}

let statsCache: { at: number; byOffer: Map<string, OfferStats> } | undefined;

/** Per-offer statistics (no personal data), refreshed every 5 minutes; empty when the database is down. */
export async function offerStats(): Promise<Map<string, OfferStats>> {
  if (statsCache && Date.now() - statsCache.at < 300_000) return statsCache.byOffer;
  try {
    const service = await orientations();
    const rows = await service.repository.stats();
    statsCache = { at: Date.now(), byOffer: new Map(rows.map((r) => [r.offre_id, r])) };
  } catch {
    statsCache = { at: Date.now() - 240_000, byOffer: statsCache?.byOffer ?? new Map() };
  }
  return statsCache.byOffer;
}

/** « répond en général sous N jours » when at least 3 answers are known. */
export function answerTimeText(s: OfferStats | undefined): string | undefined {
  if (!s || s.repondues < 3 || s.delai_median_jours === null) return undefined;
  const days = Math.max(1, Math.ceil(s.delai_median_jours));
  return `Répond en général sous ${days} jour${days > 1 ? 's' : ''}`;
}
