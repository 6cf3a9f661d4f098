// Centre estimation for communes without a known point: mean of the exact centres that share a
// postal code, else the same EPCI, else the same département.
import { type CentreSource, type CommuneRow, ESTIMATED_SOURCES, EXACT_SOURCES } from './table.ts';

export interface Point {
  latitude: number;
  longitude: number;
}

type Located = Pick<CommuneRow, 'codesPostaux' | 'epci' | 'departement'>;

export interface Estimator {
  estimate(commune: Located): (Point & { source: 'postal' | 'epci' | 'departement' }) | undefined;
}

/** Builds the estimator from communes whose centre is exact. */
export function buildEstimator(exact: readonly (Located & Point)[]): Estimator {
  const groups = new Map<string, (Located & Point)[]>();
  const push = (key: string, c: Located & Point) => {
    const list = groups.get(key);
    if (list) list.push(c);
    else groups.set(key, [c]);
  };
  for (const c of exact) {
    for (const cp of c.codesPostaux) push(`cp:${cp}`, c);
    if (c.epci) push(`epci:${c.epci}`, c);
    push(`dep:${c.departement}`, c);
  }
  // Each exact commune counts once even when it shares several keys.
  const mean = (keys: readonly string[]): Point | undefined => {
    const seen = new Set<Point>();
    for (const key of keys) for (const c of groups.get(key) ?? []) seen.add(c);
    if (seen.size === 0) return undefined;
    let lat = 0;
    let lon = 0;
    for (const p of seen) {
      lat += p.latitude;
      lon += p.longitude;
    }
    return { latitude: lat / seen.size, longitude: lon / seen.size };
  };
  return {
    estimate(commune) {
      const byPostal = mean(commune.codesPostaux.map((cp) => `cp:${cp}`));
      if (byPostal) return { ...byPostal, source: 'postal' };
      const byEpci = commune.epci ? mean([`epci:${commune.epci}`]) : undefined;
      if (byEpci) return { ...byEpci, source: 'epci' };
      const byDep = mean([`dep:${commune.departement}`]);
      if (byDep) return { ...byDep, source: 'departement' };
      return undefined;
    },
  };
}

/**
 * Recomputes every estimated centre from the current exact ones (after a build or an import).
 * Returns the codes left without any point.
 */
export function reestimate(communes: CommuneRow[]): { unresolved: string[] } {
  const estimator = buildEstimator(communes.filter((c) => EXACT_SOURCES.has(c.source)));
  const unresolved: string[] = [];
  for (const c of communes) {
    const needsEstimate = ESTIMATED_SOURCES.has(c.source) || !Number.isFinite(c.latitude);
    if (!needsEstimate) continue;
    const e = estimator.estimate(c);
    if (e) {
      c.latitude = e.latitude;
      c.longitude = e.longitude;
      c.source = e.source satisfies CentreSource;
    } else if (!Number.isFinite(c.latitude)) {
      unresolved.push(c.code);
    }
  }
  return { unresolved };
}
