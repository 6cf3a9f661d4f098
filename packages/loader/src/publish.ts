// The publish use case: validate → (if valid, or skipInvalid) store.publish → engine.replacePartner.
// The store is the truth: if the search engine fails, the publish stands and the index is reported
// late ("en-retard") so that a re-index can catch up.
import type { SearchEngine } from '@spie/search';
import type { Input } from './csv-reader.ts';
import { hasChanges, needsRemovalConfirmation, type PublishDiff, type PublishMode } from './diff.ts';
import type { Limits } from './limits.ts';
import type { PartnerRegistry } from './registry.ts';
import type { ValidationReport } from './report.ts';
import { ownerKey, type PartnerStore, type PublishResult, type PublishSink, StoreError } from './store.ts';
import { validateOffersFile } from './validate.ts';

export interface PublishCsvOptions {
  /** Publish the valid rows even when others have errors (opt-in). */
  skipInvalid?: boolean;
  /** Validate and compute the change (`diff`) without publishing. */
  dryRun?: boolean;
  /** replace (default): offers absent from the file are withdrawn; complement: they stay. */
  mode?: PublishMode;
  /** Needed to withdraw more than a third of the partner's offers in replace mode. */
  confirmRemovals?: boolean;
  /** Commit a version even when the file changes nothing (a scheduled sync records each run). */
  publishUnchanged?: boolean;
  /** Who publishes, recorded in the history (default: the partner id). */
  by?: string;
  limits?: Partial<Limits>;
  /** data·inclusion structures file joined into the services. */
  structures?: Input;
  now?: Date;
}

export interface PublishCsvResult {
  report: ValidationReport;
  /** True when a new version was committed to the store. */
  published: boolean;
  /** What the file changes (also on a dry run), when the file is valid enough to be published. */
  diff?: PublishDiff;
  /**
   * Why a valid file was not published: it changes nothing, or it withdraws more than a third of
   * the partner's offers without `confirmRemovals`.
   */
  held?: 'no-change' | 'needs-confirmation';
  version?: PublishResult;
  /** Search index state: up to date, late (engine failed, store committed), or no engine given. */
  index: 'a-jour' | 'en-retard' | 'sans-moteur';
  indexError?: string;
}

export class UnknownPartnerError extends Error {}

export async function publishCsv(args: {
  store: PartnerStore;
  registry?: PartnerRegistry;
  engine?: SearchEngine;
  partner: string;
  input: Input;
  options?: PublishCsvOptions;
}): Promise<PublishCsvResult> {
  const { store, registry, engine, partner, input, options = {} } = args;
  if (registry && !(await registry.get(partner)))
    throw new UnknownPartnerError(`partenaire inconnu : « ${partner} » (créez-le avec pnpm cli partner add)`);

  const validateOptions = {
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.structures !== undefined ? { structures: options.structures } : {}),
    ...(options.now ? { now: options.now } : {}),
  };
  // Ids owned by another partner are reported on their rows, like any other error.
  const conflictWith = (owners: ReadonlyMap<string, string>) => (offer: { id: string }) => {
    const owner = owners.get(ownerKey(offer.id));
    return owner === undefined
      ? undefined
      : `identifiant déjà utilisé par le partenaire « ${owner} » : un partenaire ne peut ni créer ni modifier les offres d’un autre`;
  };
  const noIndex = engine ? ('a-jour' as const) : ('sans-moteur' as const);

  // Streaming publish: valid offers go straight into the new version's temp file while the file is
  // read (memory bounded by the ids, not the content); committed only if the report allows it and
  // the change is what the partner asked for. A dry run reads the same way and writes nothing.
  let report: ValidationReport | undefined;
  let version: PublishResult | undefined;
  let diff: PublishDiff | undefined;
  let held: PublishCsvResult['held'];
  const decide = (d: PublishDiff) => {
    diff = d;
    if (!hasChanges(d) && options.publishUnchanged !== true) held = 'no-change';
    else if (d.mode === 'replace' && needsRemovalConfirmation(d) && options.confirmRemovals !== true)
      held = 'needs-confirmation';
    return options.dryRun !== true && held === undefined;
  };
  const produce = async (sink: PublishSink) => {
    const result = await validateOffersFile(input, {
      ...validateOptions,
      checkOffer: conflictWith(sink.owners),
      onOfferJson: (id, json) => sink.writeJson(id, json),
    });
    report = result.report;
    const fileLevelError = report.errors.some((e) => e.row <= 1);
    return report.valid || (options.skipInvalid === true && !fileLevelError && report.stats.validRows > 0);
  };
  const mode = options.mode ?? 'replace';
  try {
    if (options.dryRun) {
      const preview = await store.previewDiff(partner, mode, produce);
      if (preview) decide(preview);
    } else
      version = await store.publishStream(partner, { by: options.by ?? partner }, produce, { mode, decide });
  } catch (e) {
    if (!(e instanceof StoreError) || !report) throw e;
    report.errors.push({ row: 0, column: '', value: '', message: e.message });
    report.valid = false;
    report.stats.errors++;
    return { report, published: false, index: noIndex };
  }
  if (!report) throw new Error('validation did not run');
  const seen = { ...(diff ? { diff } : {}), ...(held ? { held } : {}) };
  if (!version) return { report, published: false, index: noIndex, ...seen };
  if (!engine) return { report, published: true, version, index: 'sans-moteur', ...seen };
  try {
    await engine.replacePartner(partner, await store.partnerOffers(partner));
    return { report, published: true, version, index: 'a-jour', ...seen };
  } catch (e) {
    return {
      report,
      published: true,
      version,
      index: 'en-retard',
      indexError: (e as Error).message,
      ...seen,
    };
  }
}
