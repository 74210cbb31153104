import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import { beforeAll, expect, it } from 'vitest';
import { loadMappings } from '../../../src/mappings.js';
import type { Ontology } from '../../../src/reference/obo.js';
import { loadReference, type Reference } from '../../../src/reference/loadReference.js';
import { resolveAnnotation } from '../../../src/transform/resolveAnnotation.js';
import type { AnnotationInput, OntologyKind } from '../../../src/types.js';
import { CORPUS, describeCorpus } from '../../support/corpus.js';

const KINDS: Record<string, OntologyKind> = {
  'Pathway Ontology': 'PW',
  'Disease Ontology': 'DOID',
  'Cell Type Ontology': 'CL',
};

/** Every annotation of a snapshot, read with gray-matter, with the page's title and description. */
function annotationsOf(dir: string): Array<{ file: string; context: string; annotation: AnnotationInput }> {
  const out: Array<{ file: string; context: string; annotation: AnnotationInput }> = [];
  for (const name of readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort()) {
    const data = matter(readFileSync(path.join(dir, name), 'utf8')).data as Record<string, unknown>;
    const context = [data.title, data.description].filter((v) => typeof v === 'string').join('\n');
    for (const raw of (data.annotations ?? []) as Array<Record<string, unknown>>) {
      const kind = KINDS[String(raw.type)];
      expect(kind, `${name}: annotation type ${String(raw.type)}`).toBeDefined();
      const annotation: AnnotationInput = { kind: kind as OntologyKind };
      if (typeof raw.id === 'string') annotation.id = raw.id;
      if (raw.value !== undefined && raw.value !== null) annotation.label = String(raw.value);
      out.push({ file: name, context, annotation });
    }
  }
  return out;
}

function stanzaCounts(o: Ontology): Record<string, number> {
  const all = [...o.terms.values(), ...o.foreign.values()];
  const counts: Record<string, number> = {
    stanzas: all.length,
    terms: o.terms.size,
    obsolete: all.filter((t) => t.obsolete).length,
  };
  for (const t of all) for (const s of t.synonyms) counts[s.scope] = (counts[s.scope] ?? 0) + 1;
  return counts;
}

describeCorpus('reference data and every annotation of both snapshots', () => {
  let reference: Reference;
  beforeAll(async () => {
    const started = performance.now();
    reference = await loadReference(CORPUS.reference, loadMappings());
    process.stdout.write(
      `reference loaded in ${(performance.now() - started).toFixed(0)} ms: ${JSON.stringify(reference.versions)}\n`,
    );
  });

  it('loads the ontologies with the counts given in reference/SOURCE.md', () => {
    expect(reference.versions.PW).toBe('7.97');
    expect(reference.versions.DOID).toBe('releases/2024-01-31/doid.obo');
    expect(reference.versions.CL).toBe('cl/releases/2022-11-25/cl-basic.owl');
    expect(stanzaCounts(reference.ontologies.PW)).toEqual({
      stanzas: 2739,
      terms: 2739,
      obsolete: 35,
      EXACT: 523,
      RELATED: 2082,
    });
    expect(stanzaCounts(reference.ontologies.DOID)).toEqual({
      stanzas: 13982,
      terms: 13982,
      obsolete: 2481,
      EXACT: 21225,
      RELATED: 489,
      NARROW: 67,
      BROAD: 21,
    });
    // SOURCE.md counts 2,156 EXACT synonym lines: one of them is in a [Typedef] stanza, which is not a term.
    expect(stanzaCounts(reference.ontologies.CL)).toEqual({
      stanzas: 2692,
      terms: 2683,
      obsolete: 157,
      EXACT: 2155,
      RELATED: 247,
      BROAD: 238,
      NARROW: 41,
    });
    expect(reference.ontologies.DOID.newerLabels?.entries.length).toBe(12296);
  });

  it('knows every organism named on the pages of both snapshots', () => {
    const names = new Set<string>();
    for (const dir of [CORPUS.pages2022, CORPUS.pagesCurrent]) {
      for (const name of readdirSync(dir).filter((f) => f.endsWith('.md'))) {
        const organisms = matter(readFileSync(path.join(dir, name), 'utf8')).data.organisms as unknown;
        for (const o of Array.isArray(organisms) ? organisms : [organisms])
          if (typeof o === 'string' && o.trim() !== '') names.add(o);
      }
    }
    const unknown = [...names].filter((n) => reference.organisms.taxonFor(n) === undefined);
    process.stdout.write(`organisms named on pages: ${names.size}, unknown: ${JSON.stringify(unknown)}\n`);
    expect(unknown).toEqual([]);
    expect(reference.organisms.taxonFor('Homo sapiens')).toBe('9606');
    expect(reference.organisms.taxonFor('Gadus morhua')).toBe('8049');
  });

  for (const [snapshot, dir] of [
    ['2022', CORPUS.pages2022],
    ['current', CORPUS.pagesCurrent],
  ] as const) {
    it(`resolves every annotation of the ${snapshot} pages`, () => {
      const items = annotationsOf(dir);
      const status: Record<string, number> = {};
      const codes: Record<string, number> = {};
      for (const { file, context, annotation } of items) {
        const r = resolveAnnotation(annotation, reference.ontologies, { file, context });
        status[r.status] = (status[r.status] ?? 0) + 1;
        for (const w of r.warnings) {
          expect([w.file, w.key]).toEqual([file, 'annotations']);
          codes[w.code] = (codes[w.code] ?? 0) + 1;
        }
      }
      process.stdout.write(
        `${snapshot}: ${items.length} annotations, ${JSON.stringify(status)}, warnings ${JSON.stringify(codes)}\n`,
      );
      expect(items.length).toBeGreaterThan(4000);
      if (snapshot === 'current') {
        // Every current annotation carries an id: all are linked, unknown and obsolete ids with a warning.
        expect(items.every(({ annotation }) => annotation.id !== undefined)).toBe(true);
        expect(status).toEqual({ linked: items.length });
      } else {
        expect((status.linked ?? 0) / items.length).toBeGreaterThanOrEqual(0.99);
        expect(status.unresolved ?? 0).toBe(0);
      }
    });
  }
});
