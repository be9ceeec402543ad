/**
 * The earliest Timestamp that a set of hunting queries can return rows for,
 * read from their leading `where` filters, so that the hunt reads only the
 * recent part of a table that keeps months of sweeps. Every built-in rule
 * starts with `where Timestamp between (now(-5d)..now())`.
 */
import type { Expression, QueryAst } from "../kql/ast.js";
import type { KqlQuery } from "../kql/index.js";
import { DEVICE_FILE_CERTIFICATE_INFO } from "../store/columns.js";

/**
 * Slack subtracted from the bound before SQLite compares it as text: a
 * Timestamp stored in another ISO 8601 spelling (a space for the `T`, say)
 * may sort a little apart from the instant it names. The queries' own filters
 * still run on every row read, so the slack costs a day of rows and no
 * accuracy.
 */
const comparisonSlackInMilliseconds = 86_400_000;

type Scope = ReadonlyMap<string, Expression>;

/** Evaluate a constant datetime or timespan expression in milliseconds, if it is one. */
function constantMilliseconds(expression: Expression, scope: Scope, now: number, depth = 0): number | undefined {
  if (depth > 32) return undefined;
  const evaluate = (inner: Expression) => constantMilliseconds(inner, scope, now, depth + 1);
  switch (expression.kind) {
    case "literal":
      return (expression.type === "datetime" || expression.type === "timespan") && typeof expression.value === "number"
        ? expression.value
        : undefined;
    case "name": {
      const bound = scope.get(expression.name);
      return bound ? evaluate(bound) : undefined;
    }
    case "unary": {
      const operand = evaluate(expression.operand);
      if (operand === undefined) return undefined;
      return expression.operator === "-" ? -operand : operand;
    }
    case "call": {
      const offset = expression.args[0] ? evaluate(expression.args[0]) : 0;
      if (offset === undefined || expression.args.length > 1) return undefined;
      if (expression.name === "now") return now + offset;
      if (expression.name === "ago" && expression.args.length === 1) return now - offset;
      return undefined;
    }
    case "binary": {
      // datetime ± timespan; the operand types were checked when the query was parsed.
      if (expression.operator !== "+" && expression.operator !== "-") return undefined;
      const left = evaluate(expression.left);
      const right = evaluate(expression.right);
      if (left === undefined || right === undefined) return undefined;
      return expression.operator === "+" ? left + right : left - right;
    }
    default:
      return undefined;
  }
}

function isTimestamp(expression: Expression): boolean {
  return expression.kind === "name" && expression.name === "Timestamp";
}

/** Return the lower bound one conjunct puts on Timestamp, if it is a constant one. */
function lowerBoundOf(predicate: Expression, scope: Scope, now: number): number | undefined {
  if (predicate.kind === "between" && !predicate.negated && isTimestamp(predicate.operand)) {
    return constantMilliseconds(predicate.low, scope, now);
  }
  if (predicate.kind !== "binary") return undefined;
  if (predicate.operator === "and") {
    const bounds = [lowerBoundOf(predicate.left, scope, now), lowerBoundOf(predicate.right, scope, now)];
    const known = bounds.filter((bound): bound is number => bound !== undefined);
    return known.length > 0 ? Math.max(...known) : undefined;
  }
  if ((predicate.operator === ">=" || predicate.operator === ">") && isTimestamp(predicate.left)) {
    return constantMilliseconds(predicate.right, scope, now);
  }
  if ((predicate.operator === "<=" || predicate.operator === "<") && isTimestamp(predicate.right)) {
    return constantMilliseconds(predicate.left, scope, now);
  }
  return undefined;
}

/**
 * Return the bound one query puts on Timestamp through the `where` steps
 * that come first, before any step could rename or recompute the column.
 */
function queryLowerBound(ast: QueryAst, now: number): number | undefined {
  if (ast.body.source.name !== DEVICE_FILE_CERTIFICATE_INFO) return undefined;
  const scope = new Map<string, Expression>();
  for (const statement of ast.lets) {
    if (statement.kind === "scalar-let") scope.set(statement.name, statement.value);
  }
  let bound: number | undefined;
  for (const operator of ast.body.operators) {
    if (operator.kind !== "where") break;
    const found = lowerBoundOf(operator.predicate, scope, now);
    if (found !== undefined) bound = bound === undefined ? found : Math.max(bound, found);
  }
  return bound;
}

/**
 * Return the ISO 8601 time before which no query can use a row, or undefined
 * when some query reads the whole table. `now` must be the `now()` the
 * queries run with.
 */
export function earliestTimestampNeeded(queries: readonly KqlQuery[], now: Date): string | undefined {
  let earliest: number | undefined;
  for (const query of queries) {
    const bound = queryLowerBound(query.ast, now.getTime());
    if (bound === undefined || !Number.isFinite(bound)) return undefined;
    earliest = earliest === undefined ? bound : Math.min(earliest, bound);
  }
  if (earliest === undefined) return undefined;
  // Text comparison only orders four-digit years, which is all a sweep writes.
  const withSlack = new Date(earliest - comparisonSlackInMilliseconds);
  const year = withSlack.getUTCFullYear();
  return year >= 1 && year <= 9999 ? withSlack.toISOString() : undefined;
}
