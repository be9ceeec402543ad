/**
 * Perf: the columns a hunt must read from SQLite. Fetching only these cuts
 * the cost of the row pass, which on a large table is much of a hunt's time.
 */
import type { KqlQuery } from "../kql/index.js";
import { compileQuery } from "../kql/pipeline.js";
import { certificateInfoColumns } from "../store/columns.js";
import { matchedRowColumns } from "./run-hunts.js";

const tableColumns = certificateInfoColumns.map(({ name, type }) => ({ name, type }));

/**
 * Returns the table columns that `queries` read, plus the columns kept for
 * each row behind a result (which include every column an allowlist entry
 * matches on). Returns undefined when some query passes whole table rows on,
 * so every column is needed.
 */
export function columnsReadBy(queries: readonly KqlQuery[]): string[] | undefined {
  const names = new Set<string>(matchedRowColumns);
  for (const query of queries) {
    // The same compilation that runKqlBatch does; `now` only fixes now() values, unused here.
    const compiled = compileQuery(query.ast, { tableColumns, now: 0, trackSources: false });
    if (compiled.tableColumnsUsed === "all") return undefined;
    for (const index of compiled.tableColumnsUsed) names.add(tableColumns[index]!.name);
  }
  return [...names];
}
