import { SUPPRESSED } from '@sleep/contracts';

/** A user's quasi-identifiers in a research export: generalised already (age band, not birth year). */
export interface QuasiIdentifiers {
  ageBand: string;
  gender: string;
  /** Sorted `key:value` tags joined by `;`, or '' when tags are not exported. */
  tags: string;
}

const keyOf = (qi: QuasiIdentifiers) => `${qi.ageBand}\u0000${qi.gender}\u0000${qi.tags}`;
const withoutTags = (qi: QuasiIdentifiers): QuasiIdentifiers => ({ ...qi, tags: SUPPRESSED });
const FULLY_SUPPRESSED: QuasiIdentifiers = {
  ageBand: SUPPRESSED,
  gender: SUPPRESSED,
  tags: SUPPRESSED,
};

export type Release = { qi: QuasiIdentifiers; generalised: boolean } | null;

/**
 * k-anonymity over the users of one export (analytics definitions, section 8): every combination
 * of quasi-identifiers released must be shared by at least k distinct users. A user whose
 * combination is rarer loses their tags first (when tags are exported), then every
 * quasi-identifier; if even the users with nothing released are fewer than k, their rows are
 * dropped, since a handful of fully suppressed participants still stand out.
 */
export class KAnonymiser {
  private readonly users = new Map<string, QuasiIdentifiers>();
  private releases: Map<string, Release> | null = null;

  constructor(private readonly k: number) {}

  /** Pass 1: every user who has a row in the export, with their quasi-identifiers. */
  addUser(userId: string, qi: QuasiIdentifiers): void {
    if (this.releases) throw new Error('KAnonymiser: users added after release was decided');
    this.users.set(userId, qi);
  }

  /** Pass 2: what may be released for a user's rows; null: drop them. */
  releaseFor(userId: string): Release {
    this.releases ??= this.decide();
    return this.releases.get(userId) ?? null;
  }

  private decide(): Map<string, Release> {
    const step = (qis: Map<string, QuasiIdentifiers>) => {
      const counts = new Map<string, number>();
      for (const qi of qis.values()) counts.set(keyOf(qi), (counts.get(keyOf(qi)) ?? 0) + 1);
      return (qi: QuasiIdentifiers) => (counts.get(keyOf(qi)) ?? 0) >= this.k;
    };
    const full = step(this.users);
    const current = new Map<string, QuasiIdentifiers>();
    for (const [user, qi] of this.users)
      current.set(user, full(qi) ? qi : qi.tags === '' ? FULLY_SUPPRESSED : withoutTags(qi));
    const second = step(current);
    for (const [user, qi] of current) if (!second(qi)) current.set(user, FULLY_SUPPRESSED);
    const third = step(current);
    const releases = new Map<string, Release>();
    for (const [user, original] of this.users) {
      const qi = current.get(user) ?? FULLY_SUPPRESSED;
      releases.set(user, third(qi) ? { qi, generalised: keyOf(qi) !== keyOf(original) } : null);
    }
    return releases;
  }
}
