/**
 * Runs hunting queries over the DeviceFileCertificateInfo table in one pass
 * and returns, for each, its result table, the table rows behind every
 * result row, and which of them an allowlist marks as known good.
 */
import { runKqlBatch, type KqlColumn, type KqlQuery, type RowInput } from "../kql/index.js";
import type { CertificateInfoRow } from "../store/columns.js";
import { Allowlist } from "./allowlist.js";
import type { AllowlistEntry } from "./allowlist-file.js";

/** A query to run: a rule file's fields, or an ad-hoc query. `HuntingRule` fits. */
export interface HuntDefinition {
  readonly id: string;
  readonly name: string;
  readonly source: string;
  readonly tactics: readonly string[];
  readonly relevantTechniques: readonly string[];
  readonly kql: KqlQuery;
}

/** Table columns kept for each row behind a result: what a responder needs to act. */
export const matchedRowColumns = [
  "Timestamp", "DeviceId", "DeviceName", "FolderPath", "FileName", "SHA1", "Signer",
  "SignerHash", "Issuer", "SignatureIndex", "ReportId", "ScanId",
] as const;

export type MatchedRow = Record<(typeof matchedRowColumns)[number], string | number | null> & {
  Allowed: boolean;
  AllowReason: string | null;
};

export interface HuntResultRow {
  /** The query's own result row, by column name. */
  readonly Row: Record<string, unknown>;
  /** True when every table row behind this result is allowed (and there is at least one). */
  readonly Allowed: boolean;
  /** The distinct reasons of those rows' allowlist entries, joined by "; ", or null. */
  readonly AllowReason: string | null;
  readonly SourceRows: MatchedRow[];
}

export interface HuntResult {
  readonly id: string;
  readonly name: string;
  readonly source: string;
  readonly tactics: readonly string[];
  readonly relevantTechniques: readonly string[];
  readonly query: string;
  readonly columns: readonly KqlColumn[];
  readonly results: HuntResultRow[];
  /** Result rows that are not allowed: what `--fail-on-match` looks at. */
  readonly unallowedResultCount: number;
}

export interface HuntSummary {
  readonly rulesRun: number;
  readonly rulesMatched: number;
  /** Rules with at least one result row that is not allowed. */
  readonly rulesWithUnallowedResults: number;
  readonly resultRows: number;
  readonly allowedResultRows: number;
}

export interface HuntReport {
  /** The `now()` every query saw, ISO 8601 UTC. */
  readonly now: string;
  readonly allowlists: readonly string[];
  readonly summary: HuntSummary;
  readonly hunts: HuntResult[];
}

export interface RunHuntsOptions {
  readonly now?: Date;
  readonly allowlist?: Allowlist;
  /**
   * Returns the `matchedRowColumns` of the rows with these ReportIds, for
   * input rows that lack some of them.
   */
  readonly readMatchedRows?: (reportIds: readonly number[]) => Map<number, CertificateInfoRow>;
}

/**
 * Runs every hunt over one pass of `rows`.
 * NOTE: the rows behind every result row stay in memory until the report is
 * built. The built-in rules filter first, so that is a few rows; an ad-hoc
 * query that summarizes the whole table keeps every row.
 */
export function runHunts(
  hunts: readonly HuntDefinition[],
  rows: RowInput,
  options: RunHuntsOptions = {},
): HuntReport {
  const now = options.now ?? new Date();
  const allowlist = options.allowlist ?? new Allowlist([]);
  const kqlResults = runKqlBatch(
    hunts.map((hunt) => hunt.kql),
    rows,
    { now, withSourceRows: true },
  );
  const decide = allowDecisions(allowlist);
  const complete = completeRows(kqlResults.flatMap((result) => result.sourceRows ?? []), options.readMatchedRows);

  const results = hunts.map((hunt, index): HuntResult => {
    const result = kqlResults[index]!;
    const resultRows = result.rows.map((row, rowIndex) =>
      describeResultRow(row, (result.sourceRows?.[rowIndex] ?? []).map(complete), decide),
    );
    return {
      id: hunt.id,
      name: hunt.name,
      source: hunt.source,
      tactics: hunt.tactics,
      relevantTechniques: hunt.relevantTechniques,
      query: hunt.kql.text,
      columns: result.columns,
      results: resultRows,
      unallowedResultCount: resultRows.filter((row) => !row.Allowed).length,
    };
  });
  return { now: now.toISOString(), allowlists: allowlist.files, summary: summarize(results), hunts: results };
}

/**
 * Returns a function that gives each source row with its `matchedRowColumns`
 * filled in, reading them once for all rows through `readMatchedRows`.
 */
function completeRows(
  sourceRows: readonly (readonly CertificateInfoRow[])[],
  readMatchedRows: RunHuntsOptions["readMatchedRows"],
): (row: CertificateInfoRow) => CertificateInfoRow {
  if (readMatchedRows === undefined) return (row) => row;
  const reportIds = new Set<number>();
  for (const rows of sourceRows) for (const row of rows) reportIds.add(Number(row["ReportId"]));
  const details = readMatchedRows([...reportIds]);
  const completed = new Map<number, CertificateInfoRow>();
  return (row) => {
    const reportId = Number(row["ReportId"]);
    let merged = completed.get(reportId);
    if (merged === undefined) {
      merged = { ...row, ...details.get(reportId) };
      completed.set(reportId, merged);
    }
    return merged;
  };
}

type AllowDecision = (row: CertificateInfoRow) => AllowlistEntry | undefined;

/** Memoizes allowlist matches, because one table row can be behind results of several hunts. */
function allowDecisions(allowlist: Allowlist): AllowDecision {
  const decisions = new WeakMap<CertificateInfoRow, AllowlistEntry | null>();
  return (row) => {
    let decision = decisions.get(row);
    if (decision === undefined) {
      decision = allowlist.match(row) ?? null;
      decisions.set(row, decision);
    }
    return decision ?? undefined;
  };
}

function describeResultRow(
  row: Record<string, unknown>,
  sources: readonly CertificateInfoRow[],
  decide: AllowDecision,
): HuntResultRow {
  const sourceRows = sources.map((source) => describeMatchedRow(source, decide(source)));
  const allowed = sourceRows.length > 0 && sourceRows.every((source) => source.Allowed);
  const reasons = [...new Set(sourceRows.flatMap((source) => (source.AllowReason === null ? [] : [source.AllowReason])))];
  return {
    Row: row,
    Allowed: allowed,
    AllowReason: allowed ? reasons.join("; ") : null,
    SourceRows: sourceRows,
  };
}

function describeMatchedRow(row: CertificateInfoRow, entry: AllowlistEntry | undefined): MatchedRow {
  const matched = {} as Record<string, string | number | null>;
  for (const column of matchedRowColumns) matched[column] = row[column] ?? null;
  return { ...(matched as MatchedRow), Allowed: entry !== undefined, AllowReason: entry?.reason ?? null };
}

function summarize(results: readonly HuntResult[]): HuntSummary {
  const matched = results.filter((result) => result.results.length > 0);
  const resultRows = results.reduce((total, result) => total + result.results.length, 0);
  const unallowed = results.reduce((total, result) => total + result.unallowedResultCount, 0);
  return {
    rulesRun: results.length,
    rulesMatched: matched.length,
    rulesWithUnallowedResults: results.filter((result) => result.unallowedResultCount > 0).length,
    resultRows,
    allowedResultRows: resultRows - unallowed,
  };
}
