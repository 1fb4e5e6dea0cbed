/** A field of a streamed JSON object: a value written at once, or items written one by one as an array. */
export type JsonField =
  | [name: string, value: unknown]
  | [name: string, items: AsyncIterable<unknown>, 'array'];

/**
 * Writes one JSON object field by field; array fields are written item by item as their source
 * yields them, so nothing is held but the current item.
 */
export async function* jsonObjectChunks(fields: Iterable<JsonField>): AsyncGenerator<string> {
  yield '{';
  let first = true;
  for (const field of fields) {
    yield `${first ? '' : ','}\n${JSON.stringify(field[0])}:`;
    first = false;
    if (field.length === 3) yield* jsonArrayChunks(field[1]);
    else yield JSON.stringify(field[1]);
  }
  yield '\n}\n';
}

/** A JSON array written item by item. */
export async function* jsonArrayChunks(items: AsyncIterable<unknown>): AsyncGenerator<string> {
  yield '[';
  let first = true;
  for await (const item of items) {
    yield `${first ? '' : ','}\n${JSON.stringify(item)}`;
    first = false;
  }
  yield first ? ']' : '\n]';
}
