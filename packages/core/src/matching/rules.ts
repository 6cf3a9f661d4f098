// Hard rules: an offer breaking one is never suggested. Each rejection is kept (not just a boolean) so
// that an uncovered need can say why ("none within 15 km by public transport", "none the person is
// eligible for"…).
import type { Diagnostic, MobilityMode } from '../diagnostic.ts';
import type { Offer } from '../offer.ts';
import { isRemote } from '../offer.ts';
import { iaeCriteria, publicsOf, type Situation, situationLabel } from '../situations.ts';
import type { Public } from '../vocabularies/index.ts';
import { labelOf } from '../vocabularies/index.ts';
import type { MatchingConfig } from './config.ts';
import { formatKm, modePhrase } from './format.ts';
import { haversineKm } from './geo.ts';
import type { LatLon, MatchingPerson } from './types.ts';

export type Rejection =
  | { rule: 'active'; kind: 'terminee' | 'suspendue' | 'complete' }
  | { rule: 'zone' }
  | { rule: 'publics' }
  | { rule: 'age' }
  | { rule: 'iae'; level2Needed: number }
  | { rule: 'reachability'; kind: 'trop-loin'; distanceKm: number }
  | { rule: 'reachability'; kind: 'sans-lieu' | 'numerique' };
export type HardRule = Rejection['rule'];

/** Everything about the person the rules need, computed once per diagnostic. */
export interface PersonContext {
  age: number | undefined;
  situations: readonly Situation[];
  publics: ReadonlySet<Public>;
  iae: ReturnType<typeof iaeCriteria>;
  zoneCodes: ReadonlySet<string>;
  point: LatLon;
  mode: MobilityMode;
  budgetKm: number;
  /** True when the budget comes from the diagnostic rather than the per-mode default. */
  customBudget: boolean;
  digitalAccess: boolean;
  today: string;
}

export function personContext(
  diagnostic: Diagnostic,
  person: MatchingPerson,
  today: string,
  config: MatchingConfig,
): PersonContext {
  const custom = diagnostic.mobilite.distance_max_km;
  return {
    age: diagnostic.age,
    situations: diagnostic.situations,
    publics: publicsOf(diagnostic),
    iae: iaeCriteria(diagnostic),
    zoneCodes: new Set(person.zoneCodes),
    point: { latitude: person.latitude, longitude: person.longitude },
    mode: diagnostic.mobilite.mode,
    budgetKm: custom ?? config.budgetKmByMode[diagnostic.mobilite.mode],
    customBudget: custom !== undefined,
    digitalAccess: diagnostic.acces_numerique,
    today,
  };
}

export interface Evaluation {
  rejections: Rejection[];
  /** Distance to the offer's place (its point, else its commune centre), when known. */
  distanceKm: number | null;
  approximatePlace: boolean;
  /** How the person reaches the offer when reachable (in person wins when both hold). */
  reachedBy: 'presentiel' | 'distance' | null;
  /** The offer is remote and the person has digital access (true even when reached in person). */
  remoteReachable: boolean;
  raisons: string[];
  points: string[];
}

/** The SIAE kinds whose IAE threshold is 2 level-2 criteria; every other SIAE (or none known) needs 3. */
const LENIENT_SIAE = new Set(['ai', 'etti']);
const STRICT_SIAE = new Set(['aci', 'ei', 'eiti']);

export function iaeLevel2Needed(offer: Offer, config: MatchingConfig): number {
  const networks = offer.reseaux_porteurs ?? [];
  // Conservative when a structure declares both kinds: the stricter threshold applies.
  if (networks.some((r) => STRICT_SIAE.has(r))) return config.iaeLevel2Needed.aciEiEiti;
  if (networks.some((r) => LENIENT_SIAE.has(r))) return config.iaeLevel2Needed.aiEtti;
  return config.iaeLevel2Needed.unknown;
}

/** In person unless the offer says it is remote only; an offer with no mode is assumed to have a place. */
const isInPerson = (o: Offer) => !o.modes_accueil?.length || o.modes_accueil.includes('en-presentiel');

export function placeOf(
  offer: Offer,
  communeCentre: ((code: string) => LatLon | undefined) | undefined,
): { point: LatLon; approximate: boolean } | undefined {
  if (offer.latitude !== undefined && offer.longitude !== undefined)
    return { point: { latitude: offer.latitude, longitude: offer.longitude }, approximate: false };
  const centre = offer.code_insee ? communeCentre?.(offer.code_insee) : undefined;
  return centre ? { point: centre, approximate: true } : undefined;
}

