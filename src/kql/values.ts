/**
 * Scalar types and the in-memory form of values while a query runs. Strings
 * are JS strings, bools are booleans, long and real are numbers, datetimes
 * are milliseconds since the Unix epoch, timespans are milliseconds, and
 * dynamic values are JSON values. Every type but string may be null: KQL
 * strings have no null, so a missing string reads as "".
 */
import type { CertificateInfoRow } from "../store/columns.js";
import { formatTimespan } from "./literals.js";

export type KqlScalarType =
  | "string"
  | "bool"
  | "long"
  | "real"
  | "datetime"
  | "timespan"
  | "dynamic";

export interface KqlColumn {
  readonly name: string;
  readonly type: KqlScalarType;
}

/**
 * A row inside the evaluator: values in schema order, and the table rows it
 * came from when the caller asked for them (one for a table row, the whole
 * group after `summarize`).
 */
export interface Row {
  readonly values: unknown[];
  readonly sources: readonly CertificateInfoRow[] | null;
  /**
   * For table rows: per string column, a small number that is equal for
   * equal values within one run (-1 when the column has too many distinct
   * values). Null for rows that operators computed.
   */
  readonly valueIds: readonly number[] | null;
}

/** Build a row computed by an operator, with no value ids because its columns are not the table's. */
export function computedRow(values: unknown[], sources: readonly CertificateInfoRow[] | null): Row {
  return { values, sources, valueIds: null };
}

export function isNumericType(type: KqlScalarType): boolean {
  return type === "long" || type === "real" || type === "bool";
}

/** Parses an ISO 8601 datetime from a table row; null for missing or unreadable text. */
export function parseStoredDatetime(text: unknown): number | null {
  if (typeof text !== "string" || text === "") return null;
  const milliseconds = Date.parse(text);
  return Number.isNaN(milliseconds) ? null : milliseconds;
}

/** Converts a stored cell (string, number, 0/1 or null) to the evaluator's form. */
export function fromStoredValue(type: KqlScalarType, value: unknown): unknown {
  switch (type) {
    case "string":
      return value === null || value === undefined ? "" : String(value);
    case "bool":
      return value === null || value === undefined ? null : value === true || Number(value) !== 0;
    case "long":
    case "real":
      if (typeof value === "bigint") return Number(value);
      return typeof value === "number" ? value : null;
    case "datetime":
      return parseStoredDatetime(value);
    case "timespan":
      return typeof value === "number" ? value : null;
    case "dynamic":
      return parseDynamicText(value);
  }
}

function parseDynamicText(value: unknown): unknown {
  if (typeof value !== "string") return value ?? null;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/** Converts an evaluator value to JSON: ISO 8601 datetimes, KQL-formatted timespans. */
export function toJsonValue(type: KqlScalarType, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (type === "datetime") return new Date(value as number).toISOString();
  if (type === "timespan") return formatTimespan(value as number);
  return value;
}

/** Formats a value as KQL's tostring() does, for string operators applied to other types. */
export function toKqlString(type: KqlScalarType, value: unknown): string {
  if (value === null || value === undefined) return "";
  if (type === "dynamic") return typeof value === "string" ? value : JSON.stringify(value);
  return String(toJsonValue(type, value));
}
