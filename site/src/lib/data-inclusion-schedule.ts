// Optional scheduled data·inclusion sync in the site process: every DATA_INCLUSION_SYNC_HOURS hours
// (unset or 0: never), with DATA_INCLUSION_TOKEN and DATA_INCLUSION_URL, through the same use case
// as `pnpm cli data-inclusion sync`. Each source's last sync is recorded under DATA_DIR and shown
// by /api/sante.
import {
  DataInclusionApi,
  DEFAULT_DATA_INCLUSION_URL,
  readSyncStatus,
  syncDataInclusion,
} from '@spie/loader';
import type { Runtime } from './runtime.ts';

export function syncIntervalHours(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env.DATA_INCLUSION_SYNC_HOURS?.trim();
  if (!raw || raw === '0') return undefined;
  const hours = Number(raw);
  if (!Number.isFinite(hours) || hours < 0.25 || hours > 24 * 30)
    throw new Error(
      `DATA_INCLUSION_SYNC_HOURS doit être un nombre d’heures entre 0,25 et 720 (reçu « ${raw} »)`,
    );
  return hours;
}

export function scheduleDataInclusionSync(rt: Runtime, env: NodeJS.ProcessEnv = process.env): void {
  const hours = syncIntervalHours(env);
  if (hours === undefined) return;
  const token = env.DATA_INCLUSION_TOKEN;
  if (!token) {
    console.error(
      '⚠ DATA_INCLUSION_SYNC_HOURS est défini mais DATA_INCLUSION_TOKEN est vide : pas de synchronisation',
    );
    return;
  }
  const departements = (env.DATA_INCLUSION_DEPARTEMENTS ?? '')
    .split(',')
    .map((d) => d.trim())
    .filter(Boolean);
  const sources = (env.DATA_INCLUSION_SOURCES ?? '')
    .split(',')
    .map((d) => d.trim())
    .filter(Boolean);
  let running = false;
  const run = async () => {
    if (running) return; // a slow sync is never stacked with the next one
    running = true;
    try {
      const report = await syncDataInclusion({
        source: new DataInclusionApi({
          baseUrl: env.DATA_INCLUSION_URL || DEFAULT_DATA_INCLUSION_URL,
          token,
        }),
        store: rt.store,
        engine: rt.engine,
        ...(departements.length ? { departements } : {}),
        ...(sources.length ? { sources } : {}),
      });
      await rt.refreshVersions();
      for (const s of report.sources) console.error(`data·inclusion ${s.partner} : ${s.message}`);
    } catch (error) {
      console.error('data·inclusion : synchronisation impossible :', (error as Error).message);
    } finally {
      running = false;
    }
  };
  const every = hours * 3_600_000;
  setInterval(run, every).unref();
  // after a restart, sync soon only when the last attempt is older than the interval
  void readSyncStatus(rt.dataDir).then((status) => {
    const last = Math.min(...status.map((s) => Date.parse(s.lastAttempt)));
    if (!status.length || Date.now() - last >= every) setTimeout(run, 5_000).unref();
  });
}
