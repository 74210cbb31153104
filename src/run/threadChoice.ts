// Whether a run that converts starts the output thread (src/load/outputThread.ts). The thread pays on a run that
// converts many pages: it splits, serialises and writes them while this thread transforms the next ones. A run with
// a few pages to read gains nothing from it and pays for it: the thread's start-up and module loading, its own heap,
// the kept pathways' messages. The same bytes come out either way.

/**
 * Runs that read at most this many pages keep their output on the main thread. Measured on 2022 (2,733 pages) after
 * a completed run, see README "Speed".
 */
export const FEW_PAGES = 4;

/** `toRead`: the pages the run will read as the stamps tell (snapshot.ts pagesToRead); unknown on a first run. */
export function wantsOutputThread(toRead: number | undefined): boolean {
  return toRead === undefined || toRead > FEW_PAGES;
}
