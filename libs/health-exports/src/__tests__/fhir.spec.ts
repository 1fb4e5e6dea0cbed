import { type SleepData, SleepDataSchema } from '@sleep/contracts';
import { sampleGetSessionSeoul } from '@sleep/contracts/testing';
import { fhirBundleChunks } from '../fhir/bundle';
import { SLEEP_MEASURE_SYSTEM, sleepObservation } from '../fhir/sleep-observation';
import { fhirR4Errors } from '../testing';

const night: SleepData = SleepDataSchema.parse(sampleGetSessionSeoul.result);
const subject = { reference: 'Patient/p-0123456789abcdef' };

async function* each<T>(items: T[]) {
  yield* items;
}
async function text(chunks: AsyncIterable<string>) {
  let out = '';
  for await (const chunk of chunks) out += chunk;
  return out;
}

describe('FHIR R4 sleep observations', () => {
  it('maps a night to an Observation the official R4 schema accepts', () => {
    const observation = sleepObservation(night, { subject, score: { value: 81, version: 'v1' } });
    expect(fhirR4Errors(observation)).toEqual([]);
    expect(observation.code.coding[0]).toEqual({
      system: 'http://loinc.org',
      code: '93832-4',
      display: 'Sleep duration',
    });
    expect(observation.valueQuantity).toEqual({
      value: Math.round((night.stat!.time_in_sleep / 60) * 100) / 100,
      unit: 'min',
      system: 'http://unitsofmeasure.org',
      code: 'min',
    });
    // The session's own offset, not UTC.
    expect(observation.effectivePeriod).toEqual({
      start: '2025-03-10T23:00:00+09:00',
      end: '2025-03-11T01:01:00+09:00',
    });
    expect(observation.subject).toEqual(subject);
  });

  it('carries the stages as components: deep sleep with its LOINC code, the others with ours', () => {
    const observation = sleepObservation(night, { subject });
    const byCode = new Map(
      observation.component!.map((c) => [c.code.coding[0].code, c.valueQuantity.value]),
    );
    expect(byCode.get('93831-6')).toBe(Math.round((night.stat!.time_in_deep / 60) * 100) / 100);
    expect(byCode.get('rem-sleep-duration')).toBe(
      Math.round((night.stat!.time_in_rem / 60) * 100) / 100,
    );
    expect(byCode.get('sleep-efficiency')).toBe(
      Math.round(night.stat!.sleep_efficiency * 1000) / 10,
    );
    const systems = observation.component!.map((c) => c.code.coding[0].system);
    expect(new Set(systems)).toEqual(new Set(['http://loinc.org', SLEEP_MEASURE_SYSTEM]));
  });

  it('says why a night without statistics has no value, and stays valid', () => {
    const neverSlept = { ...night, stat: null, peculiarities: ['NEVER_SLEPT' as const] };
    const observation = sleepObservation(neverSlept as SleepData, { subject });
    expect(fhirR4Errors(observation)).toEqual([]);
    expect('valueQuantity' in observation).toBe(false);
    expect(observation.dataAbsentReason?.text).toBe('NEVER_SLEPT');
  });

  it('streams a collection Bundle the R4 schema accepts, empty or not', async () => {
    const one = sleepObservation(night, { subject });
    const other = sleepObservation(
      { ...night, session: { ...night.session, id: '20250311140000_abcde' } },
      { subject },
    );
    const bundle = JSON.parse(
      await text(
        fhirBundleChunks(each([one, other]), {
          exportId: 'e1',
          timestamp: '2025-03-12T00:00:00Z',
        }),
      ),
    );
    expect(fhirR4Errors(bundle)).toEqual([]);
    expect(bundle.type).toBe('collection');
    expect(bundle.entry).toHaveLength(2);
    expect(bundle.entry[0].fullUrl).toBe(`urn:uuid:${one.id}`);
    expect(one.id).not.toBe(other.id);
    const empty = JSON.parse(
      await text(fhirBundleChunks(each([]), { exportId: 'e2', timestamp: '2025-03-12T00:00:00Z' })),
    );
    expect(fhirR4Errors(empty)).toEqual([]);
    expect(empty.entry).toEqual([]);
  });

  it('rejects what R4 forbids (the validator bites)', () => {
    const observation = sleepObservation(night, { subject });
    expect(fhirR4Errors({ ...observation, status: 'done' })).not.toEqual([]);
  });
});
