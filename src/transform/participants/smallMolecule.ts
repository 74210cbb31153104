// Tells labels of ions and small molecules (Ca2+, K+, ATP, cAMP, NADPH) from gene labels by their chemical form.

import { spellOut } from './normalise.js';

// An ion: one or two element symbols with counts and a charge (`Ca2+`, `K+`, `Fe3+`, `Ca++`, `HCO3-`, `NH4+`).
const ION = /^(?:[A-Z][a-z]?[0-9]*){1,3}\s*(?:[0-9]*[+-]|\+\+|--|\([0-9]*[+-]\))$/;
// Nucleoside mono/di/triphosphates and their cyclic and deoxy forms (`AMP`, `ATP`, `cAMP`, `cGMP`, `dCTP`, `GTP`).
const NUCLEOTIDE = /^(?:c|d|dd|2'?-?d)?[ACGTUIX][MDT]P$/;
// Redox cofactors and carriers in their usual abbreviations (`NAD+`, `NADPH`, `FADH2`, `FMN`, `CoA`, `acetyl-CoA`).
const COFACTOR =
  /^(?:NADP?H?\+?|NAD\(P\)H?\+?|FAD(?:H2)?|FMN(?:H2)?|(?:[A-Za-z-]+-)?CoA(?:-SH)?|CoQ(?:10)?|GSH|GSSG|PPi|Pi)$/;
// Simple molecules written as formulae: water, gases, peroxide (`H2O`, `CO2`, `O2`, `H2O2`, `NO`, `H2S`).
const SMALL_FORMULA = /^(?:H2O2?|CO2?|O2|O3|N2O?|NO2?|NO3-?|H2S|NH3|SO4|PO4|HPO4|H2PO4)$/;
// Lipid mediators, second messengers and thyroid hormones by class and number (`PGE2`, `LTB4`, `IP3`, `PIP2`, `T3`,
// `rT3`).
const MEDIATOR =
  /^(?:PG[A-J][0-9](?:alpha|a)?|LT[A-E]4|TX[AB]2|IP[3-6]|PI(?:P[23]?|[345]P)?|PI\([0-9,]+\)P[0-9]?|DAG|S1P|r?T[234])$/;

// Nucleotide sugars and other nucleotide-activated groups, one word after the nucleotide (`UDP-GalNAc`,
// `GDP-b-L-fucose`, `CDP-choline`); not a protein (`TDP-43`), a modified protein (`ADP-ribo-EEF2`) or an enzyme
// (`…-ase`).
const NUCLEOTIDE_SUGAR = /^(?:c|d)?[ACGTUI]DP-[A-Za-z][A-Za-z-]*(?<!ase)$/;

// Lipid shorthand: acyl chains as carbons:double bonds (`16:1(9Z)`, `PA(18:0/20:4)`), omega classes (`n-3 DPA`).
const LIPID = /(?:^|[^0-9:])[0-9]{1,2}:[0-9]{1,2}(?:[^0-9:]|$)|(?:^|[^A-Za-z])(?:n|omega|ω)-?[369](?![0-9])/;

// Amino acids and sugars with a stereo prefix (`L-Arg`, `D-Glucose`, `DL-Lactate`).
const STEREO = /^(?:L|D|DL)-[A-Z][a-z]/;

// A concentration in square brackets, perhaps with a radical or charge after it (`[Ca2+]`, `[CO2](.-)`).
const CONCENTRATION = /^\[([^[\]]+)\](?:\([^()]*\))?$/;

/**
 * True when the label is written as an ion, nucleotide (or nucleotide sugar), cofactor, simple formula
 * or lipid mediator, or as one of those in square brackets.
 */
export function looksLikeSmallMolecule(label: string): boolean {
  const text = spellOut(label).trim();
  if (text === '') return false;
  const inner = CONCENTRATION.exec(text)?.[1];
  if (inner !== undefined) return looksLikeSmallMolecule(inner);
  return (
    NUCLEOTIDE_SUGAR.test(text) ||
    STEREO.test(text) ||
    LIPID.test(text) ||
    ION.test(text) ||
    NUCLEOTIDE.test(text) ||
    COFACTOR.test(text) ||
    SMALL_FORMULA.test(text) ||
    MEDIATOR.test(text)
  );
}
