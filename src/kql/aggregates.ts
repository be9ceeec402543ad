/**
 * Aggregation functions of `summarize`. Each aggregation yields one or more
 * output columns and a fresh accumulator per group. Every aggregation skips
 * nulls. Over no rows, counts and sums give 0, make_set and make_list give
 * [], and the others give null, as KQL's summarize documentation lists.
 */
import type { CallExpression, NamedExpression } from "./ast.js";
import { aggregateFunctionNames } from "./aggregate-names.js";
import {
  cachedEvaluator,
  constantValueOf,
  type CompileContext, type Evaluator,
} from "./compiled-expression.js";
import { compileExpression } from "./compile-expression.js";
import { KqlSyntaxError } from "./errors.js";
import { toJsonValue, type KqlColumn, type KqlScalarType, type Row } from "./values.js";

export interface Accumulator {
  add(row: Row): void;
  /** One value per output column. */
  results(): unknown[];
}

export interface CompiledAggregate {
  readonly columns: readonly KqlColumn[];
  /** Schema indexes of the input columns the aggregation reads. */
  readonly columnsRead: ReadonlySet<number>;
  /** True for `arg_max(..., *)`, which returns every input column. */
  readonly usesAllColumns: boolean;
  createAccumulator(): Accumulator;
}

/** KQL's default cap on the size of make_set and make_list results. */
const defaultMaxArrayItems = 1_048_576;

/**
 * Compiles `Name = aggregation(...)` for summarize. Default names follow
 * KQL: `count_`, `countif_`, `min_Timestamp`, `set_ReportId`, `list_X`.
 * NOTE: for an argument that is not a plain column the default name here is
 * the prefix alone, such as `min_`; KQL derives a longer name there.
 */
export function compileAggregate(
  item: NamedExpression,
  context: CompileContext,
  byColumns: readonly string[],
): CompiledAggregate {
  const call = item.expression;
  if (call.kind !== "call" || !aggregateFunctionNames.has(call.name)) {
    throw new KqlSyntaxError(
      item.position,
      "expected an aggregation function such as count() or min()",
    );
  }
  if (call.name === "arg_max" || call.name === "arg_min") {
    if (item.name !== undefined) {
      throw new KqlSyntaxError(
        item.position,
        `naming the result of ${call.name}() is not supported`,
      );
    }
    return compileArgExtreme(call, context, byColumns);
  }
  if (call.star) {
    throw new KqlSyntaxError(
      call.position,
      `'*' is not an argument of ${call.name}()`,
    );
  }
  return compileSingleColumnAggregate(call, item.name, context);
}

function compileSingleColumnAggregate(
  call: CallExpression,
  name: string | undefined,
  context: CompileContext,
): CompiledAggregate {
  const args = call.args.map((arg) => compileExpression(arg, context));
  const [minArguments, maxArguments] = aggregateArity[call.name] ?? [1, 1];
  if (args.length < minArguments || args.length > maxArguments) {
    const expected =
      minArguments === maxArguments ? `${minArguments}` : `${minArguments} to ${maxArguments}`;
    throw new KqlSyntaxError(
      call.position,
      `${call.name}() takes ${expected} arguments, got ${args.length}`,
    );
  }
  const value = args[0] ? cachedEvaluator(args[0], context.schema) : () => null;
  const type = args[0]?.type ?? "long";
  const columnName = name ?? defaultName(call);
  const single = (
    type: KqlScalarType,
    createAccumulator: () => Accumulator,
  ): CompiledAggregate => ({
    columns: [{ name: columnName, type }],
    columnsRead: new Set(args.flatMap((arg) => [...arg.columns])),
    usesAllColumns: false,
    createAccumulator,
  });

  switch (call.name) {
    case "count":
      return single("long", () => counter(() => true));
    case "countif":
      if (type !== "bool") {
        throw new KqlSyntaxError(
          call.args[0]!.position,
          "countif() needs a bool predicate",
        );
      }
      return single("long", () => counter((row) => value(row) === true));
    case "dcount":
      return single("long", () => distinctCounter(value));
    case "sum":
    case "avg":
      if (type !== "long" && type !== "real" && type !== "timespan") {
        throw new KqlSyntaxError(
          call.args[0]!.position,
          `${call.name}() needs numbers, got ${type}`,
        );
      }
      return single(call.name === "avg" ? "real" : type, () => summer(value, call.name === "avg"));
    case "min":
    case "max":
      return single(type, () => extremeFinder(value, call.name === "max"));
    default: {
      const maxItemsArgument = args[1];
      const maxItems = maxItemsArgument?.isConstant
        ? Number(constantValueOf(maxItemsArgument))
        : defaultMaxArrayItems;
      const distinct = call.name === "make_set";
      return single("dynamic", () => arrayBuilder(value, type, distinct, maxItems));
    }
  }
}

/** Minimum and maximum argument counts; the others take exactly one. */
const aggregateArity: Readonly<Record<string, readonly [number, number]>> = {
  count: [0, 0],
  dcount: [1, 2],
  make_set: [1, 2],
  make_list: [1, 2],
};

