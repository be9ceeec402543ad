/** The KQL subset that signsweep runs over its DeviceFileCertificateInfo table. */
export { KqlSyntaxError, type SourcePosition } from "./errors.js";
export {
  parseKql,
  runKql,
  runKqlBatch,
  type KqlQuery,
  type KqlResult,
  type RowInput,
  type RunOptions,
} from "./run.js";
export type { KqlColumn, KqlScalarType } from "./values.js";
