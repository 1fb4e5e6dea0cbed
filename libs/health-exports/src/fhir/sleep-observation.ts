import type { SleepData, Stat } from '@sleep/contracts';
import { stableUuid } from '../stable-id';

export const LOINC = 'http://loinc.org';
export const UCUM = 'http://unitsofmeasure.org';
/**
 * Our own codes, for the measures LOINC has no code for that we could confirm (light and REM
 * sleep, time awake, time in bed, latency, efficiency, score). Documented in the README.
 */
export const SLEEP_MEASURE_SYSTEM = 'urn:sleep-platform:fhir:sleep-measure';
/** Identifies the night's session, so a receiver can match re-exports of the same night. */
export const SESSION_ID_SYSTEM = 'urn:sleep-platform:session-id';

interface Coding {
  system: string;
  code: string;
  display: string;
}

export const SLEEP_DURATION: Coding = { system: LOINC, code: '93832-4', display: 'Sleep duration' };
const DEEP: Coding = { system: LOINC, code: '93831-6', display: 'Deep sleep duration' };
const own = (code: string, display: string): Coding => ({
  system: SLEEP_MEASURE_SYSTEM,
  code,
  display,
});

/** Each component: its code, the stat field it reads, and its unit. */
const DURATION_COMPONENTS: [Coding, keyof Stat][] = [
  [DEEP, 'time_in_deep'],
  [own('light-sleep-duration', 'Light sleep duration'), 'time_in_light'],
  [own('rem-sleep-duration', 'REM sleep duration'), 'time_in_rem'],
  [own('awake-duration', 'Time awake after sleep onset'), 'time_in_wake'],
  [own('time-in-bed', 'Time in bed'), 'time_in_bed'],
  [own('sleep-latency', 'Sleep latency'), 'sleep_latency'],
];
const EFFICIENCY = own('sleep-efficiency', 'Sleep efficiency');
const SCORE = own('sleep-score', 'Sleep score (0-100)');

const minutes = (seconds: number) => ({
  value: Math.round((seconds / 60) * 100) / 100,
  unit: 'min',
  system: UCUM,
  code: 'min',
});

interface Quantity {
  value: number;
  unit: string;
  system: string;
  code: string;
}
interface CodeableConcept {
  coding: Coding[];
  text?: string;
}

/** The FHIR R4 Observation we write (the subset of its fields we use). */
export interface SleepObservation {
  resourceType: 'Observation';
  id: string;
  identifier: { system: string; value: string }[];
  status: 'final';
  category: CodeableConcept[];
  code: CodeableConcept;
  subject: FhirSubject;
  effectivePeriod: { start: string; end?: string };
  valueQuantity?: Quantity;
  dataAbsentReason?: CodeableConcept;
  component?: { code: CodeableConcept; valueQuantity: Quantity }[];
}

/** The pseudonymous subject: a Patient reference that names no real identifier. */
export interface FhirSubject {
  reference: string;
}

export interface ObservationOptions {
  subject: FhirSubject;
  /** The night's score (ours, analytics definitions section 4), when analytics has one. */
  score?: { value: number; version: string } | null;
}

/**
 * A night as an HL7 FHIR R4 Observation: sleep duration (LOINC 93832-4) in minutes, the stage
 * durations, efficiency and score as components, `effectivePeriod` from the session's start and
 * end in the session's own offset (the caller renders the night in its created zone).
 */
export function sleepObservation(night: SleepData, options: ObservationOptions): SleepObservation {
  const { session, stat } = night;
  const components: NonNullable<SleepObservation['component']> = stat
    ? [
        ...DURATION_COMPONENTS.map(([coding, field]) => ({
          code: { coding: [coding], text: coding.display },
          valueQuantity: minutes(stat[field] as number),
        })),
        {
          code: { coding: [EFFICIENCY], text: EFFICIENCY.display },
          valueQuantity: {
            value: Math.round(stat.sleep_efficiency * 1000) / 10,
            unit: '%',
            system: UCUM,
            code: '%',
          },
        },
      ]
    : [];
  if (options.score)
    components.push({
      code: { coding: [SCORE], text: `${SCORE.display}, ${options.score.version}` },
      valueQuantity: { value: options.score.value, unit: '{score}', system: UCUM, code: '{score}' },
    });
  return {
    resourceType: 'Observation',
    id: stableUuid(`fhir-observation:${session.id}`),
    identifier: [{ system: SESSION_ID_SYSTEM, value: session.id }],
    status: 'final',
    category: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/observation-category',
            code: 'activity',
            display: 'Activity',
          },
        ],
      },
    ],
    code: { coding: [SLEEP_DURATION], text: SLEEP_DURATION.display },
    subject: options.subject,
    effectivePeriod: { start: session.start_time, end: session.end_time ?? undefined },
    ...(stat
      ? { valueQuantity: minutes(stat.time_in_sleep) }
      : {
          dataAbsentReason: {
            coding: [
              {
                system: 'http://terminology.hl7.org/CodeSystem/data-absent-reason',
                code: 'unknown',
                display: 'Unknown',
              },
            ],
            text: night.peculiarities.join(', ') || 'No statistics for this night',
          },
        }),
    ...(components.length > 0 ? { component: components } : {}),
  };
}
