import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMappings } from '../../../../src/mappings.js';
import { parseTable } from '../../../../src/transform/participants/parseTable.js';
import { labelLike } from '../../../../src/transform/participants/table2022.js';
import { PROJECT_ROOT } from '../../../support/corpus.js';

const FIXTURES = path.join(PROJECT_ROOT, 'test', 'fixtures', 'participants');
const pm = loadMappings().participants;
const read = (name: string) => ({ file: name, text: readFileSync(path.join(FIXTURES, name), 'utf8') });
const warningsOf = (w: { code: string; line?: number; key?: string; message: string }[]) =>
  w.map((e) => ({ code: e.code, line: e.line, key: e.key, message: e.message }));

describe('2022 participant table (not valid TSV)', () => {
  const parsed = parseTable(read('WP9001-datanodes-2022.tsv'), pm);
  const byLine = new Map(parsed.participants.map((p) => [p.origin.kind === 'table' ? p.origin.line : 0, p]));

  it('is told apart by its header', () => {
    expect(parsed.format).toBe('2022');
  });

  it('recovers every row, starting each at the first line of its label', () => {
    expect(parsed.participants.map((p) => [p.origin.kind === 'table' ? p.origin.line : -1, p.label, p.type])).toEqual([
      [3, 'Voltage Gated Ca2+ Channel', 'Complex'],
      [5, 'CACNB3', 'Protein'],
      [7, 'CACNA2D1(1-?)', 'Protein'],
      [8, 'UGP', 'GeneProduct'],
      [9, 'Camk4', 'GeneProduct'],
      [10, 'CoA (20:0)', 'Metabolite'],
      [12, 'Ca2+', 'Metabolite'],
      [13, 'X', 'Protein'],
      [14, 'RNA', 'RNA'],
      [15, 'P D G F A', 'GeneProduct'],
      [20, 'connexin', 'GeneProduct'],
      [21, 'Lonely', ''],
      [22, 'IL6', 'Protein'],
      [24, 'TP53', 'GeneProduct'],
    ]);
  });

  it('maps ID and Database to a system and keeps the row id as the primary one', () => {
    expect(byLine.get(5)).toMatchObject({ ids: { uniprot: ['P54284'] }, primary: { system: 'uniprot', id: 'P54284' } });
    expect(byLine.get(9)).toMatchObject({ ids: { ncbigene: ['12326'] } });
    expect(byLine.get(12)).toMatchObject({ ids: { chebi: ['CHEBI:29108'] } });
    expect(byLine.get(14)).toMatchObject({ ids: { wikidata: ['Q82069695'] } });
    // Reactome has an IRI form (GPML2RDF's identifiers.org/reactome/…): the row's own identifier
    expect(byLine.get(3)).toMatchObject({
      ids: { reactome: ['R-HSA-210378'] },
      primary: { system: 'reactome', id: 'R-HSA-210378' },
    });
    // a known database without an IRI form (Rice Ensembl Gene) gives no ids
    expect(byLine.get(8)!.ids).toEqual({});
    expect(byLine.get(8)!.primary).toBeUndefined();
  });

  it('joins an identifier split over two lines', () => {
    expect(byLine.get(10)).toMatchObject({
      ids: { lipidmaps: ['LMFA07050006', 'LMFA07050329'] },
      primary: { system: 'lipidmaps', id: 'LMFA07050006' },
    });
  });

  it('reports bad rows and lines that belong to no row, with file and line', () => {
    expect(warningsOf(parsed.warnings)).toEqual([
      {
        code: 'TABLE_ROW_INVALID',
        line: 2,
        key: undefined,
        message: 'Line belongs to no row (no Type, ID and Database before it): "Notes: drawn by hand"',
      },
      { code: 'TABLE_ROW_INVALID', line: 13, key: 'Database', message: 'Unknown Database "MysteryDB" for ID "123"' },
      { code: 'TABLE_ROW_INVALID', line: 22, key: 'ID', message: 'Database "Entrez Gene" without an ID' },
      { code: 'TABLE_ROW_INVALID', line: 24, key: 'Database', message: 'ID "ENSG00000141510" without a Database' },
    ]);
    expect(parsed.warnings.every((w) => w.file === 'WP9001-datanodes-2022.tsv')).toBe(true);
  });

  it('counts what it did with the continuation lines', () => {
    expect(parsed.stats).toEqual({
      lines: 23,
      rows: 14,
      multiLineRows: 3,
      labelLines: 5,
      commentLines: 2,
      lostLines: 1,
    });
  });

  it('tells label lines from comment lines', () => {
    expect(labelLike('Voltage Gated Ca2+')).toBe(true);
    expect(labelLike('RAP1:GTP:activated')).toBe(true);
    expect(labelLike('</br>HomologyConvert: Homo sapiens to Bos taurus')).toBe(false);
    expect(labelLike('Original kegg element: gene;58;cel:K05F1.3')).toBe(false);
    expect(labelLike('- DOLPP1 - Dolichyldiphosphatase 1')).toBe(false);
    expect(labelLike('and continues here.')).toBe(false);
    expect(labelLike('   ')).toBe(false);
    expect(labelLike('We are studying a family of kinases which we believe provide an interface')).toBe(false);
  });
});

