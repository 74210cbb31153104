// atomicFile.ts on its own: files appear whole or not at all, folders are made when missing (also when
// removed since an earlier write), and full-disk errors name the output file, not its temporary name.

import { createHook } from 'node:async_hooks';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { PipelineError } from '../../../src/errors.js';
import { AtomicStream, outputError, tempName, writeFileAtomic, writeStaged } from '../../../src/load/atomicFile.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pkg-atomic-'));
});

describe('tempName', () => {
  it('is a hidden name beside the file, with the process id', () => {
    expect(tempName('/a/b/WP1.ttl')).toBe(`/a/b/.WP1.ttl.${process.pid}.tmp`);
  });
});

describe.each([['writeFileAtomic', (file: string, text: string) => writeFileAtomic(file, text)]])(
  '%s',
  (_name, write) => {
    it('replaces a file with the new bytes and leaves no temporary file', async () => {
      const file = path.join(dir, 'a.txt');
      await writeFile(file, 'old content, longer than the new one');
      await write(file, 'new é');
      expect(await readFile(file, 'utf8')).toBe('new é');
      expect(await readdir(dir)).toEqual(['a.txt']);
    });

    it('makes missing folders, and makes them again after they were removed', async () => {
      const file = path.join(dir, 'out', 'pathways', 'WP1.ttl');
      await write(file, 'one');
      await rm(path.join(dir, 'out'), { recursive: true });
      await write(file, 'two');
      expect(await readFile(file, 'utf8')).toBe('two');
    });

    it('fails with EEXIST when a file is where the folder should be, and creates nothing', async () => {
      await writeFile(path.join(dir, 'pathways'), 'in the way');
      await expect(write(path.join(dir, 'pathways', 'WP1.ttl'), 'x')).rejects.toMatchObject({ code: 'EEXIST' });
      expect(await readdir(dir)).toEqual(['pathways']);
      expect(await readFile(path.join(dir, 'pathways'), 'utf8')).toBe('in the way');
    });

    it('fails when the target is a folder, and leaves it and no temporary file', async () => {
      const target = path.join(dir, 'WP1.ttl');
      await mkdir(path.join(target, 'inside'), { recursive: true });
      await expect(write(target, 'x')).rejects.toMatchObject({
        code: expect.stringMatching(/^(EISDIR|ENOTEMPTY|EEXIST)$/),
      });
      expect(await readdir(dir)).toEqual(['WP1.ttl']);
      expect(await readdir(target)).toEqual(['inside']);
    });
  },
);

describe.each([['writeStaged', (file: string, text: string) => writeStaged(file, text)]])('%s', (_name, stage) => {
  it('writes the temporary name only: the file keeps its old content until the caller renames', async () => {
    const file = path.join(dir, 'pathways', 'WP1.ttl');
    await mkdir(path.dirname(file));
    await writeFile(file, 'old');
    const tmp = await stage(file, 'new');
    expect(tmp).toBe(tempName(file));
    expect(await readFile(file, 'utf8')).toBe('old');
    expect(await readFile(tmp, 'utf8')).toBe('new');
  });

  it('makes the folder again when it was removed since the last write', async () => {
    const file = path.join(dir, 'pathways', 'WP1.ttl');
    await stage(file, 'one');
    await rm(path.join(dir, 'pathways'), { recursive: true });
    expect(await readFile(await stage(file, 'two'), 'utf8')).toBe('two');
  });

  it('writes string chunks one after the other, and byte arrays as they are', async () => {
    const file = path.join(dir, 'WP1.ttl');
    expect(await readFile(await writeStaged(file, ['a', 'é', '', 'c']), 'utf8')).toBe('aéc');
    expect(await readFile(await writeStaged(file, new Uint8Array([104, 105])), 'utf8')).toBe('hi');
  });

  it('goes through the thread pool twice per file, to create and to fsync it: written and closed on the caller', async () => {
    const file = path.join(dir, 'WP1.ttl');
    const requests: string[] = [];
    const hook = createHook({ init: (_id, type) => void (/^(FS|FILEHANDLE)/.test(type) && requests.push(type)) });
    hook.enable();
    try {
      await writeStaged(file, 'x'.repeat(100_000));
    } finally {
      hook.disable();
    }
    expect(requests).toEqual(['FSREQCALLBACK', 'FSREQCALLBACK']);
    expect(await readFile(tempName(file), 'utf8')).toHaveLength(100_000);
  });

  it('fails with the error of a chunk source that fails midway, and leaves no temporary file nor descriptor', async () => {
    const file = path.join(dir, 'WP1.ttl');
    function* failing(): Generator<string> {
      yield 'half ';
      throw new Error('the source failed');
    }
    const open = readdirSync('/proc/self/fd').length;
    await expect(writeStaged(file, failing())).rejects.toThrow('the source failed');
    expect(await readdir(dir)).toEqual([]);
    expect(readdirSync('/proc/self/fd')).toHaveLength(open);
  });

  it('names the output file when the disk is full, and leaves no temporary file', async () => {
    const file = path.join(dir, 'WP1.ttl');
    function* full(): Generator<string> {
      yield 'half ';
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    }
    await expect(writeStaged(file, full())).rejects.toMatchObject({ code: 'OUTPUT_UNWRITABLE', file });
    expect(await readdir(dir)).toEqual([]);
  });

  it('fails when its temporary name is taken by a folder, and creates no file', async () => {
    const file = path.join(dir, 'WP1.ttl');
    await mkdir(tempName(file)); // the temporary name is taken by a folder: open fails with EISDIR
    const error = (await stage(file, 'x').catch((e: unknown) => e)) as NodeJS.ErrnoException;
    expect(error.code).toBe('EISDIR');
    expect(existsSync(file)).toBe(false);
  });
});

