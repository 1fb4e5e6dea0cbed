import { binaryPieces } from './copy-binary';
import type { Columns } from './copy-rows';

const COLUMNS: Columns = [
  ['id', 'int'],
  ['doc', 'jsonb'],
  ['label', 'text'],
];

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

describe('binaryPieces', () => {
  it('sends a header, one tuple per row and a trailer, in pieces of about 64 kB', () => {
    const rows = Array.from({ length: 300 }, (_, id) => ({
      id,
      doc: { text: 'x'.repeat(1_000), id },
      label: id % 2 ? 'tab\there é' : null,
    }));
    const pieces = [...binaryPieces(COLUMNS, rows)];
    expect(pieces.length).toBeGreaterThan(3);
    for (const piece of pieces.slice(0, -1)) expect(piece.length).toBeGreaterThanOrEqual(65_536);
    const data = Buffer.concat(pieces);
    expect(data.subarray(0, 11)).toEqual(SIGNATURE);
    let at = 19;
    const read = (bytes: number) => data.subarray(at, (at += bytes));
    rows.forEach((row) => {
      expect(read(2).readInt16BE()).toBe(3);
      expect(read(4).readInt32BE()).toBe(4);
      expect(read(4).readInt32BE()).toBe(row.id);
      const doc = read(read(4).readInt32BE());
      expect(doc[0]).toBe(1);
      expect(doc.subarray(1).toString('utf8')).toBe(JSON.stringify(row.doc));
      const length = read(4).readInt32BE();
      if (row.label === null) expect(length).toBe(-1);
      else expect(read(length).toString('utf8')).toBe(row.label);
    });
    expect(read(2).readInt16BE()).toBe(-1);
    expect(at).toBe(data.length);
  });

  it('sends nothing for no rows', () => {
    expect([...binaryPieces(COLUMNS, [])]).toEqual([]);
  });

  it('refuses what the column cannot hold rather than storing something else', () => {
    const one = (columns: Columns, value: unknown) => () => [
      ...binaryPieces(
        columns,
        [{ v: value }].map((r) => ({ [columns[0]?.[0] ?? 'v']: r.v })),
      ),
    ];
    expect(one([['v', 'int']], 1.5)).toThrow('not an integer');
    expect(one([['v', 'smallint']], 40_000)).toThrow('not an integer');
    expect(one([['v', 'date']], '2025-02-30')).toThrow('not a date');
    expect(one([['v', 'timestamptz']], 'yesterday')).toThrow('not an instant');
  });
});
