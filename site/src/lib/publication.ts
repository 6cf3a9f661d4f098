// A partner's publication from the site (pages and API), through the loader's publish use case:
// validate the CSV and, only when it is entirely valid, store it as a new version and update the
// search engine for that partner only.
import {
  needsRemovalConfirmation,
  type PublishDiff,
  type PublishMode,
  publishCsv,
  StoreError,
  type ValidationReport,
  type VersionInfo,
} from '@spie/loader';
import { runtime } from './runtime.ts';

export type PublicationOutcome =
  | { status: 'invalid'; report: ValidationReport }
  /** Dry run of a valid file: the change it would make, and whether it needs a confirmation. */
  | {
      status: 'valid';
      report: ValidationReport;
      offerCount: number;
      diff: PublishDiff;
      needsConfirmation: boolean;
    }
  /** Valid, but the partner's offers would stay exactly as they are: nothing to publish. */
  | { status: 'unchanged'; report: ValidationReport; diff: PublishDiff }
  /** Withdraws more than a third of the partner's offers and was not confirmed: nothing published. */
  | { status: 'needs-confirmation'; report: ValidationReport; diff: PublishDiff }
  | {
      status: 'published';
      report: ValidationReport;
      version: VersionInfo;
      indexLate: boolean;
      diff?: PublishDiff;
    }
  | { status: 'refused'; report: ValidationReport; message: string }
  /** The file was valid but the store could not write it (disk full, unwritable DATA_DIR): a 503. */
  | { status: 'store-failed'; report: ValidationReport; message: string };

/**
 * The loader's streaming publish reports a store write failure that happens after validation as a
 * file-level error (row 0) carrying the StoreError's French message, instead of throwing it. It is
 * told apart from a validation error by that message: both then answer 503, like a thrown StoreError.
 */
const STORE_FAILURE = /^impossible d’enregistrer la nouvelle version/;

function storeFailure(report: ValidationReport): string | undefined {
  return report.errors.find((e) => e.row === 0 && STORE_FAILURE.test(e.message))?.message;
}

export async function publishPartnerCsv(
  partner: string,
  csv: Uint8Array,
  options: { dryRun: boolean; by: string; mode?: PublishMode; confirmRemovals?: boolean },
): Promise<PublicationOutcome> {
  const rt = await runtime();
  const { store, registry, engine } = rt;
  // A StoreError thrown before validation ends (e.g. the partner's directory cannot be created) is
  // left to the caller, which answers 503 with its message.
  const result = await publishCsv({
    store,
    registry,
    engine,
    partner,
    input: csv,
    options: {
      dryRun: options.dryRun,
      by: options.by,
      mode: options.mode ?? 'replace',
      confirmRemovals: options.confirmRemovals === true,
    },
  });
  const { report } = result;
  const storeMessage = storeFailure(report);
  if (storeMessage) return { status: 'store-failed', report, message: storeMessage };
  if (!report.valid) return { status: 'invalid', report };
  const { diff } = result;
  if (diff && result.held === 'no-change') return { status: 'unchanged', report, diff };
  if (diff && result.held === 'needs-confirmation' && !options.dryRun)
    return { status: 'needs-confirmation', report, diff };
  if (options.dryRun) {
    // Publishing nothing would withdraw every offer of the partner: never from an upload by mistake.
    if (report.stats.validRows === 0)
      return {
        status: 'refused',
        report,
        message: 'Le fichier ne contient aucune offre : rien ne sera publié.',
      };
    if (!diff) return { status: 'refused', report, message: 'La publication n’a pas pu être préparée.' };
    return {
      status: 'valid',
      report,
      offerCount: report.stats.validRows,
      diff,
      needsConfirmation: diff.mode === 'replace' && needsRemovalConfirmation(diff),
    };
  }
  if (!result.published || !result.version)
    return { status: 'refused', report, message: 'La publication n’a pas pu être enregistrée.' };
  await rt.refreshVersions();
  return {
    status: 'published',
    report,
    version: result.version,
    indexLate: result.index === 'en-retard',
    ...(diff ? { diff } : {}),
  };
}

export async function rollbackPartner(partner: string, version: number, by: string) {
  const rt = await runtime();
  const { store, engine } = rt;
  try {
    const info = await store.rollback(partner, version, { by });
    await engine.replacePartner(partner, await store.partnerOffers(partner));
    await rt.refreshVersions();
    return { ok: true as const, version: info };
  } catch (error) {
    if (error instanceof StoreError) return { ok: false as const, message: error.message };
    throw error;
  }
}
