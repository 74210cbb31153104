// The client side of `--serve-from`: a small HTTP server in this process from which the store fetches the documents
// it is told to LOAD. It answers only GET/HEAD of a document published and not yet released, under a path holding a
// random token (unguessable, new for every load), on the one address and port given; everything else is a bare 404.
// It runs only while a load needs it (started by the first document, closed by the loader's close()).

import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PipelineError } from '../../errors.js';

/** A document the store may fetch until release() (its URL holds the secret token: never print it as it is). */
export interface PublishedDocument {
  url: string;
  release: () => void;
}

/** 192 random bits, URL-safe: a path nobody can guess while the load runs. */
export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export class DocumentServer {
  private next = 0;

  private constructor(
    private readonly server: Server,
    /** Path -> bytes of each document published and not released (the request handler reads it). */
    private readonly documents: Map<string, Buffer>,
    /** `http://host:port/<token>/`: what the store is told; the token is the only secret. */
    private readonly base: string,
    readonly token: string,
  ) {}

  /**
   * Listens on the host and port of `serveFrom` (an http URL the store can reach this process at; port 0 picks a free
   * one, for tests); `token` is the secret part of every document's path. Fails with CONFIG_INVALID naming the flag
   * when the address cannot be bound.
   */
  static async start(serveFrom: string, token: string = newToken()): Promise<DocumentServer> {
    const url = new URL(serveFrom);
    // Brackets of an IPv6 literal are URL syntax, not part of the address to bind.
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const documents = new Map<string, Buffer>();
    const server = createServer((req, res) => {
      const body = req.method === 'GET' || req.method === 'HEAD' ? documents.get(req.url ?? '') : undefined;
      if (body === undefined) {
        res.writeHead(404, { 'content-length': 0 }).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/n-quads; charset=utf-8', 'content-length': body.length });
      res.end(req.method === 'HEAD' ? undefined : body);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (e: NodeJS.ErrnoException) =>
        reject(
          new PipelineError(
            'CONFIG_INVALID',
            `Cannot serve documents for the store at ${url.host} (\`--serve-from\`): ${e.code ?? e.message}`,
            { key: '--serve-from', cause: e },
          ),
        ),
      );
      server.listen(Number(url.port === '' ? 80 : url.port), host, () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    const shown = host.includes(':') ? `[${host}]` : host;
    return new DocumentServer(server, documents, `http://${shown}:${port}/${token}/`, token);
  }

  /** Serves `text` as N-Quads at a fresh URL under the token until release(). */
  publish(text: string): PublishedDocument {
    const path = `/${this.token}/${this.next++}.nq`;
    this.documents.set(path, Buffer.from(text, 'utf8'));
    return { url: `${this.base}${this.next - 1}.nq`, release: () => this.documents.delete(path) };
  }

  /** Documents published and not released. */
  get published(): number {
    return this.documents.size;
  }

  /** The token replaced by *** (error bodies from the store quote the URL it failed to fetch). */
  redact(text: string): string {
    return text.split(this.token).join('***');
  }

  /** Stops serving: every document is gone, open connections are cut. */
  close(): Promise<void> {
    this.documents.clear();
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}
