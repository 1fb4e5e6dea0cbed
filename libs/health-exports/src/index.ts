// Health-data exports as pure mappings: FHIR R4, Open mHealth, de-identified research rows.
export {
  sleepObservation,
  SLEEP_DURATION,
  SLEEP_MEASURE_SYSTEM,
  SESSION_ID_SYSTEM,
  type FhirSubject,
  type ObservationOptions,
  type SleepObservation,
} from './fhir/sleep-observation';
export { fhirBundleChunks } from './fhir/bundle';
export { omhSleepDuration, omhSleepEpisode, type OmhDataPoint } from './omh/sleep-data-points';
export { jsonArrayChunks, jsonObjectChunks, type JsonField } from './json-stream';
export { isExportableNight, stableUuid } from './stable-id';
export { createPseudonymiser } from './research/pseudonym';
export { KAnonymiser, type QuasiIdentifiers, type Release } from './research/k-anonymity';
export { quasiIdentifiersOf, researchRowOf, type ResearchFact } from './research/research-row';
