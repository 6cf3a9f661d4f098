// Duplicate clusters: the same service published by several sources or partners (or twice by one).
// Two offers are joined when all four hold, and each join keeps its reasons (explainable):
//   1. same structure: same SIRET (or SIREN), else close structure names plus the same address or phone;
//   2. at least one thématique in common;
//   3. close names (token Dice with abbreviations expanded, accents and plurals folded, one typo allowed);
//   4. same place: within 200 m when both are located, else the same commune.
// Clusters are the connected components of the joins. Offers are compared only within one commune
// (or ~1 km cell when the commune is missing) and one shared thématique: linear in practice.
import type { Offer } from './offer.ts';
import { labelOf } from './vocabularies/index.ts';

export const SAME_PLACE_METERS = 200;
export const NAME_SIMILARITY = 0.6;
const STRUCTURE_SIMILARITY = 0.6;

export interface ClusterLink {
  a: string;
  b: string;
  /** French, for people: why these two offers are the same service. */
  reasons: string[];
}

export interface OfferCluster {
  /** The lead's id (the most complete, then freshest, record). */
  id: string;
  /** Lead first, then the others in the same order. */
  members: string[];
  links: ClusterLink[];
}

export interface ClusterOptions {
  /** Offers their partner marked « ce n’est pas un doublon »: never joined. */
  isDistinct?: (offer: Offer) => boolean;
}

const STOP = new Set(
  'a au aux avec chez d de des du en et l la le les par pour sur un une dans ou son sa ses leur'.split(' '),
);
/** Field abbreviations → their words (both sides are expanded, so « ACI » meets « chantier d’insertion »). */
const ABBREVIATIONS: Record<string, string> = {
  aci: 'chantier insertion',
  ei: 'entreprise insertion',
  etti: 'entreprise travail temporaire insertion',
  ai: 'association intermediaire',
  siae: 'structure insertion activite economique',
  ml: 'mission locale',
  ccas: 'centre communal action sociale',
  cias: 'centre intercommunal action sociale',
  cej: 'contrat engagement jeune',
  cv: 'curriculum vitae',
  asso: 'association',
  st: 'saint',
  ste: 'sainte',
  r: 'rue',
  av: 'avenue',
  bd: 'boulevard',
  pl: 'place',
  sq: 'square',
  fg: 'faubourg',
  chem: 'chemin',
  rte: 'route',
  imp: 'impasse',
  all: 'allee',
  un: '1',
  deux: '2',
  trois: '3',
  quatre: '4',
  cinq: '5',
  six: '6',
  sept: '7',
  huit: '8',
  neuf: '9',
  dix: '10',
};

/** Folded, abbreviation-expanded, plural-folded words, stop words out. */
export function nameTokens(text: string | undefined): string[] {
  if (!text) return [];
  const folded = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    // « micro-crédit » and « microcrédit » are one word; « Chantier - espaces verts » stays two
    .replace(/([a-z])-([a-z])/g, '$1$2')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  const out: string[] = [];
  for (const w of folded.split(' ')) {
    if (!w) continue;
    const expanded = ABBREVIATIONS[w];
    for (const t of expanded ? expanded.split(' ') : [w]) {
      if (STOP.has(t)) continue;
      out.push(t.length > 3 && (t.endsWith('s') || t.endsWith('x')) ? t.slice(0, -1) : t);
    }
  }
  return out;
}

