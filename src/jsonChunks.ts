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

/**
 * A container whose entries are produced as it is written (read from a file, say) rather than held: written as
 * JSON.stringify writes an array of the values, or an object of the [key, value] pairs. `entries` may be called more
 * than once (each call gives them all again). Streamed where jsonChunks walks (above LEAF_DEPTH), made whole (toJSON)
 * inside a value left to JSON.stringify.
 */
export class JsonEntries {
  constructor(
    readonly kind: 'array' | 'object',
    readonly entries: () => Iterable<unknown> | Iterable<readonly [string, unknown]>,
  ) {}

  toJSON(): unknown {
    const entries = this.entries();
    return this.kind === 'array' ? [...entries] : Object.fromEntries(entries as Iterable<readonly [string, unknown]>);
  }
}

function* pieces(value: unknown, indent: number, pad: string, depth: number): Generator<string> {
  if (value instanceof JsonEntries) {
    yield* container(value.kind, value.entries(), indent, pad, depth);
    return;
  }
  const walk =
    depth < LEAF_DEPTH &&
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { toJSON?: unknown }).toJSON !== 'function';
  if (!walk) {
    yield leaf(value, indent, pad);
    return;
  }
  if (Array.isArray(value)) yield* container('array', value, indent, pad, depth);
  else yield* container('object', members(value), indent, pad, depth);
}

function* members(value: object): Generator<readonly [string, unknown]> {
  for (const key of Object.keys(value)) yield [key, (value as Record<string, unknown>)[key]];
}

/** An array of `entries`' values, or an object of its [key, value] pairs. */
function* container(
  kind: 'array' | 'object',
  entries: Iterable<unknown>,
  indent: number,
  pad: string,
  depth: number,
): Generator<string> {
  const inner = pad + ' '.repeat(indent);
  const open = indent > 0 ? `\n${inner}` : '';
  const close = indent > 0 ? `\n${pad}` : '';
  const colon = indent > 0 ? ': ' : ':';
  let first = true;
  if (kind === 'array') {
    for (const v of entries) {
      yield first ? `[${open}` : `,${open}`;
      first = false;
      if (omitted(v)) yield 'null';
      else yield* pieces(v, indent, inner, depth + 1);
    }
    yield first ? '[]' : `${close}]`;
    return;
  }
  for (const [key, v] of entries as Iterable<readonly [string, unknown]>) {
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