describe('AtomicStream', () => {
  it('appears as the file on commit only, with every chunk in order', async () => {
    const file = path.join(dir, 'new', 'all.nq');
    const stream = await AtomicStream.open(file);
    await stream.write('a ');
    await stream.write(Buffer.from('b é'));
    expect(existsSync(file)).toBe(false);
    await stream.commit();
    expect(await readFile(file, 'utf8')).toBe('a b é');
    expect(await readdir(path.dirname(file))).toEqual(['all.nq']);
  });

  it('leaves the previous file and no temporary file on abort', async () => {
    const file = path.join(dir, 'all.nq');
    await writeFile(file, 'previous');
    const stream = await AtomicStream.open(file);
    await stream.write('half of the new one');
    await stream.abort();
    expect(await readFile(file, 'utf8')).toBe('previous');
    expect(await readdir(dir)).toEqual(['all.nq']);
  });

  it('leaves no temporary file when aborted before its file is even open', async () => {
    // The stream opens its file in the background: an abort that removed it first would see it come back.
    for (let i = 0; i < 50; i++) {
      const stream = await AtomicStream.open(path.join(dir, 'early', 'all.nq'));
      await stream.write('half');
      await stream.abort();
    }
    expect(await readdir(path.join(dir, 'early'))).toEqual([]);
  });

  it('with a high-water mark, a write below it goes on at once: the chunk waits in the stream, not the caller', async () => {
    const file = path.join(dir, 'all.nq');
    const inner = (s: AtomicStream) => (s as unknown as { stream: { writableLength: number } }).stream;
    const roomy = await AtomicStream.open(file, 1 << 20);
    // Larger than the stream's default (16 KB): without the mark the write would wait until it is done.
    await roomy.write(Buffer.alloc(100_000, 'a'));
    await roomy.write(Buffer.alloc(100_000, 'b'));
    expect(inner(roomy).writableLength).toBe(200_000);
    await roomy.commit();
    expect(await readFile(file, 'latin1')).toBe('a'.repeat(100_000) + 'b'.repeat(100_000));
    const plain = await AtomicStream.open(file);
    await plain.write(Buffer.alloc(100_000, 'c'));
    expect(inner(plain).writableLength).toBe(0);
    await plain.abort();
  });

  it('with a high-water mark, a write after the disk filled up fails as a full disk, and abort leaves nothing', async () => {
    const file = path.join(dir, 'all.nq');
    const stream = await AtomicStream.open(file, 1 << 20);
    await stream.write('some ');
    const inner = (stream as unknown as { stream: NodeJS.WritableStream & { destroy(e: Error): void } }).stream;
    inner.destroy(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
    await new Promise((resolve) => setImmediate(resolve));
    await expect(stream.write(Buffer.alloc(1000))).rejects.toMatchObject({ code: 'OUTPUT_UNWRITABLE', file });
    await expect(stream.commit()).rejects.toMatchObject({ code: 'OUTPUT_UNWRITABLE', file });
    await stream.abort();
    expect(await readdir(dir)).toEqual([]);
  });

  it('writeThrough: each chunk in the file when it resolves, so its buffer can be filled again', async () => {
    const file = path.join(dir, 'all.nq');
    const stream = await AtomicStream.open(file);
    const buffer = Buffer.from('first ');
    await stream.writeThrough(buffer);
    buffer.write('again ');
    await stream.writeThrough(buffer);
    await stream.commit();
    expect(await readFile(file, 'utf8')).toBe('first again ');
  });

  it('writeThrough after the disk filled up: the full disk, not a destroyed stream', async () => {
    // What a full disk does to the stream under it: an error, then every later write refused (ERR_STREAM_DESTROYED).
    const file = path.join(dir, 'all.nq');
    const stream = await AtomicStream.open(file);
    await stream.writeThrough(Buffer.from('some '));
    const inner = (stream as unknown as { stream: NodeJS.WritableStream & { destroy(e: Error): void } }).stream;
    inner.destroy(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
    await new Promise((resolve) => setImmediate(resolve));
    const failed = await stream.writeThrough(Buffer.from('more')).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(failed).toBeInstanceOf(PipelineError);
    expect((failed as PipelineError).code).toBe('OUTPUT_UNWRITABLE');
    expect((failed as PipelineError).message).toContain('(ENOSPC)');
    await stream.abort();
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('outputError', () => {
  const errno = (code: string, p?: string): NodeJS.ErrnoException =>
    Object.assign(new Error(`${code}: oops`), { code, ...(p === undefined ? {} : { path: p }) });

  it('makes a full disk OUTPUT_UNWRITABLE, naming the output file rather than its temporary name', () => {
    const file = path.join(dir, 'pathways', 'WP1.ttl');
    const e = outputError(errno('ENOSPC', tempName(file)));
    expect(e).toBeInstanceOf(PipelineError);
    expect(e).toMatchObject({
      code: 'OUTPUT_UNWRITABLE',
      file,
      message: 'Cannot write this file: no space left on the device (ENOSPC)',
    });
  });

  it('names the file given, and says "the output" when there is none', () => {
    expect(outputError(errno('EROFS'), '/out/all.nq')).toMatchObject({
      code: 'OUTPUT_UNWRITABLE',
      file: '/out/all.nq',
      message: 'Cannot write this file: the file system is read-only (EROFS)',
    });
    expect(outputError(errno('EDQUOT'))).toMatchObject({
      code: 'OUTPUT_UNWRITABLE',
      message: 'Cannot write the output: disk quota exceeded (EDQUOT)',
    });
  });

  it('passes any other error on as it is', () => {
    const other = errno('EACCES', '/out/x');
    expect(outputError(other)).toBe(other);
    const plain = new Error('not a system error');
    expect(outputError(plain)).toBe(plain);
  });
});
