// The matching engine: hard rules, soft ranking, explanations, grouping by need, parcours. Pure: the
// same input always gives the same output (today is injected, ties are broken by id).
import { type Besoin, type Dispositif, dispositifLabel, type NeedKey, needKey } from '../diagnostic.ts';
import type { Offer } from '../offer.ts';
import {
  categoryOf,
  expandThematique,
  isCategory,
  labelOf,
  thematiqueMatches,
} from '../vocabularies/index.ts';
import { DEFAULT_MATCHING_CONFIG, type MatchingConfig } from './config.ts';
import { formatKm, modePhrase, quoted } from './format.ts';
import {
  dispositifsOf,
  type Evaluation,
  evaluate,
  type PersonContext,
  PHYSICAL_THEMATIQUES,
  personContext,
} from './rules.ts';
import { explainScore, type Relevance, score } from './score.ts';
import type {
  OtherPlace,
  ParcoursNote,
  ScoreDetail,
  SuggestInput,
  Suggestion,
  SuggestionsResult,
  UncoveredNeed,
} from './types.ts';

interface Ranked {
  offer: Offer;
  id: string;
  structureId: string;
  /** Same structure and same name: copies of one service at other places or dates. */
  copyKey: string;
  score: number;
  coverage: number;
  /**
   * Ranked after offers of equal coverage: reached only remotely (unless asked for), zone not specified
   * outside the structure's département. Each counts one step.
   */
  tier: number;
  distanceKm: number | null;
  covers: ReadonlySet<NeedKey>;
  coverList: Besoin[];
  siblings: Besoin[];
  detail: ScoreDetail;
}

/** The name of a need in French: the thématique's label, or the dispositif's. */
export const needLabel = (b: Besoin) =>
  b.dispositif ? dispositifLabel(b.dispositif) : labelOf(b.thematique as string);

