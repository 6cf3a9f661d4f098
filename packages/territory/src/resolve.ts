// A commune as people type it: an INSEE code, a postal code, « Nom (code) » as the autocomplete fills
// it, or a name. Never guessed: a name shared by several communes asks which one (with the
// département), a near miss proposes the closest names (MiniSearch's radix tree, fuzzy lookup).
import SearchableMap from 'minisearch/SearchableMap';
import { normalizeName } from './normalize.ts';
import type { Commune, Territory } from './territory.ts';

export type CommuneResolution =
  | { kind: 'found'; commune: Commune }
  /** Several communes answer to this name or postal code: the person must choose. */
  | { kind: 'ambiguous'; candidates: Commune[] }
  /** No commune: the closest names, maybe none. */
  | { kind: 'unknown'; proposals: Commune[] };

const INSEE = /^[0-9][0-9AB]\d{3}$/i;
const POSTAL = /^\d{5}$/;
const LABELLED = /\(([0-9][0-9AB]\d{3})\)\s*$/i;
const MAX_LISTED = 12;

/** Accents and case kept, hyphens and spaces alike: "Melle" is not "Mellé", "saint martin" is "Saint-Martin". */
const spelled = (text: string) =>
  text
    .toLowerCase()
    .replace(/[\s'’-]+/g, ' ')
    .trim();

const fuzzyIndexes = new WeakMap<Territory, SearchableMap<Commune[]>>();

function fuzzyIndex(t: Territory): SearchableMap<Commune[]> {
  let index = fuzzyIndexes.get(t);
  if (!index) {
    index = new SearchableMap<Commune[]>();
    for (const c of t.communes) {
      const key = normalizeName(c.nom);
      const list = index.get(key);
      if (list) list.push(c);
      else index.set(key, [c]);
    }
    fuzzyIndexes.set(t, index);
  }
  return index;
}

export function resolveCommune(t: Territory, input: string): CommuneResolution {
  const text = input.trim();
  if (!text || text.length > 120) return { kind: 'unknown', proposals: [] };
  const labelled = LABELLED.exec(text);
  const code = labelled ? labelled[1]! : INSEE.test(text) ? text : undefined;
  if (code) {
    const commune = t.getCommune(code.toUpperCase());
    if (commune) return { kind: 'found', commune };
  }
  if (POSTAL.test(text)) {
    const communes = t.communesByPostalCode(text);
    if (communes.length === 1) return { kind: 'found', commune: communes[0]! };
    if (communes.length > 1) return { kind: 'ambiguous', candidates: communes.slice(0, MAX_LISTED) };
    return { kind: 'unknown', proposals: [] };
  }
  const wanted = normalizeName(text);
  const exact = fuzzyIndex(t).get(wanted) ?? [];
  if (exact.length === 1) return { kind: 'found', commune: exact[0]! };
  if (exact.length > 1) {
    // typed with its accents, one commune only: that one ("Melle", not "Mellé")
    const same = exact.filter((c) => spelled(c.nom) === spelled(text));
    if (same.length === 1) return { kind: 'found', commune: same[0]! };
    return { kind: 'ambiguous', candidates: sortByDepartement(exact).slice(0, MAX_LISTED) };
  }
  return { kind: 'unknown', proposals: proposals(t, wanted) };
}

const sortByDepartement = (communes: Commune[]) =>
  [...communes].sort((a, b) => a.departement.localeCompare(b.departement) || a.code.localeCompare(b.code));

/** Names starting with what was typed ("Amien" → Amiens), else within 1–2 typos ("Amiesn"). */
function proposals(t: Territory, wanted: string): Commune[] {
  if (wanted.length < 3) return [];
  const started = t.searchCommunes(wanted, 5);
  if (started.length > 0) return started;
  const typos = wanted.length >= 5 ? 2 : 1;
  const found = [...fuzzyIndex(t).fuzzyGet(wanted, typos)].sort((a, b) => a[1][1] - b[1][1]);
  return found.flatMap(([, [communes]]) => communes).slice(0, 5);
}

/** « Saint-Martin (65392, Hautes-Pyrénées) »: what tells communes of one name apart. */
export function communeChoiceLabel(t: Territory, c: Commune): string {
  return `${c.nom} (${c.code}, ${t.getDepartement(c.departement)?.nom ?? c.departement})`;
}

const shown = (value: string) => (value.length > 40 ? `${value.slice(0, 40)}…` : value);

/** The French message for an input naming several communes or none, `field` first; undefined when found. */
export function communeProblem(
  t: Territory,
  field: string,
  input: string,
  r: CommuneResolution,
): string | undefined {
  const accepted = 'indiquez un nom de commune, un code postal ou un code INSEE';
  const label = (c: Commune) => communeChoiceLabel(t, c);
  if (r.kind === 'ambiguous')
    return `${field} : « ${shown(input)} » désigne plusieurs communes, précisez laquelle (${accepted}) : ${r.candidates.map(label).join(' ; ')}`;
  if (r.kind === 'unknown')
    return r.proposals.length > 0
      ? `${field} : « ${shown(input)} » introuvable ; vouliez-vous dire ${r.proposals.map(label).join(' ou ')} ? (${accepted})`
      : `${field} : « ${shown(input)} » introuvable (${accepted}, ex. Niort, 79000 ou 79191)`;
  return undefined;
}
