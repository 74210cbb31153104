// Reads a Retry-After header (RFC 9110 §10.2.3): delay-seconds or an HTTP-date.

/** The wait the header asks for in ms (0 for a date already past), or undefined when absent or unreadable. */
export function retryAfterMs(header: string | string[] | undefined, now: number = Date.now()): number | undefined {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (value === undefined || value === '') return undefined;
  if (/^\d+$/.test(value)) {
    const seconds = Number(value);
    return Number.isSafeInteger(seconds) ? seconds * 1000 : Number.POSITIVE_INFINITY;
  }
  // An HTTP-date starts with its weekday (Date.parse alone would take "1.5" or "2026" as a date); the asctime form
  // has no zone and means GMT, where Date.parse would assume local time.
  if (!/^[A-Za-z]{3,9},? /.test(value)) return undefined;
  const at = Date.parse(/GMT$/.test(value) ? value : `${value} GMT`);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
