// Progress on long runs: a live line on a terminal, a line every 10% in logs (every EVERY items when
// the total is not known beforehand).

export interface Step {
  done: number;
  /** Undefined when not known beforehand. */
  total?: number | undefined;
}

const EVERY = 200;

export function progressPrinter(
  stream: NodeJS.WritableStream & { isTTY?: boolean },
  quiet: boolean,
  unit = 'pages',
): { update: (p: Step) => void; done: () => void } {
  const start = Date.now();
  let lastDraw = 0;
  let lastMark = -1;
  let drawn = false;
  const line = (p: Step) => {
    const secs = (Date.now() - start) / 1000;
    const rate = secs > 0 ? Math.round(p.done / secs) : 0;
    if (p.total === undefined) return `${p.done} ${unit}, ${rate} ${unit}/s`;
    const pct = p.total ? Math.floor((p.done / p.total) * 100) : 100;
    return `${p.done}/${p.total} ${unit} (${pct}%), ${rate} ${unit}/s`;
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
        const mark =
          p.total === undefined ? Math.floor(p.done / EVERY) : p.total ? Math.floor((p.done / p.total) * 10) : 10;
        if (mark > lastMark) {
          lastMark = mark;
          stream.write(`${line(p)}\n`);
        }
      }
    },
    done() {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}
