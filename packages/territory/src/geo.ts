import distance from '@turf/distance';
import { point } from '@turf/helpers';

export interface LatLon {
  latitude: number;
  longitude: number;
}

export interface BoundingBox {
  minLatitude: number;
  maxLatitude: number;
  minLongitude: number;
  maxLongitude: number;
}

/** Great-circle distance in kilometres (turf, mean Earth radius). */
export function distanceKm(a: LatLon, b: LatLon): number {
  return distance(point([a.longitude, a.latitude]), point([b.longitude, b.latitude]), {
    units: 'kilometers',
  });
}

// Same radius as turf so that the box always contains the circle turf measures.
const EARTH_RADIUS_KM = 6371.0088;

/**
 * Smallest latitude/longitude box containing every point within `radiusKm` of `center`,
 * for cheap pre-filters before `distanceKm`. Does not wrap around the antimeridian: the longitude
 * range may exceed ±180 there (compare with care in the Pacific collectivities).
 */
export function boundingBox(center: LatLon, radiusKm: number): BoundingBox {
  const angular = radiusKm / EARTH_RADIUS_KM;
  const dLat = (angular * 180) / Math.PI;
  const minLatitude = center.latitude - dLat;
  const maxLatitude = center.latitude + dLat;
  if (minLatitude <= -90 || maxLatitude >= 90) {
    return {
      minLatitude: Math.max(minLatitude, -90),
      maxLatitude: Math.min(maxLatitude, 90),
      minLongitude: -180,
      maxLongitude: 180,
    };
  }
  const ratio = Math.sin(angular) / Math.cos((center.latitude * Math.PI) / 180);
  const dLon = ratio >= 1 ? 180 : (Math.asin(ratio) * 180) / Math.PI;
  return {
    minLatitude,
    maxLatitude,
    minLongitude: center.longitude - dLon,
    maxLongitude: center.longitude + dLon,
  };
}

/**
 * True when `a` and `b` are certainly less than `km` apart, without trigonometry: a great-circle
 * distance is at most the path along the meridian then the parallel, itself at most R·(|Δφ| + |Δλ|)
 * (radians). False means "maybe not": measure with `distanceKm`.
 */
export function surelyWithinKm(a: LatLon, b: LatLon, km: number): boolean {
  return (
    (Math.abs(a.latitude - b.latitude) + Math.abs(a.longitude - b.longitude)) * (Math.PI / 180) <
    km / EARTH_RADIUS_KM
  );
}
