// French formatting helpers for explanations.
import type { MobilityMode } from '../diagnostic.ts';

const MODE_PHRASE: Record<MobilityMode, string> = {
  voiture: 'en voiture',
  'deux-roues': 'en deux-roues',
  'transports-en-commun': 'en transports en commun',
  velo: 'à vélo',
  'a-pied': 'à pied',
  aucun: 'sans moyen de transport',
};
export const modePhrase = (mode: MobilityMode) => MODE_PHRASE[mode];

/** "800 m", "3,4 km", "12 km". */
export function formatKm(km: number): string {
  if (km < 1) return `${Math.max(100, Math.round(km * 10) * 100)} m`;
  if (km < 10) return `${(Math.round(km * 10) / 10).toLocaleString('fr-FR')} km`;
  return `${Math.round(km)} km`;
}

const MONTHS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];
/** "12 janvier 2027" from an ISO date (no time zone involved). */
export function formatDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${d === 1 ? '1er' : d} ${MONTHS[(m ?? 1) - 1]} ${y}`;
}

/** Whole days from `from` to `to` (ISO dates). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export const quoted = (s: string) => `« ${s} »`;
