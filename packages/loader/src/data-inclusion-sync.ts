// The data·inclusion sync: each source (dora, france-travail, …) is its own partner
// `data-inclusion:<source>`, published through `publishCsv` like any partner file (same validation,
// versioned store, history, rollback, report). A source is published only once both its structures
// and its services downloaded completely; otherwise its previous version stays in place.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SearchEngine } from '@spie/search';
import { writeFileAtomic } from './atomic.ts';
import {
  type DataInclusionSource,
  type DownloadProgress,
  type Item,
  SourceDownloadError,
} from './data-inclusion-source.ts';
import type { Limits } from './limits.ts';
import { publishCsv } from './publish.ts';
import type { ValidationReport } from './report.ts';
import type { PartnerStore, VersionInfo } from './store.ts';

export const DATA_INCLUSION_PREFIX = 'data-inclusion:';
export const partnerOfSource = (source: string) => `${DATA_INCLUSION_PREFIX}${source}`;
const SOURCE_SLUG = /^[a-z0-9][a-z0-9-]{1,62}$/;

/** Bigger than a partner upload: a national source holds tens of thousands of services. */
export const SYNC_LIMITS: Partial<Limits> = { maxRows: 500_000, maxFileBytes: 2 * 1024 ** 3 };

export interface SourceSyncResult {
  source: string;
  partner: string;
  /** publiee: a new version is current; refusee: downloaded but nothing valid to publish; echec: download failed */
  status: 'publiee' | 'refusee' | 'echec';
  /** One French sentence for people. */
  message: string;
  structures?: number;
  services?: number;
  report?: ValidationReport;
  version?: VersionInfo;
  index?: 'a-jour' | 'en-retard' | 'sans-moteur';
  error?: string;
}

export interface SyncReport {
  origin: string;
  departements: string[];
  startedAt: string;
  finishedAt: string;
  sources: SourceSyncResult[];
}

export interface SyncOptions {
  source: DataInclusionSource;
  store: PartnerStore;
  engine?: SearchEngine;
  /** Source slugs; none = every source the platform lists. */
  sources?: readonly string[];
  departements?: readonly string[];
  onProgress?: (p: DownloadProgress) => void;
  /** Called when a source starts (for progress display). */
  onSource?: (source: string, index: number, count: number) => void;
  signal?: AbortSignal;
  now?: () => Date;
}

/** Last sync of each source, kept in DATA_DIR for /api/sante. */
export interface SourceSyncStatus {
  source: string;
  partner: string;
  lastAttempt: string;
  lastStatus: SourceSyncResult['status'];
  lastMessage: string;
  /** Last time a version was published from this source. */
  lastSuccess?: string;
  offers?: number;
  version?: number;
}

const statusFile = (dataDir: string) => join(dataDir, 'data-inclusion-sync.json');

export async function readSyncStatus(dataDir: string): Promise<SourceSyncStatus[]> {
  try {
    const data = JSON.parse(await readFile(statusFile(dataDir), 'utf8')) as { sources?: SourceSyncStatus[] };
    return Array.isArray(data.sources) ? data.sources : [];
  } catch {
    return [];
  }
}

async function recordStatus(dataDir: string, results: SourceSyncResult[], at: string): Promise<void> {
  const bySource = new Map((await readSyncStatus(dataDir)).map((s) => [s.source, s]));
  for (const r of results) {
    const before = bySource.get(r.source);
    bySource.set(r.source, {
      source: r.source,
      partner: r.partner,
      lastAttempt: at,
      lastStatus: r.status,
      lastMessage: r.message,
      ...(r.version
        ? { lastSuccess: r.version.publishedAt, offers: r.version.rowCount, version: r.version.version }
        : before?.lastSuccess
          ? { lastSuccess: before.lastSuccess, offers: before.offers, version: before.version }
          : {}),
    });
  }
  const sources = [...bySource.values()].sort((a, b) => a.source.localeCompare(b.source));
  await writeFileAtomic(statusFile(dataDir), [JSON.stringify({ sources }, null, 2)]);
}

function describe(r: Omit<SourceSyncResult, 'message'>): string {
  if (r.status === 'echec') return `téléchargement incomplet, rien n’est publié (${r.error})`;
  const stats = r.report?.stats;
  const rejected = stats ? stats.invalidRows : 0;
  if (r.status === 'refusee')
    return `rien n’est publié : ${rejected} service(s) en erreur sur ${stats?.rows ?? 0}, aucun valide`;
  const c = r.version!.counts;
  const parts = [
    `version ${r.version!.version} : ${r.version!.rowCount} offre(s)`,
    `${c.added} nouvelle(s)`,
    `${c.changed} modifiée(s)`,
    c.removed ? `${c.removed} retirée(s) car plus publiée(s) par la source` : 'aucune retirée',
  ];
  if (rejected) parts.push(`${rejected} service(s) écarté(s) car invalides (voir le rapport)`);
  return parts.join(', ');
}

export async function syncDataInclusion(options: SyncOptions): Promise<SyncReport> {
  const now = options.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const departements = [...(options.departements ?? [])];
  let sources = [...(options.sources ?? [])];
  if (!sources.length) sources = (await options.source.listSources(options.signal)).map((s) => s.slug);
  const results: SourceSyncResult[] = [];
  for (const [i, source] of sources.entries()) {
    if (options.signal?.aborted) break;
    options.onSource?.(source, i, sources.length);
    const partner = partnerOfSource(source);
    const base = { source, partner };
    if (!SOURCE_SLUG.test(source)) {
      const r = {
        ...base,
        status: 'echec' as const,
        error: `nom de source invalide : « ${source.slice(0, 80)} »`,
      };
      results.push({ ...r, message: describe(r) });
      continue;
    }
    let structures: Item[];
    let services: Item[];
    try {
      const download = { departements, ...(options.onProgress ? { onProgress: options.onProgress } : {}) };
      const signal = options.signal ? { signal: options.signal } : {};
      structures = await options.source.download('structures', source, { ...download, ...signal });
      services = await options.source.download('services', source, { ...download, ...signal });
    } catch (e) {
      if (!(e instanceof SourceDownloadError)) throw e;
      const r = { ...base, status: 'echec' as const, error: e.message };
      results.push({ ...r, message: describe(r) });
      if (e.kind === 'auth' || e.kind === 'aborted') break; // the next sources would fail the same way
      continue;
    }
    const published = await publishCsv({
      store: options.store,
      ...(options.engine ? { engine: options.engine } : {}),
      partner,
      input: Buffer.from(JSON.stringify(services)),
      options: {
        structures: Buffer.from(JSON.stringify(structures)),
        // a national source always carries a few invalid services: publish the others, report them
        skipInvalid: true,
        by: `synchronisation data·inclusion (${options.source.origin})`,
        limits: SYNC_LIMITS,
      },
    });
    const r = {
      ...base,
      status: published.published ? ('publiee' as const) : ('refusee' as const),
      structures: structures.length,
      services: services.length,
      report: published.report,
      index: published.index,
      ...(published.version ? { version: published.version } : {}),
    };
    results.push({ ...r, message: describe(r) });
  }
  const finishedAt = now().toISOString();
  await recordStatus(options.store.dataDir, results, finishedAt);
  return { origin: options.source.origin, departements, startedAt, finishedAt, sources: results };
}
