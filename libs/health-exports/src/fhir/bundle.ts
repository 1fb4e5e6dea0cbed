import { jsonArrayChunks } from '../json-stream';
import { stableUuid } from '../stable-id';
import type { SleepObservation } from './sleep-observation';

async function* entriesOf(observations: AsyncIterable<SleepObservation>) {
  for await (const resource of observations) yield { fullUrl: `urn:uuid:${resource.id}`, resource };
}

/**
 * A FHIR R4 Bundle of type `collection`, written entry by entry (each Observation's `fullUrl` is
 * its `urn:uuid:` id, as a bundle without a server base requires).
 */
export async function* fhirBundleChunks(
  observations: AsyncIterable<SleepObservation>,
  { exportId, timestamp }: { exportId: string; timestamp: string },
): AsyncGenerator<string> {
  const head = {
    resourceType: 'Bundle',
    id: stableUuid(`fhir-bundle:${exportId}`),
    type: 'collection',
    timestamp,
  };
  yield `${JSON.stringify(head).slice(0, -1)},"entry":`;
  yield* jsonArrayChunks(entriesOf(observations));
  yield '}\n';
}
