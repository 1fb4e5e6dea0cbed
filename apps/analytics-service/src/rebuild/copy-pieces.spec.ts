import { type Columns, copyPieces, copyText } from './copy-rows';

const COLUMNS: Columns = [
  ['id', 'int'],
  ['label', 'text'],
  ['doc', 'jsonb'],
];

describe('copyPieces', () => {
  const rows = Array.from({ length: 3_000 }, (_, id) => ({
    id,
    label: id % 2 ? 'tab\there, line\nbreak, back\\slash' : null,
    doc: { text: 'x'.repeat(id % 50), nested: [id, null] },
  }));

  it('sends the text of every row once, in order, split only between rows', () => {
    const pieces = [...copyPieces(COLUMNS, rows)].map((piece) => piece.toString('utf8'));
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe(copyText(COLUMNS, rows));
    for (const piece of pieces) expect(piece.endsWith('\n')).toBe(true);
  });

  it('encodes text outside ASCII as UTF-8', () => {
    const [piece] = [...copyPieces(COLUMNS, [{ id: 1, label: 'é 漢字 😴', doc: null }])];
    expect(piece?.toString('utf8')).toBe('1\té 漢字 😴\t\\N\n');
  });

  it('yields nothing for no rows', () => {
    expect([...copyPieces(COLUMNS, [])]).toEqual([]);
  });
});
