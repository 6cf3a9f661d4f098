// Input and output shapes of the matching engine (output = the JSON of `pnpm cli suggest` and POST /api/suggestions).
import type { Diagnostic, NeedKey } from '../diagnostic.ts';
import type { Offer } from '../offer.ts';
import type { MatchingConfig } from './config.ts';

export interface LatLon {
  latitude: number;
  longitude: number;
}

/** Where the person lives, resolved by the caller (the core does no lookups). */
export interface MatchingPerson extends LatLon {
  /** Codes that make the person's commune eligible: INSEE, EPCI SIREN, département, `france`, `99100`. */
  zoneCodes: readonly string[];
  communeNom?: string | undefined;
}

export interface SuggestInput {
  diagnostic: Diagnostic;
  person: MatchingPerson;
  candidates: readonly Offer[];
  /** ISO date (AAAA-MM-JJ), injected so that the same input always gives the same output. */
  today: string;
  config?: MatchingConfig | undefined;
  /**
   * Centre of a commune by INSEE code, for in-person offers without a point (pure lookup supplied by
   * the caller; without it such offers are unreachable).
   */
  communeCentre?: ((codeInsee: string) => LatLon | undefined) | undefined;
  /** Name of a département by code, for the watch-outs (pure lookup supplied by the caller). */
  departementNom?: ((code: string) => string | undefined) | undefined;
  /**
   * Offers only used to explain uncovered needs (typically the nearest ones beyond the travel budget):
   * evaluated for « why uncovered », never suggested.
   */
  explainCandidates?: readonly Offer[] | undefined;
}

export interface ScoreDetail {
  /** Each component already multiplied by its weight; `total` = their sum. */
  couverture: number;
  proximite: number;
  gratuite: number;
  fraicheur: number;
  completude: number;
  disponibilite: number;
  /** The offer is built for a public the person belongs to (not `tous-publics`). */
  ciblage: number;
  /** How soon the person can start (running now = full weight). */
  demarrage: number;
  total: number;
}

export interface Suggestion {
  id: string;
  nom: string;
  score: number;
  /** Distance to the place of the offer; null for an offer reached remotely without a known place. */
  distance_km: number | null;
  /** Asked besoins (thématique slug or dispositif, as in the diagnostic) this offer covers. */
  besoins: NeedKey[];
  /** Asked besoins this offer is only a sibling of (same category): shown apart, never covering. */
  besoins_proches: NeedKey[];
  raisons: string[];
  points_attention: string[];
  detail_score: ScoreDetail;
  structure_nom?: string | undefined;
  structure_id: string;
  commune?: string | undefined;
  modes_accueil: string[];
  a_distance: boolean;
  adresse?: string | undefined;
  code_postal?: string | undefined;
  telephone?: string | undefined;
  courriel?: string | undefined;
  lien?: string | undefined;
  /** Further copies of the same service (same structure and name), not listed on their own. */
  autres_lieux?: OtherPlace[] | undefined;
}

/** A copy of a suggested service at another place or date. */
export interface OtherPlace {
  id: string;
  commune?: string | undefined;
  distance_km: number | null;
  date_debut?: string | undefined;
}

export interface UncoveredNeed {
  /** The need's name as in the diagnostic: thématique slug or dispositif. */
  thematique: NeedKey;
  raison: string;
}

/** Why the parcours took an offer that is far or remote. */
export interface ParcoursNote {
  id: string;
  note: string;
}

export interface SuggestionsResult {
  /** Offers covering at least one of the person's needs (« adaptées »), best first. */
  suggestions: Suggestion[];
  /** Offers of a sibling need only (same family of needs): shown apart, never counted as adaptées. */
  autres_offres: Suggestion[];
  par_besoin: Partial<Record<NeedKey, string[]>>;
  parcours: string[];
  parcours_notes: ParcoursNote[];
  besoins_non_couverts: UncoveredNeed[];
}
