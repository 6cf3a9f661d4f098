// Plain-French rendering of offer fields: vocabulary labels, distances, freshness, hours, zones.
import { labelOf } from '@spie/core';
import { getCommune, getDepartement, getEpci } from '@spie/territory';

const km = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
export const formatKm = (d: number) => `${km.format(d)} km`;

export const labels = (values: readonly string[] | undefined, vocabulary?: 'reseaux_porteurs') =>
  (values ?? []).map((v) => labelOf(v, vocabulary));

const dateFormat = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'UTC' });
export const formatDate = (iso: string) => {
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? iso : dateFormat.format(d);
};

const relative = new Intl.RelativeTimeFormat('fr-FR', { numeric: 'auto' });

/** « mise à jour il y a 3 mois », and whether the offer is stale (over a year: data·inclusion's rule). */
export function freshness(isoDate: string, now = new Date()): { text: string; stale: boolean } {
  const then = new Date(`${isoDate}T00:00:00Z`);
  const days = Math.floor((now.getTime() - then.getTime()) / 86_400_000);
  if (Number.isNaN(days)) return { text: 'date de mise à jour inconnue', stale: true };
  let text: string;
  if (days < 1) text = 'aujourd’hui';
  else if (days < 31) text = relative.format(-days, 'day');
  else if (days < 365) text = relative.format(-Math.floor(days / 30.44), 'month');
  else text = relative.format(-Math.floor(days / 365.25), 'year');
  return { text: `mise à jour ${text}`, stale: days > 365 };
}

/** Names of an eligibility zone's codes (communes, EPCI, départements, France). */
export function zoneNames(codes: readonly string[] | undefined): string[] {
  return (codes ?? []).map((code) => {
    if (code === 'france' || code === '99100') return 'France entière';
    if (/^\d{9}$/.test(code)) return getEpci(code)?.nom ?? `EPCI ${code}`;
    if (/^([0-9][0-9AB]\d{3})$/.test(code)) {
      const c = getCommune(code);
      return c ? `${c.nom} (${c.code})` : `commune ${code}`;
    }
    const d = getDepartement(code);
    return d ? `${d.nom} (${d.code})` : `département ${code}`;
  });
}

const DAYS: Record<string, string> = {
  Mo: 'lundi',
  Tu: 'mardi',
  We: 'mercredi',
  Th: 'jeudi',
  Fr: 'vendredi',
  Sa: 'samedi',
  Su: 'dimanche',
  PH: 'jours fériés',
};

/**
 * OpenStreetMap opening_hours (the data·inclusion format) in French, one line per rule, for the
 * common forms (« Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00 »). Anything else is shown as is.
 */
export function formatHours(hours: string): string[] {
  return hours
    .split(';')
    .map((r) => r.trim())
    .filter(Boolean)
    .map((rule) => {
      const m = /^((?:Mo|Tu|We|Th|Fr|Sa|Su|PH)(?:[-,](?:Mo|Tu|We|Th|Fr|Sa|Su|PH))*)\s+(.+)$/.exec(rule);
      if (!m) return rule;
      const days = m[1]!
        .split(',')
        .map((part) => {
          const [from, to] = part.split('-');
          return to ? `du ${DAYS[from!]} au ${DAYS[to]}` : `le ${DAYS[from!]}`;
        })
        .join(', ');
      const times = m[2]!.trim();
      if (times === 'off' || times === 'closed') return `${capitalize(days)} : fermé`;
      const spans = times.split(',').map((t) => {
        const [a, b] = t.trim().split('-');
        return b ? `de ${a!.replace(':', ' h ')} à ${b.replace(':', ' h ')}` : t.trim();
      });
      return `${capitalize(days)} : ${spans.join(' et ')}`;
    });
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** JSON for a <script type="application/json"> block: nothing in it can close the tag. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export const tileUrl = () =>
  process.env.MAP_TILE_URL?.trim() || 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