/** At most one edit (substitution, insertion, deletion) between a and b. */
function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (b.length > a.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

const tokensMatch = (a: string, b: string) =>
  a === b ||
  (a.length >= 5 && b.length >= 5 && withinOneEdit(a, b)) ||
  // a cut word (« financ. », « accomp. »)
  (Math.min(a.length, b.length) >= 4 && (a.startsWith(b) || b.startsWith(a)));

/**
 * Soft Dice coefficient of two token lists (each token matched at most once), raised when one name
 * is wholly contained in the other (« Domiciliation » in « Domiciliation administrative des
 * personnes sans domicile »), a little less for a one-word name.
 */
export function tokenSimilarity(a: readonly string[], b: readonly string[]): number {
  if (!a.length || !b.length) return 0;
  const matches = softMatches(a, b);
  const dice = (2 * matches) / (a.length + b.length);
  const shorter = Math.min(a.length, b.length);
  const contained = matches === shorter ? (shorter >= 2 ? 0.9 : 0.7) : 0;
  return Math.max(dice, contained);
}

function softMatches(a: readonly string[], b: readonly string[]): number {
  const used = new Uint8Array(b.length);
  let matches = 0;
  for (const x of a)
    for (let j = 0; j < b.length; j++)
      if (!used[j] && tokensMatch(x, b[j]!)) {
        used[j] = 1;
        matches++;
        break;
      }
  return matches;
}

const digits = (phone: string | undefined) => {
  if (!phone) return undefined;
  const d = phone.replace(/\D/g, '');
  const national = d.startsWith('33') && d.length === 11 ? `0${d.slice(2)}` : d;
  return national.length >= 10 ? national : undefined;
};

function metersBetween(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const x = (lon2 - lon1) * rad * Math.cos(((lat1 + lat2) / 2) * rad);
  const y = (lat2 - lat1) * rad;
  return Math.sqrt(x * x + y * y) * 6_371_008.8; // equirectangular: exact enough under a few km
}

/** What the comparison needs of an offer, computed once. */
interface Prepared {
  offer: Offer;
  name: string[];
  structure: string[];
  address: string;
  phone: string | undefined;
  thematiques: Set<string>;
}

function prepare(offer: Offer): Prepared {
  return {
    offer,
    name: nameTokens(offer.nom),
    structure: nameTokens(offer.structure_nom),
    address: nameTokens(offer.adresse).join(' '),
    phone: digits(offer.telephone),
    thematiques: new Set(offer.thematiques ?? []),
  };
}

const fmt = (n: number) => n.toFixed(2).replace('.', ',');

/** Why `a` and `b` are the same service, or undefined when they are not (see the header). */
function comparePrepared(a: Prepared, b: Prepared): string[] | undefined {
  const x = a.offer;
  const y = b.offer;
  // 4. place (cheapest first)
  let place: string;
  if (
    x.latitude !== undefined &&
    x.longitude !== undefined &&
    y.latitude !== undefined &&
    y.longitude !== undefined
  ) {
    const m = metersBetween(x.latitude, x.longitude, y.latitude, y.longitude);
    if (m > SAME_PLACE_METERS) return undefined;
    place = m < 1 ? 'même point' : `à ${Math.round(m)} m l’une de l’autre`;
  } else if (x.code_insee && x.code_insee === y.code_insee)
    place = `même commune (${x.commune ?? x.code_insee})`;
  else return undefined;
  // 2. thématiques
  const common = [...a.thematiques].filter((t) => b.thematiques.has(t));
  if (!common.length) return undefined;
  // 3. names
  const nameSim = tokenSimilarity(a.name, b.name);
  if (nameSim < NAME_SIMILARITY) return undefined;
  // 1. structure
  let structure: string | undefined;
  const s1 = x.structure_siret;
  const s2 = y.structure_siret;
  if (s1 && s2) {
    if (s1 === s2) structure = `même SIRET (${s1})`;
    else if (s1.slice(0, 9) === s2.slice(0, 9)) structure = `même SIREN (${s1.slice(0, 9)})`;
    else return undefined; // two organisations
  } else {
    const structureSim = tokenSimilarity(a.structure, b.structure);
    if (structureSim >= STRUCTURE_SIMILARITY) {
      const sameAddress =
        a.address !== '' && tokenSimilarity(a.address.split(' '), b.address.split(' ')) >= 0.8;
      const samePhone = a.phone !== undefined && a.phone === b.phone;
      if (sameAddress || samePhone)
        structure = `structures aux noms proches (${fmt(structureSim)}) et ${sameAddress ? 'même adresse' : 'même téléphone'}`;
    }
    if (!structure) return undefined;
  }
  return [
    structure,
    `thématiques communes : ${common.map((t) => labelOf(t)).join(', ')}`,
    `noms proches (${fmt(nameSim)})`,
    place,
  ];
}

/** Why `a` and `b` are the same service, or undefined. */
export function duplicateReasons(a: Offer, b: Offer): string[] | undefined {
  return comparePrepared(prepare(a), prepare(b));
}

/** Filled fields: the more complete record leads its cluster. */
function completeness(o: Offer): number {
  let n = 0;
  for (const v of Object.values(o))
    if (v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0)) n++;
  return n;
}

