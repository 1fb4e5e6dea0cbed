import { type Columns, copyPieces } from './copy-rows';

const COLUMNS: Columns = [
  ['id', 'int'],
  ['doc', 'jsonb'],
  ['label', 'text'],
];

describe('copyPieces', () => {
  it('sends whole lines in pieces of about 64k characters that add up to the rows in order', () => {
    const rows = Array.from({ length: 300 }, (_, id) => ({
      id,
      doc: { text: 'x'.repeat(1_000), id },
      label: id % 2 ? 'tab\there' : null,
    }));
    const pieces = [...copyPieces(COLUMNS, rows)].map((piece) => piece.toString('utf8'));
    expect(pieces.length).toBeGreaterThan(3);
    for (const piece of pieces) expect(piece.endsWith('\n')).toBe(true);
    const lines = pieces.join('').split('\n').slice(0, -1);
    expect(lines).toHaveLength(rows.length);
    lines.forEach((line, id) =>
      expect(line).toBe(
        `${id}\t${JSON.stringify({ text: 'x'.repeat(1_000), id })}\t${id % 2 ? 'tab\\there' : '\\N'}`,
      ),
    );
  });

  it('sends nothing for no rows', () => {
    expect([...copyPieces(COLUMNS, [])]).toEqual([]);
  });
});
