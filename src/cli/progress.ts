// Progress on long runs: a live line on a terminal, a line every 10% in logs.

import type { Progress } from '../pipeline.js';

export function progressPrinter(stream: NodeJS.WritableStream & { isTTY?: boolean }, quiet: boolean): { update: (p: Progress) => void; done: () => void } {
  const start = Date.now();
  let lastDraw = 0;
  let lastDecile = -1;
  let drawn = false;
  const line = (p: Progress) => {
    const secs = (Date.now() - start) / 1000;
    const rate = secs > 0 ? Math.round(p.done / secs) : 0;
    const pct = p.total ? Math.floor((p.done / p.total) * 100) : 100;
    return `${p.done}/${p.total} pages (${pct}%), ${rate} pages/s`;
  };
  return {
    update(p) {
      if (quiet) return;
      if (stream.isTTY) {
        const now = Date.now();
        if (now - lastDraw < 100 && p.done !== p.total) return;
        lastDraw = now;
        stream.write(`\r\x1b[K${line(p)}`);
        drawn = true;
      } else {
        const decile = p.total ? Math.floor((p.done / p.total) * 10) : 10;
        if (decile !== lastDecile && (decile > lastDecile)) {
          lastDecile = decile;
          stream.write(`${line(p)}\n`);
        }
      }
    },
    done() {
      if (drawn) stream.write('\n');
    },
  };
}
