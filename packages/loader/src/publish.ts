// The publish use case: validate → (if valid, or skipInvalid) store.publish → engine.replacePartner.
// The store is the truth: if the search engine fails, the publish stands and the index is reported
// late ("en-retard") so that a re-index can catch up.
import type { SearchEngine } from '@spie/search';
import type { Input } from './csv-reader.ts';
import type { Limits } from './limits.ts';
import type { PartnerRegistry } from './registry.ts';
import type { ValidationReport } from './report.ts';
import { type PartnerStore, type PublishResult, StoreError } from './store.ts';
import { validateOffersFile } from './validate.ts';

export interface PublishCsvOptions {
  /** Publish the valid rows even when others have errors (opt-in). */
  skipInvalid?: boolean;
  /** Validate only. */
  dryRun?: boolean;
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

  const { report, offers, rows } = await validateOffersFile(input, {
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.structures !== undefined ? { structures: options.structures } : {}),
    ...(options.now ? { now: options.now } : {}),
  });

  // Ids owned by another partner are reported on their rows, like any other error.
  const owners = await store.ownersOf(
    offers.map((o) => o.id),
    partner,
  );
  let publishable = offers;
  if (owners.size) {
    publishable = [];
    offers.forEach((o, i) => {
      const owner = owners.get(o.id);
      if (owner === undefined) publishable.push(o);
      else
        report.errors.push({
          row: rows[i]!,
          column: 'id',
          value: o.id,
          message: `identifiant déjà utilisé par le partenaire « ${owner} » : un partenaire ne peut ni créer ni modifier les offres d’un autre`,
        });
    });
    report.errors.sort((a, b) => a.row - b.row);
    report.stats.errors += owners.size;
    report.stats.validRows = publishable.length;
    report.stats.invalidRows += owners.size;
    report.valid = false;
  }

  const fileLevelError = report.errors.some((e) => e.row <= 1);
  const allowed = report.valid || (options.skipInvalid === true && !fileLevelError && publishable.length > 0);
  if (options.dryRun || !allowed)
    return { report, published: false, index: engine ? 'a-jour' : 'sans-moteur' };

  let version: PublishResult;
  try {
    version = await store.publish(partner, publishable, { by: options.by ?? partner });
  } catch (e) {
    if (!(e instanceof StoreError)) throw e;
    report.errors.push({ row: 0, column: '', value: '', message: e.message });
    report.valid = false;
    report.stats.errors++;
    return { report, published: false, index: engine ? 'a-jour' : 'sans-moteur' };
  }
  if (!engine) return { report, published: true, version, index: 'sans-moteur' };
  try {
    await engine.replacePartner(partner, await store.partnerOffers(partner));
    return { report, published: true, version, index: 'a-jour' };
  } catch (e) {
    return { report, published: true, version, index: 'en-retard', indexError: (e as Error).message };
  }
}
