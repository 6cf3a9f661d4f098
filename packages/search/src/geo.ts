// Distances for both engines. This is turf's `distance` (the territory package's `distanceKm`) inlined,
// operation for operation, so results are bit-identical without building two GeoJSON points per offer
// in hot loops (a unit test checks equality against `distanceKm`).
const EARTH_RADIUS_KM = 6371.0088;
const rad = (degrees: number) => ((degrees % 360) * Math.PI) / 180;

export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  return haversineKmWithCosines(lat1, lon1, latitudeCosine(lat1), lat2, lon2, latitudeCosine(lat2));
}

/** The cosine of a latitude exactly as `haversineKm` computes it, to precompute once per point. */
export const latitudeCosine = (latitude: number): number => Math.cos(rad(latitude));

/** `haversineKm` with both latitudes' cosines precomputed (`latitudeCosine`), for hot loops. */
export function haversineKmWithCosines(
  lat1: number,
  lon1: number,
  cos1: number,
  lat2: number,
  lon2: number,
  cos2: number,
): number {
  const dLat = rad(lat2 - lat1);
  const dLon = rad(lon2 - lon1);
  const a = Math.sin(dLat / 2) ** 2 + Math.sin(dLon / 2) ** 2 * cos1 * cos2;
  return 2 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a)) * EARTH_RADIUS_KM;
}

/**
 * A point on the unit sphere. The squared chord between two such points is 4 × haversine's `a`, so it
 * orders points exactly as the great-circle distance does, with no trigonometry per pair.
 */
export function unitVector(latitude: number, longitude: number): [number, number, number] {
  const phi = rad(latitude);
  const lambda = rad(longitude);
  return [Math.cos(phi) * Math.cos(lambda), Math.cos(phi) * Math.sin(lambda), Math.sin(phi)];
}

/** The squared chord of a great-circle distance of `km` (see `unitVector`). */
export function squaredChord(km: number): number {
  return 4 * Math.sin(km / (2 * EARTH_RADIUS_KM)) ** 2;
}
