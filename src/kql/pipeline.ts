/** Compiles a parsed query into a chain of stages over the table. */
import type { Expression, QueryAst, TabularExpression, TabularOperator } from "./ast.js";
import { constantValueOf, type ConstantValue } from "./compiled-expression.js";
import { compileExpression } from "./compile-expression.js";
import { KqlSyntaxError } from "./errors.js";
import { compileCount, compileDistinct, compileSummarize } from "./group-operators.js";
import {
  compileExtend,
  compileProject,
  compileProjectAway,
  compileTake,
  compileWhere,
} from "./row-operators.js";
import { compileSort, compileTop } from "./sort-operators.js";
import type { Stage, StageContext } from "./stage.js";
import type { KqlColumn } from "./values.js";

export interface CompileOptions {
  readonly tableColumns: readonly KqlColumn[];
  readonly now: number;
  readonly trackSources: boolean;
}

export interface CompiledQuery {
  readonly columns: readonly KqlColumn[];
  readonly stages: readonly Stage[];
  /** Table columns that the query reads and that must be converted from their stored form. */
  readonly tableColumnsUsed: ReadonlySet<number> | "all";
}

export function compileQuery(ast: QueryAst, options: CompileOptions): CompiledQuery {
  const lets = evaluateScalarLets(ast, options.now);
  const operators = resolveOperators(ast);

  let schema = options.tableColumns;
  let readsTable = true;
  const used = new Set<number>();
  let usesAllColumns = false;
  const stages: Stage[] = [];
  for (const operator of mergeConsecutiveWheres(operators)) {
    const recordUse = readsTable;
    const context: StageContext = {
      schema,
      lets,
      now: options.now,
      trackSources: options.trackSources,
      useColumns: (columns) => {
        if (!recordUse) return;
        if (columns === "all") usesAllColumns = true;
        else for (const index of columns) used.add(index);
      },
    };
    const stage = compileOperator(operator, context);
    stages.push(stage);
    // where, take, sort and top pass table rows on unchanged.
    if (stage.schema !== schema) readsTable = false;
    schema = stage.schema;
  }
  if (readsTable) usesAllColumns = true;
  return { columns: schema, stages, tableColumnsUsed: usesAllColumns ? "all" : used };
}

/** Evaluates scalar `let` statements in order; each may use the ones before it. */
function evaluateScalarLets(ast: QueryAst, now: number): Map<string, ConstantValue> {
  const lets = new Map<string, ConstantValue>();
  for (const statement of ast.lets) {
    if (statement.kind !== "scalar-let") {
      lets.delete(statement.name);
      continue;
    }
    const compiled = compileExpression(statement.value, { schema: [], lets, now });
    if (!compiled.isConstant) {
      throw new KqlSyntaxError(statement.position, `'let ${statement.name}' must be a constant`);
    }
    lets.set(statement.name, { type: compiled.type, value: constantValueOf(compiled) });
  }
  return lets;
}

/**
 * Lists the operators that run on the table: a tabular `let` used as a
 * source is replaced by its own operators, in statement order, so that
 * `let T = T | where ...` refers to the earlier T.
 */
function resolveOperators(ast: QueryAst): TabularOperator[] {
  const resolved = new Map<string, TabularOperator[]>();
  const expand = (expression: TabularExpression) => [
    ...(resolved.get(expression.source.name) ?? []),
    ...expression.operators,
  ];
  for (const statement of ast.lets) {
    if (statement.kind === "tabular-let") resolved.set(statement.name, expand(statement.value));
    else resolved.delete(statement.name);
  }
  return expand(ast.body);
}

/** A run of `where` operators, compiled as one stage. */
interface WhereRun {
  readonly kind: "where-run";
  readonly predicates: readonly Expression[];
}

function mergeConsecutiveWheres(
  operators: readonly TabularOperator[],
): (TabularOperator | WhereRun)[] {
  const merged: (TabularOperator | WhereRun)[] = [];
  for (const operator of operators) {
    const last = merged[merged.length - 1];
    if (operator.kind !== "where") {
      merged.push(operator);
    } else if (last?.kind === "where-run") {
      const predicates = [...last.predicates, operator.predicate];
      merged[merged.length - 1] = { kind: "where-run", predicates };
    } else {
      merged.push({ kind: "where-run", predicates: [operator.predicate] });
    }
  }
  return merged;
}

function compileOperator(operator: TabularOperator | WhereRun, context: StageContext): Stage {
  switch (operator.kind) {
    case "where-run":
      return compileWhere(operator.predicates, context);
    case "where":
      return compileWhere([operator.predicate], context);
    case "summarize":
      return compileSummarize(operator.aggregates, operator.by, context);
    case "extend":
      return compileExtend(operator.columns, context);
    case "project":
      return compileProject(operator.columns, context);
    case "project-away":
      return compileProjectAway(operator.columns, context);
    case "distinct":
      return compileDistinct(operator.columns, context);
    case "take":
      return compileTake(operator.count, context);
    case "sort":
      return compileSort(operator.keys, context);
    case "top":
      return compileTop(operator.count, operator.key, context);
    case "count":
      return compileCount(context);
  }
}
