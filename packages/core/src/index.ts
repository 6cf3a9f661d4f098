export * from './diagnostic.ts';
export { z } from './french-errors.ts';
export * from './offer.ts';
export * from './query.ts';
export * from './situations.ts';
export * from './validation-messages.ts';
export * from './vocabularies/index.ts';
export * from './matching/index.ts';
