/** The signsweep release, kept equal to `version` in package.json. */
export const SIGNSWEEP_VERSION = "0.1.0";
