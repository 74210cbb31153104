// One growing buffer that text is encoded into, then copied out of at its exact length.

/**
 * Filled and emptied within one call (synchronously), so one per writer is enough. The text arrives in
 * pieces: a large pathway's text as one string would be born in V8's large-object space, which only a
 * full collection frees.
 */
export class Utf8Scratch {
  private buffer = Buffer.allocUnsafe(1 << 20);
  private length = 0;

  readonly add = (text: string): void => {
    // A UTF-16 code unit takes at most three bytes in UTF-8.
    const need = this.length + text.length * 3;
    if (need > this.buffer.length) {
      const bigger = Buffer.allocUnsafe(Math.max(need, this.buffer.length * 2));
      this.buffer.copy(bigger, 0, 0, this.length);
      this.buffer = bigger;
    }
    this.length += this.buffer.write(text, this.length, 'utf8');
  };

  take(): Buffer {
    const out = Buffer.allocUnsafe(this.length);
    this.buffer.copy(out, 0, 0, this.length);
    this.length = 0;
    // One very large pathway does not keep its room for the rest of the run.
    if (this.buffer.length > Utf8Scratch.KEEP) this.buffer = Buffer.allocUnsafe(Utf8Scratch.KEEP);
    return out;
  }

  private static readonly KEEP = 4 << 20;
}
