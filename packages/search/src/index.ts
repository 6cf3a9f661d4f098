// @spie/search: one interface (port.ts), two engines. `createSearchEngine` picks Meilisearch when a URL
// is given, the embedded engine otherwise; callers read MEILI_URL / MEILI_MASTER_KEY themselves.

export { CatalogueImage, ImageFormatError } from './catalogue-image.ts';
export * from './coverage.ts';
export { createSearchEngine, type SearchEngineOptions } from './create.ts';
export { type EmbeddedOptions, EmbeddedSearchEngine } from './embedded-engine.ts';
export { readImageFile, writeImageFile } from './image-file.ts';
export {
  BATCH_SIZE,
  clientConfig,
  createSearchOnlyKey,
  DEFAULT_INDEX,
  explainMeiliError,
  INDEX_SETTINGS,
  MeilisearchEngine,
  MeilisearchEngineError,
  type ReindexStats,
} from './meilisearch-engine.ts';
export { type OutOfZoneOptions, searchWithOutOfZone, type ZoneAwareResult } from './out-of-zone.ts';
export {
  type CatalogueSource,
  type CatalogueStart,
  type ImageEngine,
  startCatalogue,
} from './persisted-catalogue.ts';
export { type EngineName, type SearchEngine, type SearchOptions, SearchUnavailableError } from './port.ts';
export { DEFAULT_HITS_PER_PAGE, SearchQueryError, validateQuery } from './query-validation.ts';
export { FRENCH_STOP_WORDS } from './stop-words.ts';
export * from './suggest.ts';
export { SYNONYM_GROUPS } from './synonyms.ts';
export {
  SearchThreadError,
  ThreadedMeilisearchEngine,
  type ThreadedMeilisearchOptions,
  type ThreadedOptions,
  ThreadedSearchEngine,
} from './threaded-engine.ts';
