// The matching engine: hard rules, soft ranking, explanations, grouping by need, parcours. Pure: the
// same input always gives the same output (today is injected, ties are broken by id).
import type { Besoin } from '../diagnostic.ts';
import type { Offer } from '../offer.ts';
import {
  categoryOf,
  expandThematique,
  isCategory,
  labelOf,
  type ThematiqueOuCategorie,
  thematiqueMatches,
} from '../vocabularies/index.ts';
import { DEFAULT_MATCHING_CONFIG, type MatchingConfig } from './config.ts';
import { formatKm, modePhrase, quoted } from './format.ts';
import { type Evaluation, evaluate, type PersonContext, personContext } from './rules.ts';
import { explainScore, type Relevance, score } from './score.ts';
import type { ScoreDetail, SuggestInput, Suggestion, SuggestionsResult, UncoveredNeed } from './types.ts';

interface Ranked {
  offer: Offer;
  id: string;
  structureId: string;
  score: number;
  covers: ReadonlySet<ThematiqueOuCategorie>;
  coverList: Besoin[];
  siblings: Besoin[];
  detail: ScoreDetail;
}

export function suggest(input: SuggestInput): SuggestionsResult {
  const config = input.config ?? DEFAULT_MATCHING_CONFIG;
  const { diagnostic } = input;
  const ctx = personContext(diagnostic, input.person, input.today, config);
  const besoins = [...diagnostic.besoins].sort(
    (a, b) => a.priorite - b.priorite || compareIds(a.thematique, b.thematique),
  );
  const weightOf = new Map(besoins.map((b) => [b.thematique, config.priorityWeight[b.priorite]]));
  // Evaluations of the offers covering each besoin, eligible or not: the raw material of "why uncovered".
  const tried = new Map<ThematiqueOuCategorie, Evaluation[]>(besoins.map((b) => [b.thematique, []]));

  // Pass 1, every candidate: hard rules and score, no text.
  const ranked: Ranked[] = [];
  const seen = new Set<string>();
  const relationOf = relationTo(besoins);
  for (const offer of input.candidates) {
    if (seen.has(offer.id)) continue;
    seen.add(offer.id);
    const { covers, siblings } = relationOf(offer);
    if (covers.length === 0 && siblings.length === 0) continue;
    const ev = evaluate(offer, ctx, config, input.communeCentre, false);
    for (const b of covers) tried.get(b.thematique)?.push(ev);
    if (ev.rejections.length > 0) continue;
    const rel: Relevance = { covered: 0, sibling: 0 };
    for (const b of covers) rel.covered += config.priorityWeight[b.priorite];
    for (const b of siblings) rel.sibling = Math.max(rel.sibling, config.priorityWeight[b.priorite]);
    const detail = score(offer, ev, rel, ctx, config);
    ranked.push({
      offer,
      id: offer.id,
      structureId: offer.structure_id,
      score: detail.total,
      covers: new Set(covers.map((b) => b.thematique)),
      coverList: covers,
      siblings,
      detail,
    });
  }
  ranked.sort((a, b) => b.score - a.score || compareIds(a.id, b.id));

  const par_besoin: SuggestionsResult['par_besoin'] = {};
  for (const b of besoins)
    par_besoin[b.thematique] = ranked
      .filter((r) => r.covers.has(b.thematique))
      .slice(0, config.maxPerBesoin)
      .map((r) => r.id);

  const parcours = chooseParcours(ranked, weightOf, config);

  const besoins_non_couverts: UncoveredNeed[] = besoins
    .filter((b) => !ranked.some((r) => r.covers.has(b.thematique)))
    .map((b) => ({
      thematique: b.thematique,
      raison: whyUncovered(b, tried.get(b.thematique) ?? [], ctx, input.person.communeNom),
    }));

  // Pass 2, only the offers shown: the top of the ranking plus every offer named by par_besoin and
  // the parcours, with their explanations.
  const keep = new Set([...parcours, ...Object.values(par_besoin).flat()]);
  const suggestions = ranked
    .filter((r, i) => i < config.maxSuggestions || keep.has(r.id))
    .map((r) => toSuggestion(r, ctx, config, input.communeCentre));

  return { suggestions, par_besoin, parcours, besoins_non_couverts };
}

function toSuggestion(
  r: Ranked,
  ctx: PersonContext,
  config: MatchingConfig,
  communeCentre: SuggestInput['communeCentre'],
): Suggestion {
  const { offer } = r;
  const ev = evaluate(offer, ctx, config, communeCentre, true);
  const soft = explainScore(offer, ctx, config);
  const relationText = explainRelation(offer, r.coverList, r.siblings);
  return {
    id: offer.id,
    nom: offer.nom,
    score: r.score,
    distance_km: ev.distanceKm === null ? null : Math.round(ev.distanceKm * 10) / 10,
    besoins: r.coverList.map((b) => b.thematique),
    besoins_proches: r.siblings.map((b) => b.thematique),
    raisons: unique([...relationText.raisons, ...ev.raisons, ...soft.raisons]),
    points_attention: unique([...relationText.points, ...ev.points, ...soft.points]),
    detail_score: r.detail,
    structure_nom: offer.structure_nom,
    structure_id: offer.structure_id,
    commune: offer.commune,
    modes_accueil: [...(offer.modes_accueil ?? [])],
    a_distance: ev.reachedBy === 'distance',
  };
}

