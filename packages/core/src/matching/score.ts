// Soft ranking: every component in [0, 1] (coverage in priority points), weighted by the config.
import type { Offer } from '../offer.ts';
import type { MatchingConfig } from './config.ts';
import { daysBetween, formatDate } from './format.ts';
import type { Evaluation, PersonContext } from './rules.ts';
import type { ScoreDetail } from './types.ts';

export interface Relevance {
  /** Σ priority weight of the asked besoins the offer covers. */
  covered: number;
  /** Max priority weight among sibling besoins (only counted when nothing is covered). */
  sibling: number;
}

/** Proximity relative to the travel budget: 1 at the door, 0 at the edge; remote = a fixed value. */
export function proximity(ev: Evaluation, ctx: PersonContext, config: MatchingConfig): number {
  const remote = ev.remoteReachable ? config.remoteProximity : 0;
  const inPerson =
    ev.reachedBy === 'presentiel' && ev.distanceKm !== null
      ? Math.max(0, 1 - ev.distanceKm / ctx.budgetKm)
      : 0;
  return Math.max(remote, inPerson);
}

/** data·inclusion quality criteria: a référent can act on the offer without calling around. */
export function completeness(offer: Offer, config: MatchingConfig): number {
  const remoteOnly =
    !!offer.modes_accueil?.includes('a-distance') && !offer.modes_accueil.includes('en-presentiel');
  const met =
    Number(offer.description.length >= config.minDescriptionLength) +
    Number(!!(offer.telephone || offer.courriel)) +
    Number(!!offer.horaires_accueil) +
    Number(!!offer.modes_mobilisation?.length) +
    Number(!!(offer.lien_mobilisation || offer.mobilisation_precisions)) +
    Number(!!offer.publics?.length) +
    Number(!!offer.frais) +
    Number(!!offer.modes_accueil?.length) +
    Number(remoteOnly || !!offer.adresse);
  return met / COMPLETENESS_CRITERIA;
}
const COMPLETENESS_CRITERIA = 9;

export function freshness(offer: Offer, ctx: PersonContext, config: MatchingConfig): number {
  const age = Math.max(0, daysBetween(offer.date_maj, ctx.today));
  return 0.5 ** (age / config.freshnessHalfLifeDays);
}

/** Places known to be available. */
export function availability(offer: Offer): number {
  return offer.places_disponibles !== undefined && offer.places_disponibles > 0 ? 1 : 0;
}

/** Days until the person can start: 0 when running now (or no start date), else until `date_debut`. */
export const daysToStart = (offer: Offer, today: string) =>
  offer.date_debut && offer.date_debut > today ? daysBetween(today, offer.date_debut) : 0;

/** 1 when the person can start now, halving every `startHalfLifeDays` of wait: months away barely counts. */
export function start(offer: Offer, ctx: PersonContext, config: MatchingConfig): number {
  return 0.5 ** (daysToStart(offer, ctx.today) / config.startHalfLifeDays);
}

/** The offer is built for a public the person certainly belongs to (a CEJ for a NEET), not for all. */
export function targeting(offer: Offer, ctx: PersonContext): number {
  const publics = offer.publics ?? [];
  if (publics.includes('tous-publics')) return 0;
  for (const p of publics) if (ctx.publics.has(p)) return 1;
  return 0;
}

/** A tariff by the family's means (barème CAF, quotient familial) is neither free nor paid. */
const MEANS_TESTED = /bar[èe]me|quotient|selon (?:les |ses )?(?:ressources|revenus)/i;
export function freeness(offer: Offer): number {
  if (offer.frais === 'gratuit') return 1;
  if (offer.frais === 'payant') return MEANS_TESTED.test(offer.frais_precisions ?? '') ? 0.5 : 0;
  return 0.5;
}

type Component = Exclude<keyof ScoreDetail, 'total'>;
/**
 * Every soft signal: its name in `detail_score`, its weight in the config, its value in [0, 1]
 * (coverage: priority points). Adding a signal is adding one line here and one weight.
 */
