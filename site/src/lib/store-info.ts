// What /api/sante says about the data: each partner's current version and the latest publication.
import type { Runtime } from './runtime.ts';

export function storeVersion(rt: Pick<Runtime, 'versions'>) {
  const summary = rt.versions;
  const latest =
    summary
      .map((v) => v.publishedAt)
      .sort()
      .at(-1) ?? null;
  return {
    partenaires: summary.length,
    versions: Object.fromEntries(summary.map((v) => [v.partner, v.version])),
    derniere_publication: latest,
  };
}
