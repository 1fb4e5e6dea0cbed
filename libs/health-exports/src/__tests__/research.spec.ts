import { RESEARCH_EXPORT_COLUMNS, ResearchExportRowSchema, SUPPRESSED } from '@sleep/contracts';
import { KAnonymiser, type QuasiIdentifiers } from '../research/k-anonymity';
import { createPseudonymiser } from '../research/pseudonym';
import { quasiIdentifiersOf, researchRowOf, type ResearchFact } from '../research/research-row';

const qi = (ageBand: string, gender: string, tags = ''): QuasiIdentifiers => ({
  ageBand,
  gender,
  tags,
});

describe('pseudonyms', () => {
  it('are stable within an export and differ across exports', () => {
    const one = createPseudonymiser();
    const other = createPseudonymiser();
    expect(one('G-user-1')).toBe(one('G-user-1'));
    expect(one('G-user-1')).not.toBe(one('G-user-2'));
    expect(one('G-user-1')).not.toBe(other('G-user-1'));
    expect(one('G-user-1')).toMatch(/^p-[0-9a-f]{16}$/);
  });
});

describe('k-anonymity of a research export', () => {
  it('releases groups of at least k users untouched', () => {
    const k = new KAnonymiser(3);
    for (const user of ['a', 'b', 'c']) k.addUser(user, qi('30-44', 'female'));
    expect(k.releaseFor('a')).toEqual({ qi: qi('30-44', 'female'), generalised: false });
  });

  it('drops tags first, then every quasi-identifier, and drops rows when even that leaves fewer than k', () => {
    const k = new KAnonymiser(3);
    // Three women 30-44 with three different tags: together only without tags.
    k.addUser('a', qi('30-44', 'female', 'arm:a'));
    k.addUser('b', qi('30-44', 'female', 'arm:b'));
    k.addUser('c', qi('30-44', 'female', 'arm:c'));
    // Three rare users: fully suppressed together.
    k.addUser('d', qi('65+', 'male', 'arm:a'));
    k.addUser('e', qi('<18', 'male', 'arm:a'));
    k.addUser('f', qi('18-29', 'other', 'arm:b'));
    expect(k.releaseFor('a')).toEqual({
      qi: qi('30-44', 'female', SUPPRESSED),
      generalised: true,
    });
    expect(k.releaseFor('d')).toEqual({
      qi: qi(SUPPRESSED, SUPPRESSED, SUPPRESSED),
      generalised: true,
    });

    const few = new KAnonymiser(3);
    for (const user of ['a', 'b', 'c']) few.addUser(user, qi('30-44', 'female'));
    few.addUser('lonely', qi('65+', 'male'));
    expect(few.releaseFor('lonely')).toBeNull();
    expect(few.releaseFor('a')).not.toBeNull();
  });

  it('never releases a combination of quasi-identifiers shared by fewer than k users', () => {
    // A deterministic spread of 200 users over bands, genders and tags.
    const bands = ['<18', '18-29', '30-44', '45-64', '65+', 'unknown'];
    const genders = ['female', 'male', 'other', 'unknown'];
    for (const k of [5, 7, 12]) {
      const anonymiser = new KAnonymiser(k);
      const users = Array.from({ length: 200 }, (_, i) => `u${i}`);
      users.forEach((user, i) =>
        anonymiser.addUser(
          user,
          qi(bands[(i * 7) % bands.length], genders[(i * 3) % genders.length], `arm:${i % 9}`),
        ),
      );
      const released = new Map<string, number>();
      for (const user of users) {
        const release = anonymiser.releaseFor(user);
        if (!release) continue;
        const key = JSON.stringify(release.qi);
        released.set(key, (released.get(key) ?? 0) + 1);
      }
      for (const count of released.values()) expect(count).toBeGreaterThanOrEqual(k);
    }
  });
});

describe('research rows', () => {
  const fact: ResearchFact = {
    userId: 'G-20250301093015-Qw8ErTy2UiOp4AsDfGh1',
    sleepDay: '2025-03-11',
    nap: false,
    mainSleep: true,
    slept: true,
    stat: null,
    score: null,
    scoreVersion: null,
    ageBand: '30-44',
    gender: 'female',
    tags: ['team:b', 'arm:a'],
  };

  it('carry the pseudonym and the released quasi-identifiers, never an id of the user', () => {
    const row = researchRowOf(fact, 'p-0123456789abcdef', quasiIdentifiersOf(fact, true));
    expect(ResearchExportRowSchema.parse(row)).toEqual(row);
    expect(row.tags).toBe('arm:a;team:b');
    expect(Object.keys(row)).toEqual(RESEARCH_EXPORT_COLUMNS);
    expect(JSON.stringify(row)).not.toContain(fact.userId);
    expect(quasiIdentifiersOf(fact, false).tags).toBe('');
  });
});