const SCORE_COMPONENTS: readonly {
  name: Component;
  weight: keyof MatchingConfig['weights'];
  value: (offer: Offer, ev: Evaluation, rel: Relevance, ctx: PersonContext, config: MatchingConfig) => number;
}[] = [
  {
    name: 'couverture',
    weight: 'coverage',
    value: (_o, _e, rel, _c, config) => (rel.covered > 0 ? rel.covered : rel.sibling * config.siblingFactor),
  },
  { name: 'proximite', weight: 'proximity', value: (_o, ev, _r, ctx, config) => proximity(ev, ctx, config) },
  { name: 'gratuite', weight: 'free', value: (o) => freeness(o) },
  { name: 'fraicheur', weight: 'freshness', value: (o, _e, _r, ctx, config) => freshness(o, ctx, config) },
  { name: 'completude', weight: 'completeness', value: (o, _e, _r, _c, config) => completeness(o, config) },
  { name: 'disponibilite', weight: 'availability', value: (o) => availability(o) },
  { name: 'ciblage', weight: 'targeting', value: (o, _e, _r, ctx) => targeting(o, ctx) },
  { name: 'demarrage', weight: 'start', value: (o, _e, _r, ctx, config) => start(o, ctx, config) },
];

/** The score breakdown (weights applied); `total` is what the ranking sorts on, after coverage. */
export function score(
  offer: Offer,
  ev: Evaluation,
  rel: Relevance,
  ctx: PersonContext,
  config: MatchingConfig,
): ScoreDetail {
  const detail = { total: 0 } as ScoreDetail;
  let total = 0;
  for (const c of SCORE_COMPONENTS) {
    const v = round(config.weights[c.weight] * c.value(offer, ev, rel, ctx, config));
    detail[c.name] = v;
    total += v;
  }
  detail.total = round(total);
  return detail;
}

/** French reasons and watch-outs of the soft criteria (built only for the offers shown). */
export function explainScore(
  offer: Offer,
  ctx: PersonContext,
  config: MatchingConfig,
): { raisons: string[]; points: string[] } {
  const raisons: string[] = [];
  const points: string[] = [];
  if (offer.frais === 'gratuit') raisons.push('gratuit');
  else if (offer.frais === 'payant') {
    if (freeness(offer) > 0) points.push(`tarif selon les ressources : ${offer.frais_precisions}`);
    else points.push(offer.frais_precisions ? `payant : ${offer.frais_precisions}` : 'payant');
  }
  if (daysBetween(offer.date_maj, ctx.today) > config.staleAfterDays)
    points.push(`informations anciennes (mises à jour le ${formatDate(offer.date_maj)})`);
  if (offer.places_disponibles !== undefined && offer.places_disponibles > 0) {
    if (offer.places_disponibles <= config.fewPlacesThreshold) points.push('places limitées');
    raisons.push(
      offer.places_disponibles === 1
        ? '1 place disponible'
        : `${offer.places_disponibles} places disponibles`,
    );
  }
  const wait = daysToStart(offer, ctx.today);
  if (offer.date_debut && wait === 0) raisons.push('en cours, entrée possible');
  else if (offer.date_debut && wait <= config.soonWindowDays)
    raisons.push(`démarre le ${formatDate(offer.date_debut)}`);
  else if (offer.date_debut) points.push(`démarre seulement le ${formatDate(offer.date_debut)}`);
  if (offer.date_fin && daysBetween(ctx.today, offer.date_fin) <= 14)
    points.push(`se termine le ${formatDate(offer.date_fin)}`);
  if (offer.date_suspension && daysBetween(ctx.today, offer.date_suspension) <= 30)
    points.push(`suspendue à partir du ${formatDate(offer.date_suspension)}`);
  if (!offer.telephone && !offer.courriel && !offer.lien_mobilisation) points.push('aucun contact indiqué');
  return { raisons, points };
}

export const round = (x: number) => Math.round(x * 1000) / 1000;
