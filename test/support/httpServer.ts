// An in-process HTTP server on 127.0.0.1 for the endpoint client's tests: records every request, answers by a handler.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';

export interface SeenRequest {
  method: string;
  url: string;
  authorization: string | undefined;
  body: string;
  /** Date.now() when the request arrived. */
  at: number;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export interface TestServer {
  url: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}

export async function startServer(handle: (req: SeenRequest, index: number) => Answer): Promise<TestServer> {
  const seen: SeenRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const at = Date.now();
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const request = {
        method: req.method ?? '',
        url: req.url ?? '',
        authorization: req.headers.authorization,
        body,
        at,
      };
      seen.push(request);
      const answer = handle(request, seen.length - 1);
      res.writeHead(answer.status, answer.headers ?? {});
      res.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

/** A Digest (MD5, qop=auth) checker written from RFC 7616, independent of the client's own digest code. */
export function digestGate(user: string, password: string, realm = 'test-realm', nonce = 'n0nce-1') {
  const challenge = `Digest realm="${realm}", nonce="${nonce}", qop="auth", algorithm=MD5`;
  return {
    challenge,
    /** Whether the Authorization header is a correct Digest answer for this method. */
    accepts(method: string, authorization: string | undefined): boolean {
      if (!authorization?.startsWith('Digest ')) return false;
      const p: Record<string, string> = {};
      for (const m of authorization.slice(7).matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]*))/g)) p[m[1]!] = m[2] ?? m[3] ?? '';
      if (p.username !== user || p.realm !== realm || p.nonce !== nonce || p.qop !== 'auth') return false;
      const ha1 = md5(`${user}:${realm}:${password}`);
      const ha2 = md5(`${method}:${p.uri}`);
      return p.response === md5(`${ha1}:${nonce}:${p.nc}:${p.cnonce}:auth:${ha2}`);
    },
  };
}
