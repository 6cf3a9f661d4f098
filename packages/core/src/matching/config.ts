// Every tunable of the matching engine in one typed object. Hard rules take their thresholds from here;
// soft ranking takes its weights from here. See README.md beside this file for the rationale.
import type { MobilityMode } from '../diagnostic.ts';

export interface MatchingConfig {
  /** Travel budget in km per mode, used when the diagnostic gives no `mobilite.distance_max_km`. */
  budgetKmByMode: Record<MobilityMode, number>;
  /** Weight of a besoin by its priority (1 = most urgent). Coverage points = Σ weight of covered besoins. */
  priorityWeight: Record<1 | 2 | 3, number>;
  /**
   * An offer of a sibling besoin (same category as a besoin asked, but not that besoin) scores this
   * fraction of the sibling's priority weight: shown lower, never counted as covering.
   */
  siblingFactor: number;
  /**
   * Weights of each score component (`score.ts`, SCORE_COMPONENTS); every component is in [0, 1] except
   * coverage (Σ priority weights). A new signal = one weight here + one entry in SCORE_COMPONENTS.
   */
  weights: {
    coverage: number;
    proximity: number;
    free: number;
    freshness: number;
    completeness: number;
    availability: number;
    targeting: number;
    start: number;
  };
  /** How soon the person can start: 1 when running now, halving every `startHalfLifeDays` of wait. */
  startHalfLifeDays: number;
  /** Proximity of an offer reached remotely (in-person proximity is 1 − distance / budget). */
  remoteProximity: number;
  /** Freshness halves every `freshnessHalfLifeDays` since `date_maj`. */
  freshnessHalfLifeDays: number;
  /** `date_maj` older than this gets a watch-out. */
  staleAfterDays: number;
  /** A session starting within this many days counts as "soon" (availability bonus decays to 0 at the end). */
  soonWindowDays: number;
  /** `places_disponibles` at or under this gets the watch-out "places limitées". */
  fewPlacesThreshold: number;
  /** Minimum description length counted as complete (data·inclusion quality criterion). */
  minDescriptionLength: number;
  /** Level-2 IAE criteria needed, by the SIAE kind of the offer (`reseaux_porteurs`). */
  iaeLevel2Needed: { aiEtti: number; aciEiEiti: number; unknown: number };
  /** Output bounds. */
  maxSuggestions: number;
  maxPerBesoin: number;
  /** At most this many offers of one structure in the parcours. */
  maxPerStructureInParcours: number;
  /** At most this many copies of one service (same structure and name) listed; the others are folded. */
  maxCopiesShown: number;
  /** In the parcours, a nearer offer of equal coverage is preferred when its score is within this. */
  parcoursNearerTolerance: number;
}

export const DEFAULT_MATCHING_CONFIG: MatchingConfig = Object.freeze({
  budgetKmByMode: {
    voiture: 30,
    'deux-roues': 20,
    'transports-en-commun': 15,
    velo: 8,
    'a-pied': 3,
    aucun: 2,
  },
  priorityWeight: { 1: 1, 2: 0.6, 3: 0.3 },
  siblingFactor: 0.25,
  // Coverage is sorted on first (suggest.ts), so a relevant offer is never outranked by a merely close
  // one; the other weights order offers of equal coverage. Start (2) beats freshness (0.5): among copies
  // of an offer, the one the person can start soonest wins, not the one updated last.
  weights: {
    coverage: 10,
    proximity: 3,
    free: 1,
    freshness: 0.5,
    completeness: 1,
    availability: 0.5,
    targeting: 1.5,
    start: 2,
  },
  startHalfLifeDays: 60,
  remoteProximity: 0.5,
  freshnessHalfLifeDays: 180,
  staleAfterDays: 365,
  soonWindowDays: 60,
  fewPlacesThreshold: 3,
  minDescriptionLength: 50,
  iaeLevel2Needed: { aiEtti: 2, aciEiEiti: 3, unknown: 3 },
  maxSuggestions: 50,
  maxPerBesoin: 10,
  maxPerStructureInParcours: 2,
  maxCopiesShown: 2,
  parcoursNearerTolerance: 1,
});

/** Config with some fields overridden (nested objects are merged one level deep). */
export function withConfig(overrides: Partial<MatchingConfig> = {}): MatchingConfig {
  const d = DEFAULT_MATCHING_CONFIG;
  return {
    ...d,
    ...overrides,
    budgetKmByMode: { ...d.budgetKmByMode, ...overrides.budgetKmByMode },
    priorityWeight: { ...d.priorityWeight, ...overrides.priorityWeight },
    weights: { ...d.weights, ...overrides.weights },
    iaeLevel2Needed: { ...d.iaeLevel2Needed, ...overrides.iaeLevel2Needed },
  };
}