/** Lead order: most complete, then freshest (`date_maj`), then id. */
export function leadOrder(a: Offer, b: Offer): number {
  return (
    completeness(b) - completeness(a) ||
    (b.date_maj ?? '').localeCompare(a.date_maj ?? '') ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

function blockKey(o: Offer): string | undefined {
  if (o.code_insee) return o.code_insee;
  if (o.latitude !== undefined && o.longitude !== undefined)
    return `~${Math.round(o.latitude * 100)}:${Math.round(o.longitude * 100)}`;
  return undefined;
}

/** Clusters of two offers or more (every other offer stands alone). */
export function clusterOffers(offers: readonly Offer[], options: ClusterOptions = {}): OfferCluster[] {
  const parent = new Int32Array(offers.length).map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const links: { i: number; j: number; reasons: string[] }[] = [];
  // block (commune) → thématique → offer indexes
  const blocks = new Map<string, Map<string, number[]>>();
  offers.forEach((o, i) => {
    if (options.isDistinct?.(o)) return;
    const key = blockKey(o);
    if (!key || !o.thematiques?.length) return;
    let byTheme = blocks.get(key);
    if (!byTheme) {
      byTheme = new Map();
      blocks.set(key, byTheme);
    }
    for (const t of o.thematiques) {
      const list = byTheme.get(t);
      if (list) list.push(i);
      else byTheme.set(t, [i]);
    }
  });
  const prepared = new Map<number, Prepared>();
  const prep = (i: number) => {
    let p = prepared.get(i);
    if (!p) {
      p = prepare(offers[i]!);
      prepared.set(i, p);
    }
    return p;
  };
  for (const byTheme of blocks.values()) {
    if (byTheme.size === 1 && [...byTheme.values()][0]!.length === 1) continue;
    const compared = new Set<number>();
    for (const list of byTheme.values()) {
      for (let x = 0; x < list.length; x++)
        for (let y = x + 1; y < list.length; y++) {
          const i = list[x]!;
          const j = list[y]!;
          // offers sharing several thématiques meet in several lists: compare once
          const pair = i < j ? i * offers.length + j : j * offers.length + i;
          if (compared.has(pair)) continue;
          compared.add(pair);
          const reasons = comparePrepared(prep(i), prep(j));
          if (!reasons) continue;
          links.push({ i, j, reasons });
          const ri = find(i);
          const rj = find(j);
          if (ri !== rj) parent[ri] = rj;
        }
    }
    prepared.clear();
  }
  const groups = new Map<number, Set<number>>();
  for (const { i, j } of links)
    for (const k of [i, j]) {
      const root = find(k);
      const g = groups.get(root);
      if (g) g.add(k);
      else groups.set(root, new Set([k]));
    }
  const linksOf = new Map<number, ClusterLink[]>();
  for (const { i, j, reasons } of links) {
    const root = find(i);
    const list = linksOf.get(root) ?? [];
    list.push({ a: offers[i]!.id, b: offers[j]!.id, reasons });
    linksOf.set(root, list);
  }
  const clusters: OfferCluster[] = [];
  for (const [root, members] of groups) {
    const ordered = [...members].map((k) => offers[k]!).sort(leadOrder);
    clusters.push({ id: ordered[0]!.id, members: ordered.map((o) => o.id), links: linksOf.get(root) ?? [] });
  }
  return clusters.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Suggestions never propose two offers of one cluster: of each cluster among the suggested offers,
 * only the best-ranked stays; `par_besoin` and `parcours` name it instead of the copies dropped.
 * Applied to the suggestions (tens of offers), not to every candidate, so it costs next to nothing.
 */
export function dropClusterCopies<
  R extends {
    suggestions: { id: string }[];
    par_besoin: Partial<Record<string, string[]>>;
    parcours: string[];
  },
>(result: R, offerOf: (id: string) => Offer | undefined): R {
  const offers = result.suggestions.map((s) => offerOf(s.id)).filter((o): o is Offer => o !== undefined);
  const clusters = clusterOffers(offers);
  if (!clusters.length) return result;
  const rank = new Map(result.suggestions.map((s, i) => [s.id, i]));
  const keptFor = new Map<string, string>();
  for (const c of clusters) {
    const best = [...c.members].sort((a, b) => rank.get(a)! - rank.get(b)!)[0]!;
    for (const m of c.members) if (m !== best) keptFor.set(m, best);
  }
  const swap = (ids: string[]) => [...new Set(ids.map((id) => keptFor.get(id) ?? id))];
  return {
    ...result,
    suggestions: result.suggestions.filter((s) => !keptFor.has(s.id)),
    par_besoin: Object.fromEntries(
      Object.entries(result.par_besoin).map(([need, ids]) => [need, swap(ids ?? [])]),
    ),
    parcours: swap(result.parcours),
  };
}