export function suggest(input: SuggestInput): SuggestionsResult {
  const config = input.config ?? DEFAULT_MATCHING_CONFIG;
  const { diagnostic } = input;
  const ctx = personContext(diagnostic, input.person, input.today, config, input.departementNom);
  const besoins = [...diagnostic.besoins].sort(
    (a, b) => a.priorite - b.priorite || compareIds(needKey(a), needKey(b)),
  );
  const weightOf = new Map(besoins.map((b) => [needKey(b), config.priorityWeight[b.priorite]]));
  // Evaluations of the offers covering each besoin, eligible or not: the raw material of "why uncovered".
  const tried = new Map<NeedKey, Evaluation[]>(besoins.map((b) => [needKey(b), []]));

  // Pass 1, every candidate: hard rules and score, no text.
  const ranked: Ranked[] = [];
  const seen = new Set<string>();
  const relationOf = relationTo(besoins);
  for (const offer of input.candidates) {
    if (seen.has(offer.id)) continue;
    seen.add(offer.id);
    const rel0 = relationOf(offer);
    if (rel0.covers.length === 0 && rel0.siblings.length === 0) continue;
    const ev = evaluate(offer, ctx, config, input.communeCentre, false);
    // A need that cannot be met remotely (childcare, shelter, food…) is not covered by a remote visit.
    const covers = ev.reachedBy === 'distance' ? rel0.covers.filter((b) => !isPhysicalNeed(b)) : rel0.covers;
    const { siblings } = rel0;
    for (const b of covers) tried.get(needKey(b))?.push(ev);
    if (ev.rejections.length > 0 || (covers.length === 0 && siblings.length === 0)) continue;
    const rel: Relevance = { covered: 0, sibling: 0 };
    for (const b of covers) rel.covered += config.priorityWeight[b.priorite];
    for (const b of siblings) rel.sibling = Math.max(rel.sibling, config.priorityWeight[b.priorite]);
    const detail = score(offer, ev, rel, ctx, config);
    ranked.push({
      offer,
      id: offer.id,
      structureId: offer.structure_id,
      copyKey: `${offer.structure_id}\u0000${offer.nom.trim().toLowerCase()}`,
      score: detail.total,
      coverage: detail.couverture,
      tier: (ev.reachedBy === 'distance' && !ctx.preferRemote ? 1 : 0) + (ev.zoneUnspecified ? 1 : 0),
      distanceKm: ev.reachedBy === 'presentiel' ? ev.distanceKm : null,
      covers: new Set(covers.map(needKey)),
      coverList: covers,
      siblings,
      detail,
    });
  }
  for (const offer of input.explainCandidates ?? []) {
    if (seen.has(offer.id)) continue;
    seen.add(offer.id);
    const { covers } = relationOf(offer);
    if (covers.length === 0) continue;
    const ev = evaluate(offer, ctx, config, input.communeCentre, false);
    for (const b of covers) if (ev.rejections.length > 0) tried.get(needKey(b))?.push(ev);
  }
  // Coverage first, then the tier (a remote offer never beats an in-person one of the same need, a
  // zoneless offer from another département never beats a local one), then the soft score.
  ranked.sort(
    (a, b) => b.coverage - a.coverage || a.tier - b.tier || b.score - a.score || compareIds(a.id, b.id),
  );
  const covering = ranked.filter((r) => r.covers.size > 0);
  const siblingOnly = ranked.filter((r) => r.covers.size === 0);

  const par_besoin: SuggestionsResult['par_besoin'] = {};
  for (const b of besoins) {
    const key = needKey(b);
    const forNeed = covering
      .filter((r) => r.covers.has(key))
      .sort((x, y) => x.tier - y.tier || y.score - x.score || compareIds(x.id, y.id));
    par_besoin[key] = withCopies(forNeed, config)
      .shown.slice(0, config.maxPerBesoin)
      .map((r) => r.id);
  }

  const { chosen: parcours, notes: parcours_notes } = chooseParcours(
    covering,
    besoins,
    weightOf,
    ctx,
    config,
  );

  const besoins_non_couverts: UncoveredNeed[] = besoins
    .filter((b) => !covering.some((r) => r.covers.has(needKey(b))))
    .map((b) => ({
      thematique: needKey(b),
      raison: whyUncovered(b, tried.get(needKey(b)) ?? [], ctx, input.person.communeNom),
    }));

  // Pass 2, only the offers shown: the top of the ranking plus every offer named by par_besoin and
  // the parcours, with their explanations. At most N copies of one service; the others are listed
  // under the first copy shown (« autres lieux / autres dates »).
  const keep = new Set([...parcours, ...Object.values(par_besoin).flat()]);
  const { shown, others } = withCopies(covering, config, keep);
  const toOut = (r: Ranked) => {
    const s = toSuggestion(r, ctx, config, input);
    const more = others.get(r.id);
    if (more?.length) s.autres_lieux = more.map((o) => otherPlace(o));
    return s;
  };
  const suggestions = shown.filter((r, i) => i < config.maxSuggestions || keep.has(r.id)).map(toOut);
  const autres_offres = withCopies(siblingOnly, config)
    .shown.slice(0, config.maxPerBesoin)
    .map((r) => toSuggestion(r, ctx, config, input));

  return { suggestions, autres_offres, par_besoin, parcours, parcours_notes, besoins_non_couverts };
}

/**
 * At most `maxCopiesShown` copies of one service in a list, in the slots of the best-ranked ones, the
 * nearer copy first (then the ranking); the other copies are attached to the first one shown. Offers in
 * `keep` (named by the parcours) are always shown.
 */
function withCopies(
  list: readonly Ranked[],
  config: MatchingConfig,
  keep: ReadonlySet<string> = new Set(),
): { shown: Ranked[]; others: Map<string, Ranked[]> } {
  const groups = new Map<string, Ranked[]>();
  for (const r of list) {
    const g = groups.get(r.copyKey);
    if (g) g.push(r);
    else groups.set(r.copyKey, [r]);
  }
  const order = (a: Ranked, b: Ranked) =>
    a.tier - b.tier ||
    Math.round(a.distanceKm ?? Number.POSITIVE_INFINITY) -
      Math.round(b.distanceKm ?? Number.POSITIVE_INFINITY) ||
    b.score - a.score ||
    compareIds(a.id, b.id);
  const sorted = new Map<string, Ranked[]>();
  const others = new Map<string, Ranked[]>();
  for (const [k, g] of groups) {
    if (g.length === 1) {
      sorted.set(k, g);
      continue;
    }
    const byPlace = [...g].sort(order);
    const visible = byPlace.filter((r, i) => i < config.maxCopiesShown || keep.has(r.id));
    const hidden = byPlace.filter((r) => !visible.includes(r));
    sorted.set(k, visible);
    if (hidden.length > 0 && visible[0]) others.set(visible[0].id, hidden);
  }
  const used = new Map<string, number>();
  const shown: Ranked[] = [];
  for (const r of list) {
    const n = used.get(r.copyKey) ?? 0;
    used.set(r.copyKey, n + 1);
    const next = sorted.get(r.copyKey)?.[n];
    if (next) shown.push(next);
  }
  return { shown, others };
}

