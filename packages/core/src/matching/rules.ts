// Hard rules: an offer breaking one is never suggested. Each rejection is kept (not just a boolean) so
// that an uncovered need can say why ("none within 15 km by public transport", "none the person is
// eligible for"…).
import type { Diagnostic, Dispositif, MobilityMode } from '../diagnostic.ts';
import type { Offer } from '../offer.ts';
import { isRemote } from '../offer.ts';
import { iaeCriteria, publicsOf, publicsToCheckOf, type Situation, situationLabel } from '../situations.ts';
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
  | { rule: 'enfants'; ages: ChildAges }
  | { rule: 'iae'; level2Needed: number; level2Met: number }
  | { rule: 'reachability'; kind: 'trop-loin'; distanceKm: number }
  | { rule: 'reachability'; kind: 'sans-lieu' | 'numerique' };
export type HardRule = Rejection['rule'];

/** Everything about the person the rules need, computed once per diagnostic. */
export interface PersonContext {
  age: number | undefined;
  situations: readonly Situation[];
  publics: ReadonlySet<Public>;
  /** Publics the person may belong to: their offers pass with a watch-out (never « éligible »). */
  publicsToCheck: ReadonlySet<Public>;
  /** Ages of the children, when given. */
  childAges: readonly number[] | undefined;
  iae: ReturnType<typeof iaeCriteria>;
  /** The référent validates IAE eligibility on their own diagnostic: the grid is a watch-out. */
  prescripteurHabilite: boolean;
  /** The référent asks for remote offers. */
  preferRemote: boolean;
  /** The person's département code, from the zone codes. */
  departement: string | undefined;
  departementNom: ((code: string) => string | undefined) | undefined;
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
  departementNom?: (code: string) => string | undefined,
): PersonContext {
  const custom = diagnostic.mobilite.distance_max_km;
  return {
    age: diagnostic.age,
    situations: diagnostic.situations,
    publics: publicsOf(diagnostic),
    publicsToCheck: publicsToCheckOf(diagnostic),
    childAges: diagnostic.enfants?.map((e) => e.age),
    iae: iaeCriteria(diagnostic),
    prescripteurHabilite: diagnostic.prescripteur_habilite !== false,
    preferRemote: diagnostic.prefere_a_distance === true,
    departement: person.zoneCodes.find((c) => DEPARTEMENT_CODE.test(c)),
    departementNom,
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
  /**
   * The offer has no eligibility zone, but its place is in another département than the person's: the
   * zone is read as « not specified », not as « France » (watch-out, ranked after local equivalents).
   */
  zoneUnspecified: boolean;
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

export const SIAE_NETWORKS = ['aci', 'ei', 'ai', 'etti', 'eiti'] as const satisfies readonly Dispositif[];

/** An employment offer (a job, a contract), as opposed to a side service of the same structure. */
const isEmploymentOffer = (o: Offer) =>
  o.eligibilite_iae_requise === true || o.thematiques.some((t) => t.startsWith('trouver-un-emploi--'));

/**
 * The IAE dispositifs an offer is: an SIAE network (`reseaux_porteurs`) on an employment offer, or an
 * offer requiring IAE eligibility (data·inclusion's own marker of SIAE work); every one is `iae`.
 */
export function dispositifsOf(offer: Offer): Dispositif[] {
  if (!isEmploymentOffer(offer)) return [];
  const kinds = SIAE_NETWORKS.filter((k) => offer.reseaux_porteurs?.includes(k));
  return kinds.length > 0 || offer.eligibilite_iae_requise === true ? ['iae', ...kinds] : [];
}

/** IAE eligibility applies when the offer says so, or, when it says nothing, to SIAE employment. */
export const requiresIae = (offer: Offer) => offer.eligibilite_iae_requise ?? dispositifsOf(offer).length > 0;

/** Département code of an INSEE or postal code (Corsica and overseas included). */
export function departementOf(offer: Pick<Offer, 'code_insee' | 'code_postal'>): string | undefined {
  const insee = offer.code_insee;
  if (insee) return insee.startsWith('97') ? insee.slice(0, 3) : insee.slice(0, 2);
  const cp = offer.code_postal;
  if (!cp) return undefined;
  if (cp.startsWith('97')) return cp.slice(0, 3);
  if (cp.startsWith('20')) return cp < '20200' ? '2A' : '2B';
  return cp.slice(0, 2);
}
const DEPARTEMENT_CODE = /^(\d{2}|2A|2B|97\d)$/;

/** Needs that cannot be met remotely: an offer of these only is never « reached remotely ». */
export const PHYSICAL_THEMATIQUES: ReadonlySet<string> = new Set([
  'famille--garde-denfants',
  'logement-hebergement--rechercher-une-solution-dhebergement-temporaire',
  'equipement-et-alimentation--alimentation',
  'equipement-et-alimentation--habillement',
  'equipement-et-alimentation--electromenager',
  'numerique--acquerir-un-equipement',
]);

export interface ChildAges {
  min: number;
  max: number;
  /** As the offer says it: « de 0 à 3 ans », « de moins de 6 ans ». */
  text: string;
}
const CHILDCARE = 'famille--garde-denfants';
const AGES_RANGE = /enfants?\s+(?:âgés?\s+)?de\s+(\d{1,2})\s*(?:à|-)\s*(\d{1,2})\s*ans/i;
const AGES_UNDER = /enfants?\s+(?:âgés?\s+)?de\s+moins\s+de\s+(\d{1,2})\s*ans/i;
const childAgesMemo = new WeakMap<Offer, ChildAges | null>();

/** The children's ages a childcare offer says it takes (« enfants de 0 à 3 ans », « de moins de 6 ans »). */
export function childAgesOf(offer: Offer): ChildAges | undefined {
  if (!offer.thematiques.includes(CHILDCARE)) return undefined;
  const memo = childAgesMemo.get(offer);
  if (memo !== undefined) return memo ?? undefined;
  const text = `${offer.description} ${offer.publics_precisions ?? ''} ${offer.conditions_acces ?? ''}`;
  const range = AGES_RANGE.exec(text);
  const under = AGES_UNDER.exec(text);
  const ages = range
    ? { min: Number(range[1]), max: Number(range[2]), text: `de ${range[1]} à ${range[2]} ans` }
    : under
      ? { min: 0, max: Number(under[1]) - 1, text: `de moins de ${under[1]} ans` }
      : undefined;
  childAgesMemo.set(offer, ages ?? null);
  return ages;
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
  let zoneUnspecified = false;
  if (zone && zone.length > 0) {
    let inZone = false;
    for (const z of zone) if (ctx.zoneCodes.has(z)) inZone = true;
    if (!inZone) rejections.push({ rule: 'zone' });
  } else {
    const dep = departementOf(offer);
    if (dep !== undefined && ctx.departement !== undefined && dep !== ctx.departement) {
      zoneUnspecified = true;
      if (explain) {
        const nom = ctx.departementNom?.(dep);
        points.push(
          `zone non précisée : la structure (${nom ? `${nom}, ` : 'département '}${dep}) accueille-t-elle des personnes d’autres départements ?`,
        );
      }
    }
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
    if (matched === 0) {
      // Never « éligible » on a guess: a public the person may belong to passes with a watch-out.
      let toCheck = 0;
      for (const p of publics)
        if (ctx.publicsToCheck.has(p)) {
          toCheck++;
          if (explain) points.push(`réservé ${publicWho(p)} : à vérifier`);
        }
      if (toCheck === 0) rejections.push({ rule: 'publics' });
    }
  }

  // Children's ages (childcare)
  const childAges = childAgesOf(offer);
  if (childAges) {
    if (ctx.childAges === undefined) {
      if (explain) points.push(`accueille les enfants ${childAges.text} : âge des enfants non renseigné`);
    } else {
      const fit = ctx.childAges.filter((a) => a >= childAges.min && a <= childAges.max);
      if (fit.length === 0) rejections.push({ rule: 'enfants', ages: childAges });
      else if (explain)
        raisons.push(
          `accueille les enfants ${childAges.text} : ${fit.length === 1 ? `enfant de ${fit[0]} ans` : `enfants de ${fit.join(', ')} ans`}`,
        );
    }
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
  if (requiresIae(offer)) {
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
    } else if (ctx.prescripteurHabilite) {
      if (explain) points.push('éligibilité IAE à valider par votre diagnostic (prescripteur habilité)');
    } else rejections.push({ rule: 'iae', level2Needed: needed, level2Met: level2.length });
  }

  // Reachability
  const inPerson = isInPerson(offer) || !remoteServes(offer);
  const remote = isRemote(offer) && remoteServes(offer);
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
    zoneUnspecified,
    raisons,
    points,
  };
}

/** Remote counts unless every thématique of the offer needs a place (a crèche is never reached remotely). */
function remoteServes(offer: Offer): boolean {
  for (const t of offer.thematiques) if (!PHYSICAL_THEMATIQUES.has(t)) return true;
  return false;
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
  } else who = publicWho(p);
  return `réservé ${who} : la personne est éligible`;
}
const publicWho = (p: Public) => (p === 'femmes' ? 'aux femmes' : `au public ${quotedLabel(p)}`);
const quotedLabel = (p: Public) => `« ${labelOf(p).toLowerCase()} »`;