describe('current participant table (compact URIs)', () => {
  const parsed = parseTable(read('WP9002-datanodes-current.tsv'), pm);
  const rows = parsed.participants;

  it('reads Label, Type, Identifier and every mapped column, several values per cell', () => {
    expect(parsed.format).toBe('current');
    expect(rows[0]).toEqual({
      label: 'CACNB3',
      type: 'GeneProduct',
      origin: { kind: 'table', line: 2 },
      primary: { system: 'ensembl', id: 'ENSG00000167535' },
      ids: {
        ensembl: ['ENSG00000167535'],
        ncbigene: ['784'],
        'hgnc.symbol': ['CACNB3'],
        uniprot: ['P54284', 'A0A000'],
      },
    });
  });

  it('unquotes the Comment and still finds the columns after it', () => {
    expect(rows[1]!.ids).toEqual({
      chebi: ['CHEBI:29108'],
      wikidata: ['Q1'],
      inchikey: ['BHPQYMZQTOCNFJ-UHFFFAOYSA-N'],
      'pubchem.compound': ['271'],
      hmdb: ['HMDB0000464'],
      'kegg.compound': ['C00076'],
    });
  });

  it('reads a row with a tab in its label from the right', () => {
    expect(rows[2]).toMatchObject({
      label: 'Ras',
      type: 'Protein',
      primary: { system: 'ensembl', id: 'ENSG00000133703' },
      ids: { 'hgnc.symbol': ['KRAS'] },
    });
  });

  it('takes each value by its own prefix, whatever column it sits in', () => {
    expect(rows[3]).toMatchObject({
      label: 'GNAQ',
      ids: { ncbigene: ['2776'], 'hgnc.symbol': ['GNAQ'], wikidata: ['Q2'] },
    });
  });

  it('reports unknown prefixes, identifiers without a source and short rows', () => {
    expect(rows.map((r) => r.label)).toEqual(['CACNB3', 'Ca2+', 'Ras', 'GNAQ', 'Thing']);
    expect(rows[4]!.ids).toEqual({});
    expect(warningsOf(parsed.warnings)).toEqual([
      {
        code: 'TABLE_ROW_INVALID',
        line: 6,
        key: 'Identifier',
        message: 'Identifier ":LOC_Os01g63290" names no data source',
      },
      {
        code: 'TABLE_ROW_INVALID',
        line: 6,
        key: 'Ensembl',
        message: 'Unknown prefix "foo" in Ensembl value "foo:123"',
      },
      { code: 'TABLE_ROW_INVALID', line: 7, key: undefined, message: 'Expected 16 tab-separated columns, got 2' },
    ]);
    expect(parsed.stats).toMatchObject({ rows: 5, lines: 6, lostLines: 1, multiLineRows: 1 });
  });

  it('reads CRLF line ends and a comment that runs over two lines', () => {
    const header =
      'Label\tType\tIdentifier\tComment\tEnsembl\tNCBI gene\tHGNC\tUniProt\tWikidata\tChEBI\tInChI\tPubChem\tChemSpider\tHMDB\tKEGG\tLipidMaps';
    const empty = '\t'.repeat(10);
    const text = `${header}\r\nA\tGeneProduct\tncbigene:1\t"first\r\nsecond"\t\tncbigene:1${empty}\r\nB\tGeneProduct\tncbigene:2\t""\t\tncbigene:2${empty}\r\n`;
    const parsedCrlf = parseTable({ file: 't.tsv', text }, pm);
    expect(parsedCrlf.participants.map((p) => [p.label, p.origin.kind === 'table' ? p.origin.line : 0, p.ids])).toEqual(
      [
        ['A', 2, { ncbigene: ['1'] }],
        ['B', 4, { ncbigene: ['2'] }],
      ],
    );
    expect(parsedCrlf.warnings).toEqual([]);
  });
});

describe('tables of neither format', () => {
  it('gives no participants and one TABLE_HEADER_INVALID warning', () => {
    const parsed = parseTable({ file: 'odd.tsv', text: 'Name\tKind\nA\tB\n' }, pm);
    expect(parsed.format).toBe('unknown');
    expect(parsed.participants).toEqual([]);
    expect(warningsOf(parsed.warnings)).toEqual([
      {
        code: 'TABLE_HEADER_INVALID',
        line: 1,
        key: undefined,
        message:
          'Expected a header "Label<TAB>Type<TAB>ID<TAB>Database…" or "Label<TAB>Type<TAB>Identifier<TAB>Comment…", got "Name\\tKind"',
      },
    ]);
  });

  it('reads an empty file as no participants and no warnings', () => {
    expect(parseTable({ file: 'empty.tsv', text: '' }, pm)).toMatchObject({ participants: [], warnings: [] });
  });
});
