export * from './config.ts';
export { haversineKm } from './geo.ts';
export {
  childAgesOf,
  departementOf,
  dispositifsOf,
  type Evaluation,
  evaluate,
  type HardRule,
  iaeLevel2Needed,
  type PersonContext,
  PHYSICAL_THEMATIQUES,
  personContext,
  placeOf,
  type Rejection,
  requiresIae,
  SIAE_NETWORKS,
} from './rules.ts';
export { needLabel, relation, suggest, whyUncovered } from './suggest.ts';
export * from './types.ts';
