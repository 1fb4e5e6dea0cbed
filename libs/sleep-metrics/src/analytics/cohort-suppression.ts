/** The least k a tenant may use (analytics definitions, section 8): it may raise it, never lower. */
export const MIN_GROUP_SIZE = 5;

/**
 * A group of a tenant statistic as k-anonymity sees it. Groups of one breakdown are disjoint
 * (every user is in exactly one), so a union's counts are sums.
 */
export interface CohortCell {
  readonly key: string;
  /**
   * The marginals the group adds up to, each shown by some query (the total; with two dimensions
   * also its row and its column): subtracting the shown groups of a line from it yields the rest.
   */
  readonly lines: readonly string[];
  /** Distinct users in the group over the whole period. */
  readonly users: number;
  /**
   * Distinct users per slice of the period a second query can isolate: each sleep day, each week
   * of the regularity values. Absent or 0: nobody in that slice.
   */
  readonly slices: ReadonlyMap<string, number>;
  /** Two-dimensional breakdowns: the group's row and column (its two values). */
  readonly edge?: readonly [string, string];
}

/**
 * k-anonymous: at least k distinct users, and no slice with 1..k-1 of them. The slice rule stops
 * differencing across windows: two overlapping periods differ by whole days (or weeks), and every
 * day of a shown group holds nobody or at least k users, so any difference of two answers is an
 * aggregate of nobody or of at least k users.
 */
export function isKAnonymous(cell: Pick<CohortCell, 'users' | 'slices'>, k: number): boolean {
  if (cell.users < k) return false;
  for (const count of cell.slices.values()) if (count > 0 && count < k) return false;
  return true;
}

function union(cells: readonly CohortCell[]): Pick<CohortCell, 'users' | 'slices'> {
  const slices = new Map<string, number>();
  let users = 0;
  for (const cell of cells) {
    users += cell.users;
    for (const [slice, count] of cell.slices) slices.set(slice, (slices.get(slice) ?? 0) + count);
  }
  return { users, slices };
}

const smallestFirst = (a: CohortCell, b: CohortCell) =>
  a.users - b.users || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * The keys of the groups to suppress. Primary: every group that is not k-anonymous. Complementary
 * (section 8, generalised to lines): as long as the suppressed groups of a line together are not
 * k-anonymous (one suppressed group never is), the smallest shown group of that line is suppressed
 * too, so subtracting the shown groups from the line's marginal reveals only an aggregate of at
 * least k users per slice. In a two-dimensional table, whose rows and columns are all known, a
 * suppressed group is derivable exactly when it is a bridge of the graph of suppressed groups
 * (rows and columns as vertices): each bridge gets a shown group that closes a cycle through it,
 * or the whole table is suppressed. Deterministic: ties go to the smaller key.
 */
export function suppressedCells(cells: readonly CohortCell[], k: number): Set<string> {
  const suppressed = new Set(cells.filter((c) => !isKAnonymous(c, k)).map((c) => c.key));
  const lines = new Map<string, CohortCell[]>();
  for (const cell of cells)
    for (const line of cell.lines) lines.set(line, [...(lines.get(line) ?? []), cell]);
  const ordered = [...lines.keys()].sort();
  let changed = suppressed.size > 0;
  while (changed) {
    changed = false;
    for (const line of ordered) {
      const members = lines.get(line) as CohortCell[];
      const hidden = members.filter((c) => suppressed.has(c.key));
      if (hidden.length === 0 || isKAnonymous(union(hidden), k)) continue;
      const next = members.filter((c) => !suppressed.has(c.key)).sort(smallestFirst)[0];
      if (!next) continue;
      suppressed.add(next.key);
      changed = true;
    }
    if (changed) continue;
    const closing = closeBridges(cells, suppressed);
    if (closing === 'all') for (const c of cells) suppressed.add(c.key);
    else if (closing) {
      suppressed.add(closing);
      changed = true;
    }
  }
  return suppressed;
}

/**
 * A shown group that puts the first suppressed bridge on a cycle; 'all' when none can, undefined
 * when no suppressed group is a bridge.
 */
function closeBridges(
  cells: readonly CohortCell[],
  suppressed: Set<string>,
): string | 'all' | undefined {
  const hidden = cells.filter((c) => c.edge && suppressed.has(c.key)).sort(smallestFirst);
  for (const bridge of hidden) {
    const others = hidden.filter((c) => c !== bridge);
    const [row, col] = bridge.edge as readonly [string, string];
    const side = reachable(`r:${row}`, others);
    if (side.has(`c:${col}`)) continue;
    const far = reachable(`c:${col}`, others);
    const closer = cells
      .filter((c) => c.edge && !suppressed.has(c.key))
      .filter((c) => {
        const [r, k] = [
          `r:${(c.edge as readonly string[])[0]}`,
          `c:${(c.edge as readonly string[])[1]}`,
        ];
        return (side.has(r) && far.has(k)) || (far.has(r) && side.has(k));
      })
      .sort(smallestFirst)[0];
    return closer ? closer.key : 'all';
  }
  return undefined;
}

function reachable(from: string, edges: readonly CohortCell[]): Set<string> {
  const seen = new Set([from]);
  const queue = [from];
  while (queue.length > 0) {
    const vertex = queue.pop() as string;
    for (const cell of edges) {
      const [row, col] = cell.edge as readonly [string, string];
      const [a, b] = [`r:${row}`, `c:${col}`];
      const next = a === vertex ? b : b === vertex ? a : undefined;
      if (next && !seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}