function otherPlace(r: Ranked): OtherPlace {
  return {
    id: r.id,
    commune: r.offer.commune,
    distance_km: r.distanceKm === null ? null : Math.round(r.distanceKm * 10) / 10,
    date_debut: r.offer.date_debut,
  };
}

function toSuggestion(
  r: Ranked,
  ctx: PersonContext,
  config: MatchingConfig,
  input: SuggestInput,
): Suggestion {
  const { offer } = r;
  const ev = evaluate(offer, ctx, config, input.communeCentre, true);
  const soft = explainScore(offer, ctx, config);
  const relationText = explainRelation(offer, r.coverList, r.siblings);
  return {
    id: offer.id,
    nom: offer.nom,
    score: r.score,
    distance_km: ev.distanceKm === null ? null : Math.round(ev.distanceKm * 10) / 10,
    besoins: r.coverList.map(needKey),
    besoins_proches: r.siblings.map(needKey),
    raisons: unique([...relationText.raisons, ...ev.raisons, ...soft.raisons]),
    points_attention: unique([...relationText.points, ...ev.points, ...soft.points]),
    detail_score: r.detail,
    structure_nom: offer.structure_nom,
    structure_id: offer.structure_id,
    commune: offer.commune,
    modes_accueil: [...(offer.modes_accueil ?? [])],
    a_distance: ev.reachedBy === 'distance',
    adresse: offer.adresse,
    code_postal: offer.code_postal,
    telephone: offer.telephone,
    courriel: offer.courriel,
    lien: offer.lien_mobilisation ?? offer.lien_source,
  };
}

const isPhysicalNeed = (b: Besoin) =>
  b.thematique !== undefined && expandThematique(b.thematique).every((t) => PHYSICAL_THEMATIQUES.has(t));

/** Besoins the offer covers (same besoin, inside the asked category, or the dispositif) and siblings. */
export function relation(offer: Offer, besoins: readonly Besoin[]): { covers: Besoin[]; siblings: Besoin[] } {
  return relationTo(besoins)(offer);
}

/** `relation` with the asked besoins expanded once (thématique sets), for many offers. */
function relationTo(besoins: readonly Besoin[]) {
  const asked = besoins.map((b) => ({
    besoin: b,
    dispositif: b.dispositif as Dispositif | undefined,
    covered: new Set<string>(b.thematique ? expandThematique(b.thematique) : []),
    // A besoin (not a category) has siblings: the other besoins of its category.
    siblingPrefix: b.thematique && !isCategory(b.thematique) ? `${categoryOf(b.thematique)}--` : undefined,
  }));
  const anyDispositif = asked.some((a) => a.dispositif);
  return (offer: Offer): { covers: Besoin[]; siblings: Besoin[] } => {
    const covers: Besoin[] = [];
    const siblings: Besoin[] = [];
    const kinds = anyDispositif ? dispositifsOf(offer) : [];
    for (const a of asked) {
      if (a.dispositif) {
        if (kinds.includes(a.dispositif)) covers.push(a.besoin);
        continue;
      }
      let covered = false;
      let sibling = false;
      for (const t of offer.thematiques) {
        if (a.covered.has(t)) covered = true;
        else if (a.siblingPrefix && t.startsWith(a.siblingPrefix)) sibling = true;
      }
      if (covered) covers.push(a.besoin);
      else if (sibling) siblings.push(a.besoin);
    }
    return { covers, siblings };
  };
}

function explainRelation(offer: Offer, covers: readonly Besoin[], siblings: readonly Besoin[]) {
  const raisons = covers.map((b) => {
    const head = `répond au besoin ${quoted(needLabel(b))} (priorité ${b.priorite})`;
    if (!b.thematique || !isCategory(b.thematique)) return head;
    const asked = b.thematique;
    const inside = offer.thematiques.filter((t) => thematiqueMatches(t, asked)).map((t) => labelOf(t));
    return `${head} : ${inside.join(', ')}`;
  });
  const points =
    covers.length === 0
      ? siblings.map(
          (b) =>
            `ne répond pas exactement au besoin ${quoted(needLabel(b))} : offre de la même famille de besoins ${quoted(labelOf(categoryOf(b.thematique ?? '') ?? ''))}`,
        )
      : [];
  return { raisons, points };
}

