// File sinks: pathways/WPn.ttl (one Turtle file per pathway) and all.nq (the whole dataset).

import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { DataFactory, type Quad } from 'n3';
import type { PathwayGraph } from '../types.js';
import { AtomicStream, writeFileAtomic } from './atomicFile.js';
import { toNQuads, toTurtle } from './serialize.js';
import type { Sink } from './sink.js';

const { namedNode } = DataFactory;

/** `<out>/pathways/WPn.ttl`, each written atomically; files of pathways not written this run are removed on commit. */
export class TurtleDirSink implements Sink {
  readonly name = 'turtle';
  private readonly written = new Set<string>();

  constructor(private readonly out: string, private readonly prefixes: Record<string, string>, private readonly pruneStale = true) {}

  async writePathway(g: PathwayGraph): Promise<void> {
    const first = [namedNode(g.graph), namedNode(g.subject)];
    await writeFileAtomic(path.join(this.out, 'pathways', `${g.wpid}.ttl`), toTurtle(g.quads, this.prefixes, first));
    this.written.add(`${g.wpid}.ttl`);
  }

  async dropPathway(_graphIri: string, wpid: string): Promise<void> {
    await rm(path.join(this.out, 'pathways', `${wpid}.ttl`), { force: true });
  }

  async writeGraph(_graphIri: string, name: string, quads: Quad[]): Promise<void> {
    await writeFileAtomic(path.join(this.out, `${name}.ttl`), toTurtle(quads, this.prefixes));
  }

  async commit(): Promise<void> {
    if (!this.pruneStale) return;
    const dir = path.join(this.out, 'pathways');
    let names: string[] = [];
    try {
      names = await readdir(dir);
    } catch {
      return;
    }
    for (const name of names) {
      if (/^WP[0-9]+\.ttl$/.test(name) && !this.written.has(name)) await rm(path.join(dir, name), { force: true });
    }
  }

  async abort(): Promise<void> {}
}

/** `<out>/all.nq`, streamed pathway by pathway, renamed into place on commit. */
export class NQuadsFileSink implements Sink {
  readonly name = 'nquads';
  private stream: AtomicStream | undefined;

  constructor(private readonly file: string) {}

  private async open(): Promise<AtomicStream> {
    return (this.stream ??= await AtomicStream.open(this.file));
  }

  async writePathway(g: PathwayGraph): Promise<void> {
    await (await this.open()).write(toNQuads(g.quads));
  }

  async writeGraph(_graphIri: string, _name: string, quads: Quad[]): Promise<void> {
    await (await this.open()).write(toNQuads(quads));
  }

  async commit(): Promise<void> {
    await (await this.open()).commit();
  }

  async abort(): Promise<void> {
    await this.stream?.abort();
  }
}
