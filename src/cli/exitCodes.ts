// Exit statuses, one per kind of outcome, so a scheduler can tell them apart.

import type { ErrorCode } from '../errors.js';

export const EXIT = {
  OK: 0,
  FATAL: 1,
  USAGE: 2,
  REJECTED: 3,
  ENDPOINT_UNREACHABLE: 4,
  ENDPOINT_AUTH: 5,
  LOAD_FAILED: 6,
  LOCKED: 7,
  SOURCE_SHRUNK: 8,
} as const;

export function exitFor(code: ErrorCode): number {
  switch (code) {
    case 'USAGE':
    case 'CONFIG_INVALID':
    case 'MAPPING_INVALID':
    case 'REFERENCE_MISSING':
    case 'REFERENCE_INVALID':
    case 'QUERY_INVALID':
    case 'STORE_INVALID':
    case 'SOURCE_INVALID':
      return EXIT.USAGE;
    case 'ENDPOINT_UNREACHABLE':
    case 'ENDPOINT_TIMEOUT':
    case 'SOURCE_UNREACHABLE':
      return EXIT.ENDPOINT_UNREACHABLE;
    case 'ENDPOINT_AUTH':
    case 'SOURCE_AUTH':
      return EXIT.ENDPOINT_AUTH;
    case 'ENDPOINT_HTTP_STATUS':
    case 'ENDPOINT_COUNT_MISMATCH':
      return EXIT.LOAD_FAILED;
    case 'LOCKED':
      return EXIT.LOCKED;
    case 'SOURCE_SHRUNK':
      return EXIT.SOURCE_SHRUNK;
    default:
      return EXIT.FATAL;
  }
}
