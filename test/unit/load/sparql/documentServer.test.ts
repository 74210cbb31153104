// The server --serve-from starts: a published document is served at its secret URL only, until released or closed.

import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DocumentServer } from '../../../../src/load/sparql/documentServer.js';
import { PipelineError } from '../../../../src/errors.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function started(): Promise<DocumentServer> {
  const server = await DocumentServer.start('http://127.0.0.1:0');
  cleanup.push(() => server.close());
  return server;
}

describe('DocumentServer', () => {
  it('serves a published document as N-Quads at a URL under a long random token', async () => {
    const server = await started();
    const doc = server.publish('<https://e.org/s> <https://e.org/p> "é" <https://e.org/g> .\n');
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    expect(doc.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/${server.token}/\\d+\\.nq$`));
    const res = await fetch(doc.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/n-quads; charset=utf-8');
    expect(await res.text()).toBe('<https://e.org/s> <https://e.org/p> "é" <https://e.org/g> .\n');
  });

  it('answers 404 to every other path, method and token, and to a released document', async () => {
    const server = await started();
    const other = await started();
    const doc = server.publish('x');
    const base = doc.url.slice(0, doc.url.indexOf(server.token));
    const misses = [
      base,
      `${base}${server.token}/`,
      `${base}${server.token}/1.nq`,
      `${base}${other.token}/0.nq`,
      `${base}${server.token.slice(0, -1)}/0.nq`,
      // Another case of the same token (a path compared without case would be easier to guess).
      `${base}${server.token.toLowerCase() === server.token ? server.token.toUpperCase() : server.token.toLowerCase()}/0.nq`,
      `${doc.url}?x=1`,
    ];
    for (const url of misses) expect((await fetch(url)).status, url).toBe(404);
    expect((await fetch(doc.url, { method: 'POST', body: 'x' })).status).toBe(404);
    expect(other.token).not.toBe(server.token);
    doc.release();
    expect((await fetch(doc.url)).status).toBe(404);
    expect(server.published).toBe(0);
  });

  it('stops serving when closed', async () => {
    const server = await DocumentServer.start('http://127.0.0.1:0');
    const doc = server.publish('x');
    await server.close();
    await expect(fetch(doc.url)).rejects.toThrow();
  });

  it('an address it cannot bind is a CONFIG_INVALID naming --serve-from', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    cleanup.push(() => new Promise((resolve) => taken.close(() => resolve())));
    const port = (taken.address() as { port: number }).port;
    const error = await DocumentServer.start(`http://127.0.0.1:${port}`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PipelineError);
    expect(error).toMatchObject({ code: 'CONFIG_INVALID', key: '--serve-from' });
  });

  it('the token is taken out of text that quotes a document URL', async () => {
    const server = await started();
    const doc = server.publish('x');
    const redacted = server.redact(`Resource "${doc.url}" not found`);
    expect(redacted).not.toContain(server.token);
    expect(redacted).toContain('/***/0.nq');
  });
});
