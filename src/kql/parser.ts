import type {
  LetStatement,
  NamedExpression,
  NameExpression,
  QueryAst,
  SortKey,
  TabularExpression,
  TabularOperator,
} from "./ast.js";
import { KqlSyntaxError } from "./errors.js";
import { parseExpression } from "./expression-parser.js";
import { TokenStream } from "./token-stream.js";
import { tokenize } from "./tokenizer.js";
import type { Token } from "./tokens.js";

type OperatorParser = (stream: TokenStream, token: Token) => TabularOperator;

const parseWhere: OperatorParser = (stream, token) => ({
  kind: "where",
  predicate: parseExpression(stream),
  position: token,
});

const supportedOperators: ReadonlyMap<string, OperatorParser> = new Map<string, OperatorParser>([
  ["where", parseWhere],
  ["filter", parseWhere],
  ["summarize", parseSummarize],
  [
    "extend",
    (stream, token) => ({ kind: "extend", columns: parseNamedList(stream), position: token }),
  ],
  [
    "project",
    (stream, token) => ({ kind: "project", columns: parseNamedList(stream), position: token }),
  ],
  [
    "project-away",
    (stream, token) => ({ kind: "project-away", columns: parseNames(stream), position: token }),
  ],
  ["distinct", parseDistinct],
  ["take", (stream, token) => ({ kind: "take", count: parseExpression(stream), position: token })],
  ["limit", (stream, token) => ({ kind: "take", count: parseExpression(stream), position: token })],
  ["sort", parseSort],
  ["order", parseSort],
  ["top", parseTop],
  ["count", (_stream, token) => ({ kind: "count", position: token })],
]);

/** Tabular operators of KQL outside the subset; a missing `|` before one is reported as such. */
const unsupportedOperators: ReadonlySet<string> = new Set([
  "join", "union", "lookup", "mv-expand", "mv-apply", "parse", "parse-where", "parse-kv",
  "evaluate", "render", "make-series", "as", "invoke", "getschema", "serialize", "sample",
  "sample-distinct", "search", "find", "facet", "fork", "partition", "scan", "range", "print",
  "project-keep", "project-rename", "project-reorder", "reduce", "externaldata", "datatable",
  "top-nested", "top-hitters", "consume", "materialize",
]);

export interface ParseOptions {
  /** Names usable as the source of a tabular expression. */
  readonly tables: readonly string[];
}

/**
 * Parses a query into its syntax tree: `let` statements separated by `;`,
 * then one tabular expression (a table or tabular `let` name and `|` steps).
 */
export function parseQueryAst(text: string, options: ParseOptions): QueryAst {
  return new StatementParser(new TokenStream(tokenize(text)), options).parseQuery();
}

class StatementParser {
  private readonly scalarLets = new Set<string>();
  private readonly tabularLets = new Set<string>();

  constructor(
    private readonly stream: TokenStream,
    private readonly options: ParseOptions,
  ) {}

  parseQuery(): QueryAst {
    const lets: LetStatement[] = [];
    for (;;) {
      while (this.stream.acceptOperator(";"));
      if (!this.stream.isWord("let")) break;
      lets.push(this.parseLet());
    }
    if (this.stream.peek().kind === "end") {
      throw this.stream.unexpected(
        "expected a tabular expression such as 'DeviceFileCertificateInfo | ...'",
      );
    }
    const body = this.parseTabular();
    while (this.stream.acceptOperator(";"));
    if (this.stream.peek().kind !== "end") {
      throw this.stream.unexpected(
        "expected the end of the query",
      );
    }
    return { lets, body };
  }

  private parseLet(): LetStatement {
    const letToken = this.stream.next();
    const name = this.stream.expectIdentifier("after 'let'").text;
    this.stream.expectOperator("=", `after 'let ${name}'`);
    if (this.stream.isOperator("(")) {
      throw new KqlSyntaxError(this.stream.peek(), "unsupported user-defined function in 'let'");
    }
    const statement: LetStatement = this.startsTabular()
      ? { kind: "tabular-let", name, value: this.parseTabular(), position: letToken }
      : { kind: "scalar-let", name, value: parseExpression(this.stream), position: letToken };
    this.declare(statement);
    if (!this.stream.isOperator(";")) {
      throw this.stream.unexpected(
        `expected ';' after 'let ${name}'`,
      );
    }
    return statement;
  }

  /** Record a `let` name; a later `let` of the same name replaces the earlier one, as in KQL. */
  private declare(statement: LetStatement): void {
    const isTabular = statement.kind === "tabular-let";
    (isTabular ? this.tabularLets : this.scalarLets).add(statement.name);
    (isTabular ? this.scalarLets : this.tabularLets).delete(statement.name);
  }

  /** Tell whether a tabular value starts here: a known table or tabular let, or any name followed by `|`. */
  private startsTabular(): boolean {
    const token = this.stream.peek();
    if (token.kind !== "identifier") return false;
    return (
      this.options.tables.includes(token.text) ||
      this.tabularLets.has(token.text) ||
      this.stream.isOperator("|", 1)
    );
  }

