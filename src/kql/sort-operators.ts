/** `sort by` / `order by` and `top N by`. */
import type { Expression, SortKey } from "./ast.js";
import { cachedEvaluator, type Evaluator } from "./compiled-expression.js";
import { compileExpression } from "./compile-expression.js";
import { KqlSyntaxError } from "./errors.js";
import { constantRowCount } from "./row-operators.js";
import { bufferingSink, type Stage, type StageContext } from "./stage.js";
import type { Row } from "./values.js";

interface CompiledSortKey {
  readonly evaluate: Evaluator;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
}

function compileSortKeys(keys: readonly SortKey[], context: StageContext): CompiledSortKey[] {
  return keys.map((key) => {
    const compiled = compileExpression(key.expression, context);
    if (compiled.type === "dynamic") {
      throw new KqlSyntaxError(key.position, "cannot sort by a dynamic value");
    }
    context.useColumns(compiled.columns);
    // KQL puts nulls first when ascending and last when descending, unless the
    // query says `nulls first` or `nulls last`.
    const nullsFirst = key.nullsFirst ?? !key.descending;
    const evaluate = cachedEvaluator(compiled, context.schema);
    return { evaluate, descending: key.descending, nullsFirst };
  });
}

function compareValues(a: unknown, b: unknown): number {
  const bothStrings = typeof a === "string" && typeof b === "string";
  const x = bothStrings ? a : Number(a);
  const y = bothStrings ? b : Number(b);
  if (x < y) return -1;
  if (x > y) return 1;
  return 0;
}

/** Sorts rows by the keys; Array.prototype.sort is stable, so equal rows keep their order. */
function sortRows(rows: Row[], keys: readonly CompiledSortKey[]): Row[] {
  const decorated = rows.map((row) => ({ row, values: keys.map((key) => key.evaluate(row)) }));
  decorated.sort((left, right) => {
    for (let index = 0; index < keys.length; index += 1) {
      const key = keys[index]!;
      const a = left.values[index];
      const b = right.values[index];
      if (a === b) continue;
      if (a === null) return key.nullsFirst ? -1 : 1;
      if (b === null) return key.nullsFirst ? 1 : -1;
      const order = compareValues(a, b);
      if (order !== 0) return key.descending ? -order : order;
    }
    return 0;
  });
  return decorated.map((item) => item.row);
}

export function compileSort(keys: readonly SortKey[], context: StageContext): Stage {
  const compiled = compileSortKeys(keys, context);
  return {
    schema: context.schema,
    connect: (next) => bufferingSink(next, (rows) => sortRows(rows, compiled)),
  };
}

export function compileTop(count: Expression, key: SortKey, context: StageContext): Stage {
  const rowCount = constantRowCount(count, context, "top");
  const compiled = compileSortKeys([key], context);
  return {
    schema: context.schema,
    connect: (next) => bufferingSink(next, (rows) => sortRows(rows, compiled).slice(0, rowCount)),
  };
}
