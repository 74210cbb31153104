// Records the page messages a run sends its output thread, for outputReplay.ts: loaded before the CLI with
// `PATHWAY_KG_CAPTURE=<file> node --import ./dist/bench/outputCapture.js dist/src/cli/main.js run …`. The run itself
// is not changed: each `open`, `write` and `take` message is serialised (v8.serialize, a 4-byte length before each)
// before it is posted. Only on the main thread: Node loads --import modules in every worker thread too, and a worker
// opening the file again would truncate what the main thread wrote.

import { openSync, writeSync } from 'node:fs';
import { serialize } from 'node:v8';
import { isMainThread, Worker } from 'node:worker_threads';

const file = process.env.PATHWAY_KG_CAPTURE;
if (isMainThread && file !== undefined && file !== '') {
  const fd = openSync(file, 'w');
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (this: Worker, message: unknown, transfer?: readonly unknown[]): void {
    const op = (message as { op?: unknown } | null)?.op;
    if (op === 'open' || op === 'write' || op === 'take') {
      const bytes = serialize(message);
      const length = Buffer.alloc(4);
      length.writeUInt32LE(bytes.length);
      writeSync(fd, length);
      writeSync(fd, bytes);
    }
    post.call(this, message, transfer as Parameters<Worker['postMessage']>[1]);
  };
}
