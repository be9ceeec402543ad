/** Operators that keep, drop or reshape rows one at a time: where, extend, project, take. */
import type { Expression, NamedExpression, NameExpression } from "./ast.js";
import { cachedEvaluator, constantValueOf, type Evaluator } from "./compiled-expression.js";
import { compileExpression } from "./compile-expression.js";
import { KqlSyntaxError, type SourcePosition } from "./errors.js";
import { mappingSink, type Stage, type StageContext } from "./stage.js";
import { computedRow, type KqlColumn, type Row } from "./values.js";

function contextFor(context: StageContext, schema: readonly KqlColumn[]): StageContext {
  return { ...context, schema };
}

/**
 * Compile one or more consecutive `where` operators. A row passes when every
 * predicate is true, so the predicates, and the operands of a top-level
 * `and`, may run in any order. Perf: cached string tests run first, because
 * they are an array read per row and reject most rows of a hunt.
 */
export function compileWhere(predicates: readonly Expression[], context: StageContext): Stage {
  const conditions = predicates.flatMap(splitConjunction).map((predicate) => {
    const compiled = compileExpression(predicate, context);
    if (compiled.type !== "bool") {
      throw new KqlSyntaxError(
        compiled.position,
        `'where' needs a bool predicate, got ${compiled.type}`,
      );
    }
    context.useColumns(compiled.columns);
    const test = cachedEvaluator(compiled, context.schema);
    const [column] = compiled.columns;
    return { test, column: column!, cached: test !== compiled.evaluate };
  });
  const ordered = [
    ...conditions.filter((condition) => condition.cached),
    ...conditions.filter((condition) => !condition.cached),
  ];
  const tests = ordered.map((condition) => condition.test);
  const first = ordered[0];
  return {
    schema: context.schema,
    ...(first?.cached ? { valueFilter: { column: first.column, test: first.test } } : {}),
    connect: (next) =>
      mappingSink(next, (row) => {
        for (const test of tests) if (test(row) !== true) return undefined;
        return row;
      }),
  };
}

function splitConjunction(predicate: Expression): Expression[] {
  if (predicate.kind !== "binary" || predicate.operator !== "and") return [predicate];
  return [...splitConjunction(predicate.left), ...splitConjunction(predicate.right)];
}

/**
 * Names a computed column: the given name, the column name of a plain column
 * reference, or KQL's `Column1`, `Column2`, ... for other expressions.
 */
export function columnNameFor(item: NamedExpression, unnamedCount: { value: number }): string {
  if (item.name !== undefined) return item.name;
  if (item.expression.kind === "name") return item.expression.name;
  unnamedCount.value += 1;
  return `Column${unnamedCount.value}`;
}

/** `extend`: appends columns, or replaces a column of the same name in place. */
export function compileExtend(items: readonly NamedExpression[], context: StageContext): Stage {
  context.useColumns("all");
  let schema = [...context.schema];
  const steps: { index: number; evaluate: Evaluator }[] = [];
  const unnamedCount = { value: 0 };
  for (const item of items) {
    // Each new column may use the ones defined before it in the same extend.
    const inputSchema = schema;
    const compiled = compileExpression(item.expression, contextFor(context, inputSchema));
    const name = columnNameFor(item, unnamedCount);
    const existing = inputSchema.findIndex((column) => column.name === name);
    const index = existing < 0 ? inputSchema.length : existing;
    schema = inputSchema.slice();
    schema[index] = { name, type: compiled.type };
    steps.push({ index, evaluate: cachedEvaluator(compiled, inputSchema) });
  }
  return {
    schema,
    connect: (next) =>
      mappingSink(next, (row) => {
        const values = row.values.slice();
        const extended = computedRow(values, row.sources);
        for (const step of steps) values[step.index] = step.evaluate(extended);
        return extended;
      }),
  };
}

/** `project`: keeps, renames and computes the listed columns, in list order. */
export function compileProject(items: readonly NamedExpression[], context: StageContext): Stage {
  const schema: KqlColumn[] = [];
  const evaluators: Evaluator[] = [];
  const unnamedCount = { value: 0 };
  for (const item of items) {
    const compiled = compileExpression(item.expression, context);
    context.useColumns(compiled.columns);
    const name = columnNameFor(item, unnamedCount);
    if (schema.some((column) => column.name === name)) {
      throw new KqlSyntaxError(item.position, `column '${name}' is projected twice`);
    }
    schema.push({ name, type: compiled.type });
    evaluators.push(cachedEvaluator(compiled, context.schema));
  }
  return {
    schema,
    connect: (next) =>
      mappingSink(next, (row) =>
        computedRow(
          evaluators.map((evaluate) => evaluate(row)),
          row.sources,
        ),
      ),
  };
}

export function compileProjectAway(names: readonly NameExpression[], context: StageContext): Stage {
  context.useColumns("all");
  const removed = new Set(
    names.map((name) => columnIndex(name.name, name.position, context.schema)),
  );
  const kept = context.schema.map((_column, index) => index).filter((index) => !removed.has(index));
  return {
    schema: kept.map((index) => context.schema[index]!),
    connect: (next) =>
      mappingSink(next, (row) =>
        computedRow(
          kept.map((index) => row.values[index]),
          row.sources,
        ),
      ),
  };
}

export function columnIndex(
  name: string,
  position: SourcePosition,
  schema: readonly KqlColumn[],
): number {
  const index = schema.findIndex((column) => column.name === name);
  if (index < 0) throw new KqlSyntaxError(position, `unknown column '${name}'`);
  return index;
}

/** Reads the row count of `take` or `top`, which KQL requires to be a constant. */
export function constantRowCount(
  expression: Expression,
  context: StageContext,
  operator: string,
): number {
  const compiled = compileExpression(expression, context);
  if (!compiled.isConstant || compiled.type !== "long") {
    throw new KqlSyntaxError(
      compiled.position,
      `'${operator}' needs a constant whole number of rows`,
    );
  }
  const count = constantValueOf(compiled) as number | null;
  if (count === null || count < 0) {
    throw new KqlSyntaxError(compiled.position, `'${operator}' needs a row count of 0 or more`);
  }
  return count;
}

export function compileTake(countExpression: Expression, context: StageContext): Stage {
  const count = constantRowCount(countExpression, context, "take");
  return {
    schema: context.schema,
    connect: (next) => {
      let rowsTaken = 0;
      return mappingSink(next, (row: Row) => {
        if (rowsTaken >= count) return undefined;
        rowsTaken += 1;
        return row;
      });
    },
  };
}
