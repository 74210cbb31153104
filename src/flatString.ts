// A short prefix of a string as a string of its own. V8 makes a slice of 13 characters or more a view that keeps
// the whole parent alive: a 16-character digest sliced from a 64-character hex string holds ~116 heap bytes where
// a flat copy holds ~36, and a run keeps one or more per page. (Hex of a digest Buffer is flat too, but making the
// Buffer cost three times the hashing.)

/** Char codes of the prefix being copied: reused, the copy is made per call anyway. */
const codes: number[] = [];

/** The first `length` characters of `text` (all of it when shorter), as a flat string that refers to nothing. */
export function flatPrefix(text: string, length: number): string {
  const n = Math.min(length, text.length);
  codes.length = n;
  for (let i = 0; i < n; i++) codes[i] = text.charCodeAt(i);
  return String.fromCharCode.apply(null, codes);
}
