/**
 * Scalar expressions compiled to closures over a row, with their static type.
 * Expressions that read no column fold to constants at compile time, so a
 * `let` such as `now(-5d)` is evaluated once per query.
 */
import type { SourcePosition } from "./errors.js";
import type { KqlColumn, KqlScalarType, Row } from "./values.js";

export type Evaluator = (row: Row) => unknown;

export interface CompiledExpression {
  readonly type: KqlScalarType;
  readonly evaluate: Evaluator;
  readonly isConstant: boolean;
  /** Schema indexes of the columns the expression reads. */
  readonly columns: ReadonlySet<number>;
  /** True when the expression runs a string match worth caching per distinct value. */
  readonly costly: boolean;
  readonly position: SourcePosition;
}

/** A scalar `let` value. */
export interface ConstantValue {
  readonly type: KqlScalarType;
  readonly value: unknown;
}

export interface CompileContext {
  readonly schema: readonly KqlColumn[];
  readonly lets: ReadonlyMap<string, ConstantValue>;
  /** The query's fixed `now()`, in milliseconds since the Unix epoch. */
  readonly now: number;
}

const noColumns: ReadonlySet<number> = new Set();

/** Evaluates a row-independent expression; only valid when `isConstant`. */
export function constantValueOf(expression: CompiledExpression): unknown {
  return expression.evaluate(constantRow);
}

const constantRow: Row = { values: [], sources: null, valueIds: null };

export function constantExpression(
  type: KqlScalarType,
  value: unknown,
  position: SourcePosition,
): CompiledExpression {
  return {
    type,
    evaluate: () => value,
    isConstant: true,
    columns: noColumns,
    costly: false,
    position,
  };
}

export function columnExpression(
  index: number,
  type: KqlScalarType,
  position: SourcePosition,
): CompiledExpression {
  return {
    type,
    evaluate: (row) => row.values[index],
    isConstant: false,
    columns: new Set([index]),
    costly: false,
    position,
  };
}

export interface DerivedExpressionSpec {
  readonly type: KqlScalarType;
  readonly children: readonly CompiledExpression[];
  /** Builds the evaluator from the children's evaluators (after any caching wrapper). */
  readonly build: (children: readonly Evaluator[]) => Evaluator;
  readonly costly?: boolean;
  readonly position: SourcePosition;
}

/**
 * Combines child expressions into one. When every child is constant, the
 * result folds to a constant. A costly child that reads one string column,
 * under a parent that reads more, gets a per-value cache (see cachedEvaluator).
 */
export function derivedExpression(
  spec: DerivedExpressionSpec,
  schema: readonly KqlColumn[],
): CompiledExpression {
  const columns = new Set<number>();
  for (const child of spec.children) for (const index of child.columns) columns.add(index);
  const costly = spec.costly === true || spec.children.some((child) => child.costly);
  const draft = { type: spec.type, columns, costly, position: spec.position };

  const parentIsCacheable = isCacheable(draft, schema);
  const evaluators = spec.children.map((child) =>
    parentIsCacheable ? child.evaluate : cachedEvaluator(child, schema),
  );
  const evaluate = spec.build(evaluators);
  if (spec.children.every((child) => child.isConstant)) {
    return constantExpression(spec.type, evaluate(constantRow), spec.position);
  }
  return { ...draft, evaluate, isConstant: false };
}

/**
 * Caps each cache, because a predicate over a column of unique values (such
 * as SHA1) gains nothing from caching and would only hold memory.
 */
export const maxCachedValuesPerExpression = 65_536;

function isCacheable(
  expression: Pick<CompiledExpression, "costly" | "columns">,
  schema: readonly KqlColumn[],
): boolean {
  if (!expression.costly || expression.columns.size !== 1) return false;
  const [index] = expression.columns;
  return schema[index!]?.type === "string";
}

/**
 * Returns the expression's evaluator, wrapped in a per-value cache when it is
 * a costly test of a single string column. Perf: many rows share one Signer,
 * so `Signer has_any (...)` runs once per distinct Signer, not once per row.
 * Table rows carry value ids, which index an array; other rows use a Map.
 */
export function cachedEvaluator(
  expression: CompiledExpression,
  schema: readonly KqlColumn[],
): Evaluator {
  if (!isCacheable(expression, schema)) return expression.evaluate;
  const [index] = expression.columns as Set<number>;
  const column = index!;
  const evaluate = expression.evaluate;
  const byValueId: unknown[] = [];
  const byValue = new Map<string, unknown>();
  return (row) => {
    const valueId = row.valueIds === null ? -1 : row.valueIds[column]!;
    if (valueId >= 0) {
      let result = byValueId[valueId];
      if (result === undefined) {
        result = evaluate(row);
        byValueId[valueId] = result;
      }
      return result;
    }
    const key = row.values[column] as string;
    const cached = byValue.get(key);
    if (cached !== undefined) return cached;
    const result = evaluate(row);
    if (byValue.size < maxCachedValuesPerExpression) byValue.set(key, result);
    return result;
  };
}
