// Start the embedded engine from the catalogue image persisted for the store's current version, so
// that a restart at national scale does not parse and index every offer again. The image file says
// which version of each partner it holds; a partner published since is applied on top (its offers
// only), and a missing, altered or outdated image falls back to a full build, then written for the
// next start.
import type { Offer } from '@spie/core';
import type { CatalogueImage } from './catalogue-image.ts';
import { ImageFormatError } from './catalogue-image.ts';
import { readImageFile, writeImageFile } from './image-file.ts';
import type { SearchEngine } from './port.ts';

/** What the engine is loaded from (the partner store, for the site). */
export interface CatalogueSource {
  /** Each partner's current version, as an opaque key: another key means the partner changed. */
  versions(): Promise<Record<string, string>>;
  readAll(): Promise<Offer[]>;
  readPartner(partner: string): Promise<Offer[]>;
}

/** An embedded engine (in-process or on threads). */
export interface ImageEngine extends SearchEngine {
  adoptImage(image: CatalogueImage): Promise<void>;
  /** undefined when partner updates changed the catalogue since it was built or opened */
  exportImage(): Promise<CatalogueImage | undefined>;
}

export interface CatalogueStart {
  /** `image`: opened as persisted; `image+partners`: opened, then the partners in `applied` reloaded; `build`: built from every offer */
  from: 'image' | 'image+partners' | 'build';
  applied: string[];
  /** why a persisted image was not used (French, for the logs), if there was one */
  rejected?: string;
  /** set when the built image could not be written (the start still succeeded) */
  writeError?: string;
  ms: number;
}

/**
 * Above this share of the image's offers changed since, a full build is worth it: partner updates
 * leave freed slots behind and add offers one by one.
 */
const MAX_OUTDATED_SHARE = 0.25;

interface ImageMeta {
  versions: Record<string, string>;
}

const isMeta = (m: unknown): m is ImageMeta =>
  typeof m === 'object' && m !== null && typeof (m as ImageMeta).versions === 'object';

/**
 * Loads `engine` from `file` when it holds an image of (most of) the current catalogue, else from every
 * offer of `source`, then writes the image of what was built to `file`.
 */
export async function startCatalogue(
  engine: ImageEngine,
  file: string,
  source: CatalogueSource,
): Promise<CatalogueStart> {
  const started = performance.now();
  const done = (r: Omit<CatalogueStart, 'ms'>): CatalogueStart => ({ ...r, ms: performance.now() - started });
  // read before any offer: an image is never labelled with versions newer than what it holds
  const versions = await source.versions();
  let rejected: string | undefined;
  try {
    const found = readImageFile(file);
    if (found && !isMeta(found.meta)) throw new ImageFormatError('no version list');
    if (found && isMeta(found.meta)) {
      const held = found.meta.versions;
      const applied = [...new Set([...Object.keys(held), ...Object.keys(versions)])]
        .filter((p) => held[p] !== versions[p])
        .sort();
      const outdated = applied.reduce(
        (n, p) => n + found.image.postingSlots(`partenaire\u0000${p}`).length,
        0,
      );
      if (outdated > found.image.size * MAX_OUTDATED_SHARE)
        throw new ImageFormatError(`${outdated} offres de l’index ont changé depuis`);
      await engine.adoptImage(found.image);
      // a partner published (or withdrawn) since the image: its offers replaced by the current ones
      for (const p of applied) await engine.replacePartner(p, await source.readPartner(p));
      return done({ from: applied.length ? 'image+partners' : 'image', applied });
    }
  } catch (error) {
    if (!(error instanceof ImageFormatError)) throw error;
    rejected = `index persisté inutilisable (${error.message}) : reconstruit depuis l’entrepôt`;
  }
  await engine.replaceAll(await source.readAll());
  const image = await engine.exportImage();
  let writeError: string | undefined;
  if (image)
    await writeImageFile(file, image, { versions } satisfies ImageMeta).catch((e: unknown) => {
      writeError = e instanceof Error ? e.message : String(e);
    });
  return done({
    from: 'build',
    applied: [],
    ...(rejected ? { rejected } : {}),
    ...(writeError ? { writeError } : {}),
  });
}
