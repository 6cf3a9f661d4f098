// @spie/loader: partner files (CSV, data·inclusion exports) → validation report → partner store.

export { looksLikeFormula, neutralize, splitList } from './cells.ts';
export { type CsvFileInfo, type CsvRecord, FileProblem, type Input, readCsv } from './csv-reader.ts';
export {
  allowedValues,
  allowedValuesCsv,
  BOM,
  offersToCsv,
  TEMPLATE_FIELDS,
  templateCsv,
} from './csv-writer.ts';
export {
  DataInclusionApi,
  DataInclusionOpenData,
  type DataInclusionSource,
  DEFAULT_DATA_INCLUSION_URL,
  type DownloadProgress,
  departementOf,
  SourceDownloadError,
  type SourceInfo,
} from './data-inclusion-source.ts';
export {
  DATA_INCLUSION_PREFIX,
  partnerOfSource,
  readSyncStatus,
  type SourceSyncResult,
  type SourceSyncStatus,
  type SyncReport,
  syncDataInclusion,
} from './data-inclusion-sync.ts';
export {
  type ChangedOffer,
  hasChanges,
  type ListedOffer,
  MAX_LISTED,
  needsRemovalConfirmation,
  PUBLISH_MODES,
  type PublishDiff,
  type PublishMode,
  REMOVAL_CONFIRMATION_SHARE,
} from './diff.ts';
export { detectEncoding, type Encoding } from './encoding.ts';
export { fieldOfHeader, normalizeHeader } from './headers.ts';
export { DEFAULT_LIMITS, type Limits, resolveLimits } from './limits.ts';
export { LockTimeoutError } from './lock.ts';
export {
  diffJson,
  MODE_NAMES,
  problemJson,
  publicationJson,
  reportJson,
  versionJson,
} from './publication-json.ts';
export {
  type PublishCsvOptions,
  type PublishCsvResult,
  publishCsv,
  UnknownPartnerError,
} from './publish.ts';
export { type Partner, PartnerRegistry, RegistryError } from './registry.ts';
export {
  formatProblem,
  MAX_PROBLEMS,
  type Problem,
  type ReportStats,
  type ValidationReport,
} from './report.ts';
export { FAR_FROM_COMMUNE_KM, REQUIRED_FIELDS, TEMPLATE_EXAMPLE_ID } from './row-validator.ts';
export {
  type ChangeCounts,
  canonicalOfferJson,
  diskErrorReason,
  PARTNER_ID,
  PartnerStore,
  type PartnerStoreOptions,
  type PublishResult,
  StoreError,
  type VersionInfo,
} from './store.ts';
/** Alias kept for the agreed API name: reading and validating are one streaming pass. */
export {
  type ValidateOptions,
  type ValidationResult,
  validateOffersFile,
  validateOffersFile as readOffersCsv,
} from './validate.ts';