export function evaluate(
  offer: Offer,
  ctx: PersonContext,
  config: MatchingConfig,
  communeCentre?: (code: string) => LatLon | undefined,
  /** false: decide only, skip the French texts (most candidates are never shown). */
  explain = true,
): Evaluation {
  // No closures here: this runs for every candidate (and tsx's keepNames makes named closures costly).
  const rejections: Rejection[] = [];
  const raisons: string[] = [];
  const points: string[] = [];

  // Active
  if (offer.date_fin && offer.date_fin < ctx.today) rejections.push({ rule: 'active', kind: 'terminee' });
  else if (offer.date_suspension && offer.date_suspension <= ctx.today)
    rejections.push({ rule: 'active', kind: 'suspendue' });
  else if (offer.places_disponibles === 0) rejections.push({ rule: 'active', kind: 'complete' });

  // Zone
  const zone = offer.zone_eligibilite;
  if (zone && zone.length > 0) {
    let inZone = false;
    for (const z of zone) if (ctx.zoneCodes.has(z)) inZone = true;
    if (!inZone) rejections.push({ rule: 'zone' });
  }

  // Publics
  const publics = offer.publics ?? [];
  if (publics.length === 0) {
    if (explain) points.push('publics non précisés');
  } else if (!publics.includes('tous-publics')) {
    let matched = 0;
    for (const p of publics)
      if (ctx.publics.has(p)) {
        matched++;
        if (explain) raisons.push(publicReason(p, ctx));
      }
    if (matched === 0) rejections.push({ rule: 'publics' });
  }

  // Age
  const { age_min: min, age_max: max } = offer;
  if (min !== undefined || max !== undefined) {
    if (ctx.age === undefined) {
      if (explain) points.push(`âge non renseigné : offre réservée ${ageBounds(min, max)}`);
    } else if ((min !== undefined && ctx.age < min) || (max !== undefined && ctx.age > max))
      rejections.push({ rule: 'age' });
    else if (explain) raisons.push(`réservé ${ageBounds(min, max)} : la personne a ${ctx.age} ans`);
  }

  // IAE
  if (offer.eligibilite_iae_requise) {
    const needed = iaeLevel2Needed(offer, config);
    const { passIae, level1, level2 } = ctx.iae;
    if (passIae) {
      if (explain) raisons.push('éligibilité IAE requise : la personne a un PASS IAE en cours');
    } else if (level1.length > 0) {
      if (explain)
        raisons.push(
          `éligibilité IAE requise : critère de niveau 1 rempli (${level1.map((s) => situationLabel(s)).join(', ')})`,
        );
    } else if (level2.length >= needed) {
      if (explain)
        raisons.push(
          `éligibilité IAE requise : ${level2.length} critères de niveau 2 remplis (${needed} demandés)`,
        );
    } else rejections.push({ rule: 'iae', level2Needed: needed });
  }

  // Reachability
  const inPerson = isInPerson(offer);
  const remote = isRemote(offer);
  const place = placeOf(offer, communeCentre);
  const distanceKm = place ? haversineKm(ctx.point, place.point) : null;
  const reachableInPerson = inPerson && distanceKm !== null && distanceKm <= ctx.budgetKm;
  const reachableRemotely = remote && ctx.digitalAccess;
  let reachedBy: Evaluation['reachedBy'] = null;
  if (reachableInPerson) {
    reachedBy = 'presentiel';
    if (explain) {
      raisons.push(`à ${formatKm(distanceKm)}, dans votre budget de trajet ${budgetPhrase(ctx)}`);
      if (place?.approximate) points.push('lieu approximatif : centre de la commune');
      if (remote && ctx.digitalAccess) raisons.push('également accessible à distance');
    }
  } else if (reachableRemotely) {
    reachedBy = 'distance';
    if (explain) raisons.push('à distance : accessible avec l’accès au numérique de la personne');
  } else if (inPerson && distanceKm !== null) {
    rejections.push({ rule: 'reachability', kind: 'trop-loin', distanceKm });
  } else if (inPerson) {
    rejections.push({ rule: 'reachability', kind: 'sans-lieu' });
  } else {
    rejections.push({ rule: 'reachability', kind: 'numerique' });
  }

  return {
    rejections,
    distanceKm,
    approximatePlace: !!place?.approximate,
    reachedBy,
    remoteReachable: reachableRemotely,
    raisons,
    points,
  };
}

export function budgetPhrase(ctx: Pick<PersonContext, 'mode' | 'budgetKm' | 'customBudget'>): string {
  return ctx.customBudget ? `(${formatKm(ctx.budgetKm)} ${modePhrase(ctx.mode)})` : modePhrase(ctx.mode);
}

function ageBounds(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `aux ${min}–${max} ans`;
  if (min !== undefined) return `aux ${min} ans et plus`;
  return `aux ${max} ans et moins`;
}

const MINIMA: Partial<Record<Situation, string>> = { rsa: 'du RSA', ass: 'de l’ASS', aah: 'de l’AAH' };

/** "réservé aux bénéficiaires du RSA : la personne est éligible". */
function publicReason(p: Public, ctx: PersonContext): string {
  let who: string;
  if (p === 'beneficiaires-des-minimas-sociaux') {
    const minima = ctx.situations.map((s) => MINIMA[s]).filter((m) => m !== undefined);
    who = minima.length ? `aux bénéficiaires ${minima.join(' ou ')}` : 'aux bénéficiaires des minima sociaux';
  } else who = `au public ${quotedLabel(p)}`;
  return `réservé ${who} : la personne est éligible`;
}
const quotedLabel = (p: Public) => `« ${labelOf(p).toLowerCase()} »`;