/**
 * Weighted greedy set cover: repeatedly take the offer that covers the most still-uncovered priority
 * weight, at most N offers of one structure. Among offers of equal gain: the lower tier (in person,
 * local), then the nearer one when its score is within `parcoursNearerTolerance` of the best (an
 * equivalent), then the ranking. Far (beyond half the budget) or remote picks get a note saying why.
 */
function chooseParcours(
  covering: readonly Ranked[],
  besoins: readonly Besoin[],
  weightOf: ReadonlyMap<NeedKey, number>,
  ctx: PersonContext,
  config: MatchingConfig,
): { chosen: string[]; notes: ParcoursNote[] } {
  const uncovered = new Set(covering.flatMap((r) => [...r.covers]));
  const perStructure = new Map<string, number>();
  const chosen: string[] = [];
  const notes: ParcoursNote[] = [];
  const byKey = new Map(besoins.map((b) => [needKey(b), b]));
  const gainOf = (r: Ranked) => {
    let gain = 0;
    for (const b of r.covers) if (uncovered.has(b)) gain += weightOf.get(b) ?? 0;
    return gain;
  };
  while (uncovered.size > 0) {
    let bestGain = 0;
    let pool: Ranked[] = [];
    for (const r of covering) {
      if ((perStructure.get(r.structureId) ?? 0) >= config.maxPerStructureInParcours) continue;
      const gain = gainOf(r);
      if (gain > bestGain + 1e-9) {
        bestGain = gain;
        pool = [r];
      } else if (gain > 0 && Math.abs(gain - bestGain) <= 1e-9) pool.push(r);
    }
    if (pool.length === 0) break; // what is left is only offered by structures already at their limit
    const minTier = Math.min(...pool.map((r) => r.tier));
    const tierPool = pool.filter((r) => r.tier === minTier);
    const topScore = Math.max(...tierPool.map((r) => r.score));
    const equivalents = tierPool.filter((r) => r.score >= topScore - config.parcoursNearerTolerance);
    const best = equivalents.reduce((a, b) => {
      const da = a.distanceKm ?? Number.POSITIVE_INFINITY;
      const db = b.distanceKm ?? Number.POSITIVE_INFINITY;
      if (Math.round(da) !== Math.round(db)) return Math.round(db) < Math.round(da) ? b : a;
      return b.score > a.score || (b.score === a.score && b.id < a.id) ? b : a;
    });
    const newlyCovered = [...best.covers].filter((b) => uncovered.has(b));
    const note = parcoursNote(best, newlyCovered, pool, byKey, ctx);
    if (note) notes.push({ id: best.id, note });
    chosen.push(best.id);
    perStructure.set(best.structureId, (perStructure.get(best.structureId) ?? 0) + 1);
    for (const b of best.covers) uncovered.delete(b);
  }
  return { chosen, notes };
}

function parcoursNote(
  best: Ranked,
  newlyCovered: readonly NeedKey[],
  pool: readonly Ranked[],
  byKey: ReadonlyMap<NeedKey, Besoin>,
  ctx: PersonContext,
): string | undefined {
  const needs = newlyCovered
    .map((k) => byKey.get(k))
    .filter((b) => b !== undefined)
    .map((b) => quoted(needLabel(b)))
    .join(', ');
  if (best.distanceKm === null) {
    if (ctx.preferRemote) return `à distance, comme demandé : ${needs}`;
    return `à distance : aucune offre en présentiel de ${needs} n’est possible dans votre budget de trajet`;
  }
  if (best.distanceKm <= ctx.budgetKm / 2) return undefined;
  const nearer = pool
    .filter((r) => r.distanceKm !== null && r.distanceKm < best.distanceKm! - 1)
    .sort((a, b) => a.distanceKm! - b.distanceKm!)[0];
  const head = `à ${formatKm(best.distanceKm)} (budget ${modePhrase(ctx.mode)} : ${formatKm(ctx.budgetKm)})`;
  if (!nearer) return `${head} : aucune offre plus proche ne répond à ${needs}`;
  const why =
    nearer.tier > best.tier
      ? 'sa zone d’accueil n’est pas précisée'
      : 'elle est nettement moins bien classée (démarrage, places, informations)';
  return `${head} : préférée à ${quoted(nearer.offer.nom)} à ${formatKm(nearer.distanceKm!)}, car ${why}`;
}

type Obstacle = 'trop-loin' | 'numerique' | 'sans-lieu' | 'eligibilite' | 'active' | 'zone';
const OBSTACLE_ORDER: readonly Obstacle[] = [
  'trop-loin',
  'numerique',
  'sans-lieu',
  'eligibilite',
  'active',
  'zone',
];

