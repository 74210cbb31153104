// JSON text of a large value as a sequence of chunks: the same bytes as JSON.stringify(value, null, indent), never
// in one string. state.json and report.json list every pathway: at 100,000 pages one string of them (and its UTF-8
// copy on the way to the file) would be the run's largest allocation, made when the heap is fullest.

/** Chunks are gathered to about this size before they are handed on: a write per pathway would cost more. */
const CHUNK = 64 * 1024;

/** Containers this deep or deeper are written with one JSON.stringify each (one pathway's entry is small). */
const LEAF_DEPTH = 3;

/**
 * The JSON text of `value`, as JSON.stringify(value, null, indent) writes it, in chunks of about 64 KB; `end` is
 * appended (a file's final newline). Plain objects and arrays near the top are walked here, everything deeper (and
 * anything with a toJSON) is left to JSON.stringify.
 */
export function* jsonChunks(value: unknown, indent = 0, end = ''): Generator<string> {
  let buffer = '';
  for (const piece of pieces(value, indent, '', 0)) {
    buffer += piece;
    if (buffer.length >= CHUNK) {
      yield buffer;
      buffer = '';
    }
  }
  buffer += end;
  if (buffer !== '') yield buffer;
}

/** Whether JSON.stringify leaves the property out (in an array it writes null instead). */
function omitted(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

function* pieces(value: unknown, indent: number, pad: string, depth: number): Generator<string> {
  const walk =
    depth < LEAF_DEPTH &&
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { toJSON?: unknown }).toJSON !== 'function';
  if (!walk) {
    yield leaf(value, indent, pad);
    return;
  }
  const inner = pad + ' '.repeat(indent);
  const open = indent > 0 ? `\n${inner}` : '';
  const close = indent > 0 ? `\n${pad}` : '';
  const colon = indent > 0 ? ': ' : ':';
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield '[]';
      return;
    }
    yield '[';
    for (let i = 0; i < value.length; i++) {
      yield i === 0 ? open : `,${open}`;
      const v: unknown = value[i];
      if (omitted(v)) yield 'null';
      else yield* pieces(v, indent, inner, depth + 1);
    }
    yield `${close}]`;
    return;
  }
  let first = true;
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (omitted(v)) continue;
    yield `${first ? '{' : ','}${open}${JSON.stringify(key)}${colon}`;
    first = false;
    yield* pieces(v, indent, inner, depth + 1);
  }
  yield first ? '{}' : `${close}}`;
}

/**
 * JSON.stringify of a value written at indentation `pad`: its own lines indented further. A JSON string never holds a
 * raw newline (it is escaped), so every newline in the text is between tokens.
 */
function leaf(value: unknown, indent: number, pad: string): string {
  const text = JSON.stringify(value, null, indent);
  return pad === '' || !text.includes('\n') ? text : text.replaceAll('\n', `\n${pad}`);
}
