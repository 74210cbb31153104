// The stop handlers on their own: the first signal asks the run to stop, a second one exits at once.
// (A whole run stopped by SIGTERM and SIGINT: test/integration/pipeline/signals.test.ts.)

import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { installStopHandlers, isStopped } from '../../../src/cli/signals.js';

function capture(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

describe('installStopHandlers', () => {
  let dispose: (() => void) | undefined;
  afterEach(() => dispose?.());

  for (const [name, status] of [
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const) {
    it(`${name}: the first aborts with a Stopped reason (exit ${status}); the second exits ${status} at once, saying so`, () => {
      const err = capture();
      const exits: number[] = [];
      const stop = installStopHandlers(err.stream, (s) => exits.push(s));
      dispose = stop.dispose;
      expect(stop.signal.aborted).toBe(false);
      process.emit(name, name);
      expect(stop.signal.aborted).toBe(true);
      expect(isStopped(stop.signal.reason)).toBe(true);
      expect((stop.signal.reason as { status: number }).status).toBe(status);
      expect(() => stop.signal.throwIfAborted()).toThrow(`stopped by ${name}`);
      expect(exits).toEqual([]);
      expect(err.text()).toBe('');
      process.emit(name, name);
      expect(exits).toEqual([status]);
      expect(err.text()).toBe(`pathway-kg: second ${name}: exiting at once; the next run removes what this one left\n`);
    });
  }

  it('dispose removes the handlers', () => {
    const before = process.listenerCount('SIGTERM');
    const stop = installStopHandlers(capture().stream, () => undefined);
    expect(process.listenerCount('SIGTERM')).toBe(before + 1);
    stop.dispose();
    expect(process.listenerCount('SIGTERM')).toBe(before);
  });
});
