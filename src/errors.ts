// One error type for the whole pipeline: a stable code, where it happened, and the cause.

/** Every code the pipeline can report. The CLI maps them to exit statuses; tests match on them. */
export const ERROR_CODES = [
  // usage and configuration (exit 2)
  'USAGE',
  'CONFIG_INVALID',
  'MAPPING_INVALID',
  'REFERENCE_MISSING',
  'REFERENCE_INVALID',
  'SOURCE_INVALID',
  // the source lists far fewer pathways than the last run converted: nothing is removed (exit 8)
  'SOURCE_SHRUNK',
  // one page (reported in report.json, the run goes on)
  'PAGE_UNREADABLE',
  'PAGE_FRONTMATTER_MISSING',
  'PAGE_YAML_INVALID',
  'PAGE_NOT_A_MAPPING',
  'PAGE_WPID_MISSING',
  'PAGE_WPID_INVALID',
  'PAGE_WPID_MISMATCH',
  'PAGE_TITLE_MISSING',
  'PAGE_DUPLICATE_WPID',
  'PAGE_JSONLD_INVALID',
  'PAGE_LIMIT_EXCEEDED',
  'TABLE_LIMIT_EXCEEDED',
  'PAGE_DOWNLOAD_FAILED',
  // warnings on a page that still converts
  'PAGE_VALUE_IGNORED',
  'ORGANISM_UNKNOWN',
  'ANNOTATION_UNRESOLVED',
  'ANNOTATION_AMBIGUOUS',
  'ANNOTATION_OBSOLETE',
  'ANNOTATION_ID_UNKNOWN',
  'TABLE_UNREADABLE',
  'TABLE_HEADER_INVALID',
  'TABLE_ROW_INVALID',
  'GENE_AMBIGUOUS',
  'GENE_LABEL_MISMATCH',
  'FOLDER_UNREADABLE',
  'IRI_INVALID',
  'REFERENCE_CACHE_INVALID',
  // load
  'OUTPUT_UNWRITABLE',
  'STORE_INVALID',
  'LOCKED',
  'STATE_INVALID',
  'ENDPOINT_UNREACHABLE',
  'ENDPOINT_TIMEOUT',
  'ENDPOINT_HTTP_STATUS',
  'ENDPOINT_AUTH',
  'ENDPOINT_COUNT_MISMATCH',
  'QUERY_INVALID',
  // extract over HTTP (a source or reference host)
  'SOURCE_UNREACHABLE',
  'SOURCE_AUTH',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorLocation {
  file?: string;
  line?: number;
  /** The frontmatter key, table column or flag the error is about. */
  key?: string;
}

export interface PipelineErrorOptions extends ErrorLocation {
  cause?: unknown;
  details?: Record<string, unknown>;
}

export class PipelineError extends Error {
  readonly code: ErrorCode;
  readonly file?: string;
  readonly line?: number;
  readonly key?: string;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: PipelineErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PipelineError';
    this.code = code;
    if (options.file !== undefined) this.file = options.file;
    if (options.line !== undefined) this.line = options.line;
    if (options.key !== undefined) this.key = options.key;
    if (options.details !== undefined) this.details = options.details;
  }

  /** `file:line: message [CODE]`, the form printed on the terminal. */
  located(): string {
    const where =
      this.file === undefined ? '' : this.line === undefined ? `${this.file}: ` : `${this.file}:${this.line}: `;
    return `${where}${this.message} [${this.code}]`;
  }

  toJSON(): ReportedError {
    return toReported(this);
  }
}

/** The shape an error takes in report.json. */
export interface ReportedError {
  code: ErrorCode;
  message: string;
  file?: string;
  line?: number;
  key?: string;
  details?: Record<string, unknown>;
}

export function toReported(error: PipelineError): ReportedError {
  const out: ReportedError = { code: error.code, message: error.message };
  if (error.file !== undefined) out.file = error.file;
  if (error.line !== undefined) out.line = error.line;
  if (error.key !== undefined) out.key = error.key;
  if (error.details !== undefined) out.details = error.details;
  return out;
}

export function isPipelineError(value: unknown): value is PipelineError {
  return value instanceof PipelineError;
}

/** Wraps anything thrown into a PipelineError, keeping the original as the cause. */
export function asPipelineError(value: unknown, code: ErrorCode, location: ErrorLocation = {}): PipelineError {
  if (value instanceof PipelineError) return value;
  const message = value instanceof Error ? value.message : String(value);
  return new PipelineError(code, message, { ...location, cause: value });
}
