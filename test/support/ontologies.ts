// Small hand-written ontologies shared by the annotation tests.

import { parseObo } from '../../src/reference/obo.js';
import type { Ontologies } from '../../src/transform/resolveAnnotation.js';

const PW = `format-version: 1.2
data-version: 7.97

[Term]
id: PW:0000001
name: pathway

[Term]
id: PW:0000003
name: signaling pathway
synonym: "signalling pathway" EXACT []
synonym: "signal transduction" RELATED []
synonym: "cascade" NARROW []
is_a: PW:0000001 ! pathway

[Term]
id: PW:0000008
name: Wnt signaling pathway
synonym: "fat pathway" EXACT []
is_a: PW:0000003 ! signaling pathway

[Term]
id: PW:0000201
name: Wnt signaling, canonical pathway
is_a: PW:0000008

[Term]
id: PW:0000597
name: Wnt signaling, non-canonical pathway
is_a: PW:0000008

[Term]
id: PW:0000028
name: alanine, aspartate and glutamate metabolic pathway
synonym: "valine, leucine pathway" EXACT []
is_a: PW:0000001

[Term]
id: PW:0000400
name: lipid pathway
synonym: "fat pathway" EXACT []
synonym: "Wnt signaling pathway" EXACT []
is_a: PW:0000001

[Term]
id: PW:0001868
name: hypermethioninemia pathway
is_a: PW:0000001

[Term]
id: PW:0002471
name: hypermethioninemia pathway
is_a: PW:0000001
is_a: PW:0000400

[Term]
id: PW:0000100
name: old signaling pathway
is_obsolete: true
replaced_by: PW:0000003

[Term]
id: PW:0000155
name: phospholipid metabolic pathway
is_obsolete: true
consider: PW:0000400

[Term]
id: PW:0001294
name: eicosanoid signaling pathway
is_obsolete: true

[Term]
id: PW:0000565
name: eicosanoid signaling pathway
is_a: PW:0000003

[Term]
id: PW:0002423
name: synaptic vesicle cycle pathway
alt_id: PW:0001072
is_a: PW:0000003

[Term]
id: PW:0001072
name: synaptic vesicle cycle pathway
is_obsolete: true
`;

const DOID = `format-version: 1.2
data-version: releases/2024-01-31/doid.obo

[Term]
id: DOID:4
name: disease

[Term]
id: DOID:9452
name: steatotic liver disease
synonym: "fatty liver disease" EXACT []
is_a: DOID:4

[Term]
id: DOID:0060398
name: chromosome 16p11.2 deletion syndrome, 220-kb
is_a: DOID:4

[Term]
id: DOID:344
name: obsolete disease of biological process
is_obsolete: true

[Term]
id: DOID:0090121
name: obsolete apparent mineralocorticoid excess
is_obsolete: true
replaced_by: DOID:4367

[Term]
id: DOID:4367
name: apparent mineralocorticoid excess syndrome
is_a: DOID:4
`;

const CL = `format-version: 1.2
data-version: cl/releases/2022-11-25/cl-basic.owl

[Term]
id: CL:0000000
name: cell

[Term]
id: CL:4023154
name: myelinating glial cell
alt_id: CL:0000328
is_a: CP:0000001 ! a foreign class between two CL classes

[Term]
id: CP:0000001
name: cell part
is_a: CL:0000000

[Term]
id: CL:0000610
name: obsolete plant cell
is_obsolete: true
consider: PO:0009002
`;

export function testOntologies(): Ontologies {
  const cl = parseObo(CL, 'cl-basic.obo', 'CL');
  cl.newerLabels = {
    file: 'synonyms.tsv',
    version: 'sha256:0',
    entries: [
      { id: 'CL:0000328', text: 'myelin accumulating cell', scope: 'name' },
      { id: 'CL:0000610', text: 'obsolete plant cell', scope: 'name' },
    ],
  };
  return { PW: parseObo(PW, 'pathway.obo', 'PW'), DOID: parseObo(DOID, 'doid.obo', 'DOID'), CL: cl };
}
