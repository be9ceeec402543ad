import type { FileReport } from "../src/model.js";

export interface MutationOriginal {
  name: string;
  bytes: Uint8Array;
  /** File offset of the certificate table, where a share of the mutations lands. */
  tableOffset: number;
}

export interface MutationRun {
  iterations: number;
  /** One line per mutant that escaped, timed out or lost its SHA-1. */
  failures: string[];
  /** How many mutants still had a signature, an anomaly or an error. */
  outcomes: { signed: number; anomalies: number; errors: number };
  slowestMilliseconds: number;
}

export function createRandom(seed: number): () => number;

export function mutate(
  original: Uint8Array,
  tableOffset: number,
  random: () => number,
): { bytes: Uint8Array; change: string };

export function runMutations(options: {
  originals: MutationOriginal[];
  iterations: number;
  seed: number;
  folder: string;
  inspect: (path: string) => Promise<FileReport>;
  maxMillisecondsPerFile: number;
}): Promise<MutationRun>;
