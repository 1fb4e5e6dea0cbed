import type { ResearchExportRow, Stat } from '@sleep/contracts';
import type { QuasiIdentifiers } from './k-anonymity';

/** A stored fact as the research export reads it (analytics' export page). */
export interface ResearchFact {
  userId: string;
  sleepDay: string;
  nap: boolean;
  mainSleep: boolean;
  slept: boolean;
  stat: Stat | null;
  score: number | null;
  scoreVersion: string | null;
  ageBand: string;
  gender: string;
  tags: string[];
}

/** The quasi-identifiers of a fact's user; tags only when the export includes them. */
export function quasiIdentifiersOf(fact: ResearchFact, includeTags: boolean): QuasiIdentifiers {
  return {
    ageBand: fact.ageBand,
    gender: fact.gender,
    tags: includeTags ? [...fact.tags].sort().join(';') : '',
  };
}

/** One de-identified row: the pseudonym, the released quasi-identifiers and the night's numbers. */
export function researchRowOf(
  fact: ResearchFact,
  participant: string,
  qi: QuasiIdentifiers,
): ResearchExportRow {
  const stat = fact.stat;
  return {
    participant,
    sleep_day: fact.sleepDay,
    age_band: qi.ageBand,
    gender: qi.gender,
    tags: qi.tags,
    nap: fact.nap,
    main_sleep: fact.mainSleep,
    slept: fact.slept,
    time_in_bed: stat?.time_in_bed ?? null,
    time_in_sleep: stat?.time_in_sleep ?? null,
    sleep_latency: stat?.sleep_latency ?? null,
    time_in_wake: stat?.time_in_wake ?? null,
    time_in_light: stat?.time_in_light ?? null,
    time_in_deep: stat?.time_in_deep ?? null,
    time_in_rem: stat?.time_in_rem ?? null,
    sleep_efficiency: stat?.sleep_efficiency ?? null,
    waso_count: stat?.waso_count ?? null,
    score: fact.score,
    score_version: fact.scoreVersion,
  };
}
