// Distances for both engines. This is turf's `distance` (the territory package's `distanceKm`) inlined,
// operation for operation, so results are bit-identical without building two GeoJSON points per offer
// in hot loops (a unit test checks equality against `distanceKm`).
const EARTH_RADIUS_KM = 6371.0088;
const rad = (degrees: number) => ((degrees % 360) * Math.PI) / 180;

export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = rad(lat2 - lat1);
  const dLon = rad(lon2 - lon1);
  const a = Math.sin(dLat / 2) ** 2 + Math.sin(dLon / 2) ** 2 * Math.cos(rad(lat1)) * Math.cos(rad(lat2));
  return 2 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a)) * EARTH_RADIUS_KM;
}
