/** Operators that merge rows: summarize, distinct and count. */
import type { NamedExpression, NameExpression } from "./ast.js";
import { compileAggregate, type Accumulator, type CompiledAggregate } from "./aggregates.js";
import { cachedEvaluator, type Evaluator } from "./compiled-expression.js";
import { compileExpression } from "./compile-expression.js";
import { columnIndex, columnNameFor } from "./row-operators.js";
import { bufferingSink, groupKey, mergeSources, type Stage, type StageContext } from "./stage.js";
import { computedRow, type KqlColumn, type Row } from "./values.js";
import type { CertificateInfoRow } from "../store/columns.js";

interface Group {
  readonly keys: unknown[];
  readonly accumulators: Accumulator[];
  readonly sources: CertificateInfoRow[] | null;
}

/**
 * `summarize aggregations by keys`: one row per distinct key, key columns
 * first. With no `by`, one row even over no input; with `by`, no input gives
 * no rows (both as KQL's summarize documentation states).
 */
export function compileSummarize(
  aggregates: readonly NamedExpression[],
  by: readonly NamedExpression[],
  context: StageContext,
): Stage {
  const keyColumns: KqlColumn[] = [];
  const keyEvaluators: Evaluator[] = [];
  const unnamedCount = { value: 0 };
  for (const item of by) {
    const compiled = compileExpression(item.expression, context);
    context.useColumns(compiled.columns);
    keyColumns.push({ name: byColumnName(item, unnamedCount), type: compiled.type });
    keyEvaluators.push(cachedEvaluator(compiled, context.schema));
  }

  const byNames = keyColumns.map((column) => column.name);
  const compiledAggregates = aggregates.map((item) => {
    const aggregate = compileAggregate(item, context, byNames);
    context.useColumns(aggregate.usesAllColumns ? "all" : aggregate.columnsRead);
    return aggregate;
  });
  const aggregateColumns = compiledAggregates.flatMap((aggregate) => aggregate.columns);
  const schema = uniqueNames([...keyColumns, ...aggregateColumns]);

  return {
    schema,
    connect: (next) => {
      const groups = new Map<string, Group>();
      const trackSources = context.trackSources;
      return {
        push(row) {
          const keys = keyEvaluators.map((evaluate) => evaluate(row));
          const key = keyEvaluators.length === 0 ? "" : groupKey(keys);
          let group = groups.get(key);
          if (group === undefined) {
            group = newGroup(keys, compiledAggregates, trackSources);
            groups.set(key, group);
          }
          for (const accumulator of group.accumulators) accumulator.add(row);
          if (group.sources !== null) for (const source of row.sources!) group.sources.push(source);
        },
        end() {
          if (groups.size === 0 && keyEvaluators.length === 0) {
            groups.set("", newGroup([], compiledAggregates, trackSources));
          }
          for (const group of groups.values()) {
            const results = group.accumulators.flatMap((accumulator) => accumulator.results());
            const values = [...group.keys, ...results];
            next.push(computedRow(values, group.sources));
          }
          next.end();
        },
      };
    },
  };
}

function newGroup(
  keys: unknown[],
  aggregates: readonly CompiledAggregate[],
  trackSources: boolean,
): Group {
  return {
    keys,
    accumulators: aggregates.map((aggregate) => aggregate.createAccumulator()),
    sources: trackSources ? [] : null,
  };
}

/** `by bin(Timestamp, 1d)` keeps the name `Timestamp`, as in KQL. */
function byColumnName(item: NamedExpression, unnamedCount: { value: number }): string {
  const expression = item.expression;
  const isBin = expression.kind === "call" && expression.name === "bin";
  const binnedColumn = isBin ? expression.args[0] : undefined;
  if (item.name === undefined && binnedColumn?.kind === "name") return binnedColumn.name;
  return columnNameFor(item, unnamedCount);
}

/**
 * Appends 1, 2, ... to repeated output names.
 * KQL also renames repeated columns, but the suffixes it picks may differ.
 */
function uniqueNames(columns: readonly KqlColumn[]): KqlColumn[] {
  const seen = new Set<string>();
  return columns.map((column) => {
    let name = column.name;
    for (let suffix = 1; seen.has(name); suffix += 1) name = `${column.name}${suffix}`;
    seen.add(name);
    return name === column.name ? column : { ...column, name };
  });
}

/** `distinct A, B` or `distinct *`: one row per distinct value list, in first-seen order. */
export function compileDistinct(
  columns: readonly NameExpression[] | "*",
  context: StageContext,
): Stage {
  const indexes =
    columns === "*"
      ? context.schema.map((_column, index) => index)
      : columns.map((column) => columnIndex(column.name, column.position, context.schema));
  context.useColumns(indexes);
  return {
    schema: indexes.map((index) => context.schema[index]!),
    connect: (next) =>
      bufferingSink(next, (rows) => {
        const groups = new Map<string, Row[]>();
        for (const row of rows) {
          const key = groupKey(indexes.map((index) => row.values[index]));
          const group = groups.get(key);
          if (group) group.push(row);
          else groups.set(key, [row]);
        }
        return [...groups.values()].map((group) =>
          computedRow(
            indexes.map((index) => group[0]!.values[index]),
            mergeSources(group),
          ),
        );
      }),
  };
}

/** `count`: one row with the number of input rows in the column `Count`. */
export function compileCount(context: StageContext): Stage {
  context.useColumns([]);
  return {
    schema: [{ name: "Count", type: "long" }],
    connect: (next) => {
      let count = 0;
      const sources: CertificateInfoRow[] | null = context.trackSources ? [] : null;
      return {
        push(row) {
          count += 1;
          if (sources !== null) for (const source of row.sources!) sources.push(source);
        },
        end() {
          next.push(computedRow([count], sources));
          next.end();
        },
      };
    },
  };
}
