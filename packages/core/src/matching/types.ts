// Input and output shapes of the matching engine (output = the JSON of `pnpm cli suggest` and POST /api/suggestions).
import type { Diagnostic } from '../diagnostic.ts';
import type { Offer } from '../offer.ts';
import type { ThematiqueOuCategorie } from '../vocabularies/index.ts';
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
}

export interface ScoreDetail {
  /** Each component already multiplied by its weight; `total` = their sum. */
  couverture: number;
  proximite: number;
  gratuite: number;
  fraicheur: number;
  completude: number;
  disponibilite: number;
  total: number;
}

export interface Suggestion {
  id: string;
  nom: string;
  score: number;
  /** Distance to the place of the offer; null for an offer reached remotely without a known place. */
  distance_km: number | null;
  /** Asked besoins (slugs as in the diagnostic) this offer covers. */
  besoins: ThematiqueOuCategorie[];
  /** Asked besoins this offer is only a sibling of (same category): shown, but not covering. */
  besoins_proches: ThematiqueOuCategorie[];
  raisons: string[];
  points_attention: string[];
  detail_score: ScoreDetail;
  structure_nom?: string | undefined;
  structure_id: string;
  commune?: string | undefined;
  modes_accueil: string[];
  a_distance: boolean;
}

export interface UncoveredNeed {
  thematique: ThematiqueOuCategorie;
  raison: string;
}

export interface SuggestionsResult {
  suggestions: Suggestion[];
  par_besoin: Partial<Record<ThematiqueOuCategorie, string[]>>;
  parcours: string[];
  besoins_non_couverts: UncoveredNeed[];
}