const defaultNamePrefixes: Readonly<Record<string, string>> = {
  make_set: "set",
  make_list: "list",
};

function defaultName(call: CallExpression): string {
  const prefix = defaultNamePrefixes[call.name] ?? call.name;
  const first = call.args[0];
  const takesColumn = call.name !== "count" && call.name !== "countif";
  if (!takesColumn || first?.kind !== "name") return `${prefix}_`;
  return `${prefix}_${first.name}`;
}

// Accumulators

/** Returns true when `item` is greater than `best` for max, or smaller for min. */
function isBetter(item: unknown, best: unknown, findMax: boolean): boolean {
  return findMax ? (item as number) > (best as number) : (item as number) < (best as number);
}

function counter(test: (row: Row) => boolean): Accumulator {
  let count = 0;
  return {
    add: (row) => {
      if (test(row)) count += 1;
    },
    results: () => [count],
  };
}

/** Counts distinct values exactly, where KQL's dcount() gives an estimate. */
function distinctCounter(value: Evaluator): Accumulator {
  const seen = new Set<unknown>();
  return {
    add: (row) => {
      const item = value(row);
      if (item !== null) seen.add(item);
    },
    results: () => [seen.size],
  };
}

function summer(value: Evaluator, average: boolean): Accumulator {
  let total = 0;
  let count = 0;
  return {
    add: (row) => {
      const item = value(row) as number | null;
      if (item === null) return;
      total += item;
      count += 1;
    },
    results: () => {
      if (!average) return [total];
      return [count === 0 ? null : total / count];
    },
  };
}

function extremeFinder(value: Evaluator, findMax: boolean): Accumulator {
  let best: unknown = null;
  return {
    add: (row) => {
      const item = value(row);
      if (item === null) return;
      if (best === null || isBetter(item, best, findMax)) best = item;
    },
    results: () => [best],
  };
}

/**
 * make_set and make_list. Items are stored as JSON values (datetimes as ISO
 * strings), because the result is a dynamic array.
 * Empty strings are kept as items, since KQL strings have no null.
 */
function arrayBuilder(
  value: Evaluator,
  type: KqlScalarType,
  distinct: boolean,
  maxItems: number,
): Accumulator {
  const items: unknown[] = [];
  const seen = new Set<unknown>();
  return {
    add: (row) => {
      const item = value(row);
      if (item === null || items.length >= maxItems) return;
      if (distinct) {
        if (seen.has(item)) return;
        seen.add(item);
      }
      items.push(toJsonValue(type, item));
    },
    results: () => [items],
  };
}

// arg_max and arg_min

/**
 * `arg_max(ExprToMaximize, * | ExprToReturn, ...)`: the values of the row
 * that maximises the first argument; the first of equal rows wins.
 * NOTE: with `*`, columns already in the output (the `by` columns and the
 * maximised column) are not repeated.
 */
function compileArgExtreme(
  call: CallExpression,
  context: CompileContext,
  byColumns: readonly string[],
): CompiledAggregate {
  const [target, ...returned] = call.args;
  if (!target || (returned.length === 0 && !call.star)) {
    throw new KqlSyntaxError(
      call.position,
      `${call.name}() needs an expression and '*' or columns to return`,
    );
  }
  const compiledTarget = compileExpression(target, context);
  const prefix = call.name === "arg_max" ? "max" : "min";
  const targetName = target.kind === "name" ? target.name : `${prefix}_`;
  const columns: KqlColumn[] = [{ name: targetName, type: compiledTarget.type }];
  const evaluators: Evaluator[] = [];

  const compiledReturned = returned.map((expression) => compileExpression(expression, context));
  returned.forEach((expression, index) => {
    const compiled = compiledReturned[index]!;
    const name = expression.kind === "name" ? expression.name : `${targetName}${index + 1}`;
    columns.push({ name, type: compiled.type });
    evaluators.push(compiled.evaluate);
  });
  if (call.star) {
    const namesInOutput = new Set([...byColumns, ...columns.map((column) => column.name)]);
    context.schema.forEach((column, index) => {
      if (namesInOutput.has(column.name)) return;
      columns.push(column);
      evaluators.push((row) => row.values[index]);
    });
  }

  const columnsRead = new Set(compiledTarget.columns);
  for (const item of compiledReturned) for (const index of item.columns) columnsRead.add(index);
  const findMax = call.name === "arg_max";
  const targetValue = compiledTarget.evaluate;
  return {
    columns,
    columnsRead,
    usesAllColumns: call.star,
    createAccumulator: () => {
      let best: unknown = null;
      let bestRow: Row | null = null;
      return {
        add: (row) => {
          const item = targetValue(row);
          if (item === null) return;
          if (bestRow === null || isBetter(item, best, findMax)) {
            best = item;
            bestRow = row;
          }
        },
        results: () => {
          const row = bestRow;
          return [best, ...evaluators.map((evaluate) => (row ? evaluate(row) : null))];
        },
      };
    },
  };
}