/** Besoins the offer covers (same besoin, or inside the asked category) and sibling besoins. */
export function relation(offer: Offer, besoins: readonly Besoin[]): { covers: Besoin[]; siblings: Besoin[] } {
  return relationTo(besoins)(offer);
}

/** `relation` with the asked besoins expanded once (thématique sets), for many offers. */
function relationTo(besoins: readonly Besoin[]) {
  const asked = besoins.map((b) => ({
    besoin: b,
    covered: new Set<string>(expandThematique(b.thematique)),
    // A besoin (not a category) has siblings: the other besoins of its category.
    siblingPrefix: isCategory(b.thematique) ? undefined : `${categoryOf(b.thematique)}--`,
  }));
  return (offer: Offer): { covers: Besoin[]; siblings: Besoin[] } => {
    const covers: Besoin[] = [];
    const siblings: Besoin[] = [];
    for (const a of asked) {
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
    const head = `répond au besoin ${quoted(labelOf(b.thematique))} (priorité ${b.priorite})`;
    if (!isCategory(b.thematique)) return head;
    const inside = offer.thematiques.filter((t) => thematiqueMatches(t, b.thematique)).map((t) => labelOf(t));
    return `${head} : ${inside.join(', ')}`;
  });
  const points =
    covers.length === 0
      ? siblings.map(
          (b) =>
            `ne répond pas exactement au besoin ${quoted(labelOf(b.thematique))} : offre de la même catégorie ${quoted(labelOf(categoryOf(b.thematique) ?? ''))}`,
        )
      : [];
  return { raisons, points };
}

/**
 * Weighted greedy set cover: repeatedly take the offer that covers the most still-uncovered priority
 * weight (ties: higher score, then id — the ranking order), at most N offers of one structure.
 */
function chooseParcours(
  ranked: readonly Ranked[],
  weightOf: ReadonlyMap<ThematiqueOuCategorie, number>,
  config: MatchingConfig,
): string[] {
  const uncovered = new Set(ranked.flatMap((r) => [...r.covers]));
  const perStructure = new Map<string, number>();
  const chosen: string[] = [];
  while (uncovered.size > 0) {
    let best: Ranked | undefined;
    let bestGain = 0;
    for (const r of ranked) {
      if ((perStructure.get(r.structureId) ?? 0) >= config.maxPerStructureInParcours) continue;
      let gain = 0;
      for (const b of r.covers) if (uncovered.has(b)) gain += weightOf.get(b) ?? 0;
      if (gain > bestGain + 1e-9) {
        best = r;
        bestGain = gain;
      }
    }
    if (!best) break; // what is left is only offered by structures already at their limit
    chosen.push(best.id);
    perStructure.set(best.structureId, (perStructure.get(best.structureId) ?? 0) + 1);
    for (const b of best.covers) uncovered.delete(b);
  }
  return chosen;
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
    case 'iae':
      return 'eligibilite';
    default:
      return r.rule;
  }
}

/**
 * Why no offer covers a besoin, from the hard-rule rejections of the offers that would have: the
 * offers closest to passing (fewest rules broken) say what stands in the way.
 */
export function whyUncovered(
  besoin: Besoin,
  evaluations: readonly Evaluation[],
  ctx: PersonContext,
  communeNom: string | undefined,
): string {
  const label = quoted(labelOf(besoin.thematique));
  const where = communeNom ? `pour une personne habitant ${communeNom}` : 'pour le lieu de la personne';
  if (evaluations.length === 0) return `aucune offre de ${label} n’est proposée ${where}`;
  const fewest = Math.min(...evaluations.map((e) => e.rejections.length));
  const closest = evaluations.filter((e) => e.rejections.length === fewest);
  const present = new Set(closest.flatMap((e) => e.rejections.map(obstacleOf)));
  const obstacles = OBSTACLE_ORDER.filter((o) => present.has(o));
  const brokenRules = new Set(closest.flatMap((e) => e.rejections.map((r) => r.rule)));
  const eligibility = (
    [
      ['publics', 'publics visés'],
      ['age', 'âge'],
      ['iae', 'critères IAE'],
    ] as const
  )
    .filter(([rule]) => brokenRules.has(rule))
    .map(([, text]) => text);
  const nearest = Math.min(
    ...evaluations.flatMap((e) =>
      e.rejections.flatMap((r) =>
        r.rule === 'reachability' && r.kind === 'trop-loin' ? [r.distanceKm] : [],
      ),
    ),
  );
  const phrases: Record<Obstacle, string> = {
    'trop-loin': `accessible à moins de ${formatKm(ctx.budgetKm)} ${modePhrase(ctx.mode)}${Number.isFinite(nearest) ? ` (la plus proche est à ${formatKm(nearest)})` : ''}`,
    numerique: 'accessible : elles sont uniquement à distance et la personne n’a pas d’accès au numérique',
    'sans-lieu': 'accessible : elles n’indiquent pas de lieu d’accueil',
    eligibilite: `à laquelle la personne est éligible (${eligibility.join(', ')})`,
    active: 'disponible : elles sont complètes, suspendues ou terminées',
    zone: `ouverte ${where}`,
  };
  if (obstacles.length === 1) return `aucune offre de ${label} ${phrases[obstacles[0] as Obstacle]}`;
  const short: Record<Obstacle, string> = {
    'trop-loin': `au-delà de ${formatKm(ctx.budgetKm)} ${modePhrase(ctx.mode)}`,
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
