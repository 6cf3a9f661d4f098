export * from './config.ts';
export { haversineKm } from './geo.ts';
export {
  type Evaluation,
  evaluate,
  type HardRule,
  iaeLevel2Needed,
  type PersonContext,
  personContext,
  placeOf,
  type Rejection,
} from './rules.ts';
export { relation, suggest, whyUncovered } from './suggest.ts';
export * from './types.ts';
