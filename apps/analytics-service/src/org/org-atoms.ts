import type {
  AtomDayRow,
  AtomOpenRow,
  AtomUsersRow,
  AtomWeekRow,
  CountRow,
  ProfileRow,
  StoredAtom,
} from './org-stats.queries';

/** The profile a stored atom was made of (`org_atom`: `[birthYear, gender, tags]`). */
export function profileOfAtom(atom: StoredAtom): ProfileRow {
  const [birthYear, gender, tags] = JSON.parse(atom) as [number | null, string | null, string[]];
  return { user_id: '', birth_year: birthYear, gender, tags };
}

/** What a tenant statistic reads of the rollups before its histograms. */
export interface AtomRollups {
  days: readonly AtomDayRow[];
  users: readonly AtomUsersRow[];
  open: readonly AtomOpenRow[];
  weeks: readonly AtomWeekRow[];
}

/** The query's atom and group of a stored atom. */
export type Placement = (atom: StoredAtom) => { atom: string; cell: string };

/**
 * Atoms of the query that are not k-anonymous in the period: fewer than k distinct users, or a
 * sleep day (a week of SRIs) with 1..k-1 of them; only atoms with a row in the period are judged.
 * Stored atoms partition the users and each is inside one query atom, so sums over them are
 * exact distinct counts.
 */
export function rareAtoms(read: AtomRollups, place: Placement, k: number): Map<string, string> {
  const users = new Map<string, number>();
  for (const row of read.users) {
    const { atom } = place(row.atom);
    users.set(atom, (users.get(atom) ?? 0) + row.users);
  }
  const slices = new Map<string, { atom: string; cell: string; n: number }>();
  const add = (stored: StoredAtom, slice: string, n: number) => {
    const { atom, cell } = place(stored);
    const key = `${atom}\u0000${slice}`;
    const current = slices.get(key);
    if (current) current.n += n;
    else slices.set(key, { atom, cell, n });
  };
  for (const row of read.days) add(row.atom, `d${row.day}`, row.users);
  for (const row of read.weeks) add(row.atom, `w${row.week}`, row.n);
  const rare = new Map<string, string>();
  for (const { atom, cell, n } of slices.values()) {
    const count = users.get(atom);
    if (count !== undefined && (count < k || n < k)) rare.set(atom, cell);
  }
  return rare;
}

const emptyCount = (cell: string | null): CountRow => ({
  cell,
  users: 0,
  active: 0,
  nights: 0,
  started: 0,
  completed: 0,
  completedOnTime: 0,
  completedLate: 0,
  missing: 0,
  pending: 0,
});

/** Per group and for the whole tenant (`cell` null), the counts of the stored atoms counted. */
export function countsOf(
  read: AtomRollups,
  place: Placement,
  rare: ReadonlyMap<string, string>,
): CountRow[] {
  const total = emptyCount(null);
  const cells = new Map<string, CountRow>();
  const rowsOf = (stored: StoredAtom): CountRow[] => {
    const { atom, cell } = place(stored);
    if (rare.has(atom)) return [];
    let row = cells.get(cell);
    if (!row) cells.set(cell, (row = emptyCount(cell)));
    return [row, total];
  };
  for (const d of read.days)
    for (const row of rowsOf(d.atom)) {
      row.nights += d.nights;
      row.started += d.started;
      row.completed += d.completed;
      row.completedOnTime += d.completedOnTime;
      row.completedLate += d.completedLate;
    }
  for (const u of read.users)
    for (const row of rowsOf(u.atom)) {
      row.users += u.users;
      row.active += u.active;
    }
  for (const o of read.open)
    for (const row of rowsOf(o.atom)) {
      row.missing += o.missing;
      row.pending += o.pending;
    }
  return [...[...cells.values()].filter((row) => row.users > 0), total];
}
