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

/** Places available and a session starting soon. */
export function availability(offer: Offer, ctx: PersonContext, config: MatchingConfig): number {
  const places = offer.places_disponibles !== undefined && offer.places_disponibles > 0 ? 0.5 : 0;
  let session = 0;
  if (offer.date_debut && offer.date_debut >= ctx.today) {
    const inDays = daysBetween(ctx.today, offer.date_debut);
    session = 0.5 * Math.max(0, 1 - inDays / config.soonWindowDays);
  }
  return places + session;
}

/** The score breakdown (weights applied); `total` is what the ranking sorts on. */
export function score(
  offer: Offer,
  ev: Evaluation,
  rel: Relevance,
  ctx: PersonContext,
  config: MatchingConfig,
): ScoreDetail {
  const w = config.weights;
  const coverage = rel.covered > 0 ? rel.covered : rel.sibling * config.siblingFactor;
  const free = offer.frais === 'gratuit' ? 1 : offer.frais === 'payant' ? 0 : 0.5;
  const couverture = round(w.coverage * coverage);
  const proximite = round(w.proximity * proximity(ev, ctx, config));
  const gratuite = round(w.free * free);
  const fraicheur = round(w.freshness * freshness(offer, ctx, config));
  const completude = round(w.completeness * completeness(offer, config));
  const disponibilite = round(w.availability * availability(offer, ctx, config));
  const total = round(couverture + proximite + gratuite + fraicheur + completude + disponibilite);
  return { couverture, proximite, gratuite, fraicheur, completude, disponibilite, total };
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
  else if (offer.frais === 'payant')
    points.push(offer.frais_precisions ? `payant : ${offer.frais_precisions}` : 'payant');
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
  if (offer.date_debut && offer.date_debut >= ctx.today) {
    if (daysBetween(ctx.today, offer.date_debut) <= config.soonWindowDays)
      raisons.push(`prochaine session le ${formatDate(offer.date_debut)}`);
    else points.push(`prochaine session seulement le ${formatDate(offer.date_debut)}`);
  }
  if (offer.date_fin && daysBetween(ctx.today, offer.date_fin) <= 14)
    points.push(`se termine le ${formatDate(offer.date_fin)}`);
  if (offer.date_suspension && daysBetween(ctx.today, offer.date_suspension) <= 30)
    points.push(`suspendue à partir du ${formatDate(offer.date_suspension)}`);
  if (!offer.telephone && !offer.courriel && !offer.lien_mobilisation) points.push('aucun contact indiqué');
  return { raisons, points };
}

export const round = (x: number) => Math.round(x * 1000) / 1000;
