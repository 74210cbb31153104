// The offline JSON-LD document loader: serves the pinned schema.org context, refuses every other URL.

/**
 * The URLs pages may name as `@context` for schema.org: the site root over http or https, with or
 * without `www.` and the trailing slash, and the context file the site links to
 * (`/docs/jsonldcontext.json` or `.jsonld`). All are answered with the same pinned document.
 */
const SCHEMA_ORG_CONTEXT_URL = /^https?:\/\/(?:www\.)?schema\.org(?:\/(?:docs\/jsonldcontext\.json(?:ld)?)?)?$/;

export function isSchemaOrgContextUrl(url: string): boolean {
  return SCHEMA_ORG_CONTEXT_URL.test(url);
}

/** The shape jsonld.js expects back from a document loader. */
export interface RemoteDocument {
  contextUrl: null;
  documentUrl: string;
  document: object;
}

export type DocumentLoader = (url: string) => Promise<RemoteDocument>;

/**
 * A loader that never touches the network. The answer carries no cache `tag`, so jsonld.js does not
 * keep the processed context in its process-wide cache: every call uses exactly the document given
 * here (a second context for the same URL, as in tests, is never shadowed by the first).
 */
export function makeDocumentLoader(schemaOrgContext: object): DocumentLoader {
  return async (url: string) => {
    if (!isSchemaOrgContextUrl(url)) {
      throw new Error(`Refusing to load ${JSON.stringify(url)}: only the schema.org context is served, offline`);
    }
    return { contextUrl: null, documentUrl: url, document: schemaOrgContext };
  };
}