  private parseTabular(): TabularExpression {
    const sourceToken = this.stream.peek();
    if (sourceToken.kind !== "identifier") throw this.stream.unexpected("expected a table name");
    this.stream.next();
    this.checkSource(sourceToken);
    const source: NameExpression = { kind: "name", name: sourceToken.text, position: sourceToken };

    const operators: TabularOperator[] = [];
    for (;;) {
      if (this.stream.acceptOperator("|")) {
        operators.push(this.parseOperator());
        continue;
      }
      const token = this.stream.peek();
      if (token.kind === "end" || this.stream.isOperator(";")) break;
      throw this.unexpectedAfterOperator(token);
    }
    return { source, operators, position: sourceToken };
  }

  private checkSource(token: Token): void {
    const name = token.text;
    if (this.options.tables.includes(name) || this.tabularLets.has(name)) return;
    if (this.scalarLets.has(name)) {
      throw new KqlSyntaxError(token, `'${name}' is a scalar value, not a table`);
    }
    const known = this.options.tables.join(", ");
    throw new KqlSyntaxError(token, `unknown table '${name}'; the table here is ${known}`);
  }

  private parseOperator(): TabularOperator {
    const token = this.stream.peek();
    if (token.kind !== "identifier") {
      throw this.stream.unexpected(
        "expected a tabular operator after '|'",
      );
    }
    this.stream.next();
    const parse = supportedOperators.get(token.text);
    if (parse) return parse(this.stream, token);
    throw new KqlSyntaxError(token, `unsupported operator '${token.text}'`);
  }

  /** Explains a token left over after an operator's arguments. */
  private unexpectedAfterOperator(token: Token): KqlSyntaxError {
    const name = token.text;
    const isOperatorName = supportedOperators.has(name) || unsupportedOperators.has(name);
    if (token.kind === "identifier" && isOperatorName) {
      return new KqlSyntaxError(token, `expected '|' before '${name}'`);
    }
    if (token.kind === "identifier") {
      return new KqlSyntaxError(token, `unsupported operator '${name}'`);
    }
    return this.stream.unexpected("expected '|', ';' or the end of the query");
  }
}

// Operator arguments

function parseSummarize(stream: TokenStream, token: Token): TabularOperator {
  const aggregates = stream.isWord("by") ? [] : parseNamedList(stream);
  const by = stream.acceptWord("by") ? parseNamedList(stream) : [];
  if (aggregates.length === 0 && by.length === 0) {
    throw stream.unexpected("expected an aggregation or 'by' after 'summarize'");
  }
  return { kind: "summarize", aggregates, by, position: token };
}

function parseDistinct(stream: TokenStream, token: Token): TabularOperator {
  if (stream.acceptOperator("*")) return { kind: "distinct", columns: "*", position: token };
  return { kind: "distinct", columns: parseNames(stream), position: token };
}

function parseSort(stream: TokenStream, token: Token): TabularOperator {
  stream.expectWord("by", `after '${token.text}'`);
  const keys: SortKey[] = [];
  do {
    keys.push(parseSortKey(stream));
  } while (stream.acceptOperator(","));
  return { kind: "sort", keys, position: token };
}

function parseTop(stream: TokenStream, token: Token): TabularOperator {
  const count = parseExpression(stream);
  stream.expectWord("by", "after the row count of 'top'");
  return { kind: "top", count, key: parseSortKey(stream), position: token };
}

/** `expression [asc | desc] [nulls first | nulls last]`; KQL sorts descending by default. */
function parseSortKey(stream: TokenStream): SortKey {
  const position = stream.peek();
  const expression = parseExpression(stream);
  let descending = true;
  if (stream.acceptWord("asc")) descending = false;
  else stream.acceptWord("desc");
  let nullsFirst: boolean | undefined;
  if (stream.acceptWord("nulls")) {
    if (stream.acceptWord("first")) nullsFirst = true;
    else if (stream.acceptWord("last")) nullsFirst = false;
    else throw stream.unexpected("expected 'first' or 'last' after 'nulls'");
  }
  return { expression, descending, nullsFirst, position };
}

/** Parse a comma-separated list of `Name = expression` or plain expressions. */
function parseNamedList(stream: TokenStream): NamedExpression[] {
  const items: NamedExpression[] = [];
  do {
    const position = stream.peek();
    let name: string | undefined;
    if (position.kind === "identifier" && stream.isOperator("=", 1)) {
      name = position.text;
      stream.next();
      stream.next();
    }
    items.push({ name, expression: parseExpression(stream), position });
  } while (stream.acceptOperator(","));
  return items;
}

function parseNames(stream: TokenStream): NameExpression[] {
  const names: NameExpression[] = [];
  do {
    const token = stream.expectIdentifier("in the column list");
    names.push({ kind: "name", name: token.text, position: token });
  } while (stream.acceptOperator(","));
  return names;
}