function obstacleOf(r: Evaluation['rejections'][number]): Obstacle {
  switch (r.rule) {
    case 'reachability':
      return r.kind;
    case 'publics':
    case 'age':
    case 'enfants':
    case 'iae':
      return 'eligibilite';
    default:
      return r.rule;
  }
}

/**
 * Why no offer covers a besoin, from the hard-rule rejections of the offers that would have: the
 * offers closest to passing (fewest rules broken) say what stands in the way, with the figure.
 */
export function whyUncovered(
  besoin: Besoin,
  evaluations: readonly Evaluation[],
  ctx: PersonContext,
  communeNom: string | undefined,
): string {
  const label = quoted(needLabel(besoin));
  const where = communeNom ? `pour une personne habitant ${communeNom}` : 'pour le lieu de la personne';
  if (evaluations.length === 0) return `aucune offre de ${label} n’est proposée ${where}`;
  const fewest = Math.min(...evaluations.map((e) => e.rejections.length));
  const closest = evaluations.filter((e) => e.rejections.length === fewest);
  const present = new Set(closest.flatMap((e) => e.rejections.map(obstacleOf)));
  const obstacles = OBSTACLE_ORDER.filter((o) => present.has(o));
  const rejections = closest.flatMap((e) => e.rejections);
  const brokenRules = new Set(rejections.map((r) => r.rule));
  // The least demanding IAE threshold among them (independent of the order of the candidates).
  const iae = rejections
    .flatMap((r) => (r.rule === 'iae' ? [r] : []))
    .sort((a, b) => a.level2Needed - b.level2Needed)[0];
  const eligibility = (
    [
      ['publics', 'publics visés'],
      ['age', 'âge'],
      ['enfants', 'âge des enfants'],
      [
        'iae',
        iae
          ? `critères IAE : aucun critère de niveau 1, ${iae.level2Met} critère${iae.level2Met > 1 ? 's' : ''} de niveau 2 sur ${iae.level2Needed} demandés`
          : 'critères IAE',
      ],
    ] as const
  )
    .filter(([rule]) => brokenRules.has(rule))
    .map(([, text]) => text);
  // The nearest offer that only distance keeps out, else the nearest too-far one at all.
  const farAway = (list: readonly Evaluation[]) =>
    Math.min(
      ...list.flatMap((e) =>
        e.rejections.flatMap((r) =>
          r.rule === 'reachability' && r.kind === 'trop-loin' ? [r.distanceKm] : [],
        ),
      ),
    );
  const nearest = Number.isFinite(farAway(closest)) ? farAway(closest) : farAway(evaluations);
  const budget = `budget ${modePhrase(ctx.mode)} : ${formatKm(ctx.budgetKm)}`;
  const phrases: Record<Obstacle, string> = {
    'trop-loin': Number.isFinite(nearest)
      ? `à portée de trajet : la plus proche est à ${formatKm(nearest)} ; ${budget}`
      : `accessible à moins de ${formatKm(ctx.budgetKm)} ${modePhrase(ctx.mode)}`,
    numerique: 'accessible : elles sont uniquement à distance et la personne n’a pas d’accès au numérique',
    'sans-lieu': 'accessible : elles n’indiquent pas de lieu d’accueil',
    eligibilite: `à laquelle la personne est éligible (${eligibility.join(', ')})`,
    active: 'disponible : elles sont complètes, suspendues ou terminées',
    zone: `ouverte ${where}`,
  };
  if (obstacles.length === 1) return `aucune offre de ${label} ${phrases[obstacles[0] as Obstacle]}`;
  const short: Record<Obstacle, string> = {
    'trop-loin': Number.isFinite(nearest)
      ? `trop loin (la plus proche est à ${formatKm(nearest)} ; ${budget})`
      : `au-delà de ${formatKm(ctx.budgetKm)} ${modePhrase(ctx.mode)}`,
    numerique: 'uniquement à distance sans accès au numérique',
    'sans-lieu': 'sans lieu d’accueil indiqué',
    eligibilite: `conditions non remplies (${eligibility.join(', ')})`,
    active: 'complète, suspendue ou terminée',
    zone: 'hors de la zone d’éligibilité',
  };
  return `aucune offre de ${label} ne remplit toutes les conditions : ${obstacles.map((o) => short[o]).join(', ')}`;
}

const unique = (xs: readonly string[]) => [...new Set(xs)];
const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
