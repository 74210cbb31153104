// The writer thread: serialises each pathway (Turtle file, all.nq bytes) and writes the files, in the order asked.
//
// Started by writerThread.ts. Messages are handled one at a time, in order; each gets one reply with its id.
// After the first failure every later message is answered with that failure and nothing more is written.

import { closeSync, fsyncSync, mkdirSync, openSync, readSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parentPort } from 'node:worker_threads';
import { DataFactory } from 'n3';
import { tempName, writeAllSync, writeFileAtomicSync, writeStagedSync } from './atomicFile.js';
import { fsyncDirSync } from './durable.js';
import { killPoint } from './killPoint.js';
import { unpackQuads } from './quadPack.js';
import { toNQuadsBytes, toTurtleBytes } from './serialize.js';
import { copyErrorFields, type WriterReply, type WriterRequest } from './writerThread.js';

const { namedNode } = DataFactory;

interface Open {
  out: string;
  prefixes: Record<string, string>;
  /** all.nq, replaced on commit. */
  file: string;
  tmp: string;
  /** The temporary file being written; -1 once closed. */
  fd: number;
  bytes: number;
  /** The previous all.nq, opened for the first kept pathway. */
  previous: number | undefined;
  /** Per-pathway files written under their temporary names: temporary name -> file, renamed on commit. */
  staged: Map<string, string>;
}

let open: Open | undefined;
let failure: WriterReply['error'];

function append(o: Open, chunk: Uint8Array): { offset: number; length: number } {
  const range = { offset: o.bytes, length: chunk.length };
  try {
    writeAllSync(o.fd, chunk);
  } catch (error) {
    (error as NodeJS.ErrnoException).path ??= o.file; // a write on a descriptor names no file
    throw error;
  }
  o.bytes += chunk.length;
  return range;
}

/** Closes the new all.nq and the previous one, once. */
function closeAll(o: Open): void {
  const { fd, previous } = o;
  o.fd = -1;
  o.previous = undefined;
  if (previous !== undefined) closeSync(previous);
  if (fd >= 0) closeSync(fd);
}

function opened(): Open {
  if (open === undefined) throw new Error('writer thread: no output open');
  return open;
}

function handle(m: WriterRequest): WriterReply['result'] {
  switch (m.op) {
    case 'open': {
      mkdirSync(path.dirname(m.file), { recursive: true });
      const tmp = tempName(m.file);
      open = { out: m.out, prefixes: m.prefixes, file: m.file, tmp, fd: openSync(tmp, 'w'), bytes: 0, previous: undefined, staged: new Map() };
      return undefined;
    }
    case 'page': {
      const o = opened();
      const quads = unpackQuads(m.packed);
      // Put into place on commit (the pathways folder is synced then, by the main thread: fileSinks.removeStale).
      const file = path.join(o.out, 'pathways', `${m.wpid}.ttl`);
      o.staged.set(writeStagedSync(file, toTurtleBytes(quads, o.prefixes, [namedNode(m.graph), namedNode(m.subject)])), file);
      return append(o, toNQuadsBytes(quads));
    }
    case 'keep': {
      const o = opened();
      o.previous ??= openSync(o.file, 'r');
      const buffer = Buffer.alloc(m.range.length);
      let read = 0;
      while (read < m.range.length) {
        const n = readSync(o.previous, buffer, read, m.range.length - read, m.range.offset + read);
        if (n === 0) break;
        read += n;
      }
      if (read !== m.range.length) throw new Error(`all.nq of the previous run is shorter than its state says (${o.file})`);
      return append(o, buffer);
    }
    case 'bytes': // layout:
      return append(opened(), m.bytes);
    case 'graph': {
      const o = opened();
      const quads = unpackQuads(m.packed);
      append(o, toNQuadsBytes(quads));
      writeFileAtomicSync(path.join(o.out, `${m.name}.ttl`), toTurtleBytes(quads, o.prefixes));
      return undefined;
    }
    case 'commit': {
      const o = opened();
      killPoint('before-commit');
      fsyncSync(o.fd);
      closeAll(o);
      // all.nq first: once it is replaced, the state no longer matches it and the next run redoes every
      // pathway file, so a crash between these renames cannot leave a file the state does not describe.
      renameSync(o.tmp, o.file);
      fsyncDirSync(path.dirname(o.file));
      killPoint('after-all-nq');
      for (const [tmp, file] of o.staged) renameSync(tmp, file);
      o.staged.clear();
      open = undefined;
      return undefined;
    }
    case 'abort': {
      const o = open;
      open = undefined;
      if (o === undefined) return undefined;
      try {
        closeAll(o);
      } finally {
        rmSync(o.tmp, { force: true });
        for (const tmp of o.staged.keys()) rmSync(tmp, { force: true });
      }
      return undefined;
    }
  }
}

parentPort!.on('message', (m: WriterRequest) => {
  let reply: WriterReply;
  if (failure !== undefined && m.op !== 'abort') {
    reply = { id: m.id, error: failure };
  } else {
    try {
      reply = { id: m.id, result: handle(m) };
    } catch (error) {
      if (m.op !== 'abort') failure = describe(error);
      reply = { id: m.id, error: describe(error) };
    }
  }
  parentPort!.postMessage(reply);
});

/** The error as plain data: a structured clone of an Error keeps its message and stack, not `code` or `path`. */
function describe(error: unknown): NonNullable<WriterReply['error']> {
  if (!(error instanceof Error)) return { message: String(error) };
  const out: NonNullable<WriterReply['error']> = { message: error.message };
  copyErrorFields(error, out);
  return out;
}
