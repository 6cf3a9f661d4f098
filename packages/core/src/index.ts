export * from './diagnostic.ts';
export * from './freins.ts';
export { z } from './french-errors.ts';
export * from './matching/index.ts';
export * from './offer.ts';
export * from './query.ts';
export * from './situations.ts';
export * from './validation-messages.ts';
export * from './vocabularies/index.ts';
