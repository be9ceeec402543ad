import { runKql } from "../../src/kql/index.js";
import type { CertificateInfoRow } from "../../src/store/columns.js";
import { certificateRow } from "./certificate-rows.js";

/** A fixed `now()` for tests. */
export const testNow = "2026-12-04T12:00:00.000Z";

/** Evaluates a scalar KQL expression over one table row, through a real query. */
export function evaluateScalar(expression: string, values: CertificateInfoRow = {}): unknown {
  const query = `DeviceFileCertificateInfo | project Result = ${expression}`;
  const result = runKql(query, [certificateRow(values)], { now: testNow });
  return result.rows[0]!.Result;
}
