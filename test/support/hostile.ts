// Hostile pages and tables, generated in the test (never committed): the inputs of issue 14's
// "Resource exhaustion" reports, each as small to write as it can be.

/** A current-format page around `extra` (YAML lines at the top level). */
export function hostilePage(wpid: string, extra: string): string {
  return `---\ntitle: Hostile ${wpid}\nwpid: ${wpid}\norganisms:\n- Homo sapiens\n${extra}\n---`;
}

/**
 * "Billion laughs": level 0 is a list of ten strings, each next level a list of ten aliases to the one
 * before; `levels` 9 stands for 10^9 strings. Written as YAML list items under a key, indented by `indent`.
 */
export function laughs(levels: number, indent = ''): string {
  const lines = [`${indent}- &a0 [${Array(10).fill('lol').join(', ')}]`];
  for (let i = 1; i < levels; i++)
    lines.push(
      `${indent}- &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  return lines.join('\n');
}

/** `n` lines of text of about `lineBytes` bytes each, built by repetition (fast for tens of MB). */
export function repeatLines(line: string, n: number): string {
  return `${line}\n`.repeat(n);
}

export const HEADER_2022 = 'Label\tType\tID\tDatabase\tComment\n';
export const HEADER_CURRENT =
  'Label\tType\tIdentifier\tComment\tEnsembl\tNCBI gene\tHGNC\tUniProt\tWikidata\tChEBI\tInChI\tPubChem\tChemSpider\tHMDB\tKEGG\tLipidMaps\n';

/** A valid 2022 row and a valid current row, as the tables repeat them. */
export const ROW_2022 = 'TP53\tGeneProduct\t7157\tEntrez Gene\t';
export const ROW_CURRENT = `TP53\tGeneProduct\tncbigene:7157\t""${'\t'.repeat(12)}`;
