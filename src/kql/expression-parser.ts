import type {
  CallExpression,
  Expression,
  LiteralExpression,
  LiteralType,
  LiteralValue,
} from "./ast.js";
import { KqlSyntaxError } from "./errors.js";
import { parseDatetimeLiteral } from "./literals.js";
import type { TokenStream } from "./token-stream.js";
import type { Token } from "./tokens.js";

/** Binary operators that compare or match two scalars, all of one precedence level. */
export const comparisonOperators: ReadonlySet<string> = new Set([
  "==", "!=", "=~", "!~", "<", "<=", ">", ">=",
  "has", "!has", "has_cs", "!has_cs",
  "contains", "!contains", "contains_cs", "!contains_cs",
  "startswith", "!startswith", "startswith_cs", "!startswith_cs",
  "endswith", "!endswith", "endswith_cs", "!endswith_cs",
]);

/** Operators whose right side is a parenthesised list of values. */
export const listOperators: ReadonlySet<string> = new Set([
  "in", "!in", "in~", "!in~", "has_any", "has_all",
]);

/** KQL operators outside the subset, named in errors instead of a generic one. */
const unsupportedScalarOperators: ReadonlySet<string> = new Set([
  "hasprefix", "!hasprefix", "hasprefix_cs", "!hasprefix_cs",
  "hassuffix", "!hassuffix", "hassuffix_cs", "!hassuffix_cs",
  "matches", "like", "notlike", "has_any_cs", "has_all_cs",
]);

/** Type names usable as typed null literals, e.g. `long(null)`. */
const typedNullTypes: ReadonlyMap<string, LiteralType> = new Map([
  ["bool", "bool"], ["boolean", "bool"], ["int", "long"], ["long", "long"],
  ["real", "real"], ["double", "real"], ["datetime", "datetime"], ["date", "datetime"],
  ["timespan", "timespan"], ["time", "timespan"], ["dynamic", "dynamic"],
]);

/**
 * Parentheses, call arguments, unary signs and dynamic arrays nested inside
 * each other. The parser and the compiler recurse once per level, so this
 * bound keeps a hostile query from exhausting the call stack.
 */
export const maxExpressionNestingDepth = 256;

/** Run `parse` one nesting level deeper, rejecting a query nested too deeply at `token`. */
function parseNested<T>(stream: TokenStream, token: Token, parse: () => T): T {
  if (stream.nestingDepth >= maxExpressionNestingDepth) {
    throw new KqlSyntaxError(
      token,
      `expression nested more than ${maxExpressionNestingDepth} levels deep; remove parentheses or split the query`,
    );
  }
  stream.nestingDepth += 1;
  const result = parse();
  stream.nestingDepth -= 1;
  return result;
}

/** Parses one scalar expression, stopping before the first token that cannot continue it. */
export function parseExpression(stream: TokenStream): Expression {
  return parseOr(stream);
}

function parseOr(stream: TokenStream): Expression {
  let left = parseAnd(stream);
  while (stream.isWord("or")) {
    const position = stream.next();
    left = { kind: "binary", operator: "or", left, right: parseAnd(stream), position };
  }
  return left;
}

function parseAnd(stream: TokenStream): Expression {
  let left = parsePredicate(stream);
  while (stream.isWord("and")) {
    const position = stream.next();
    left = { kind: "binary", operator: "and", left, right: parsePredicate(stream), position };
  }
  return left;
}

/** Parse an additive expression, optionally followed by one comparison, list or range test. */
function parsePredicate(stream: TokenStream): Expression {
  const left = parseAdditive(stream);
  const token = stream.peek();
  const word = token.kind === "operator" || token.kind === "identifier" ? token.text : "";

  if (comparisonOperators.has(word)) {
    stream.next();
    return { kind: "binary", operator: word, left, right: parseAdditive(stream), position: token };
  }
  if (listOperators.has(word)) {
    stream.next();
    const items = parseParenthesisedList(stream, `after '${word}'`);
    return { kind: "list", operator: word, operand: left, items, position: token };
  }
  if (word === "between" || word === "!between") {
    stream.next();
    stream.expectOperator("(", `after '${word}'`);
    const low = parseAdditive(stream);
    stream.expectOperator("..", "between the bounds of 'between'");
    const high = parseAdditive(stream);
    stream.expectOperator(")", "to close 'between'");
    const negated = word === "!between";
    return { kind: "between", negated, operand: left, low, high, position: token };
  }
  if (unsupportedScalarOperators.has(word) || (token.kind === "operator" && word.startsWith("!"))) {
    throw new KqlSyntaxError(token, `unsupported operator '${word}'`);
  }
  return left;
}

function parseAdditive(stream: TokenStream): Expression {
  let left = parseMultiplicative(stream);
  while (stream.isOperator("+") || stream.isOperator("-")) {
    const token = stream.next();
    const right = parseMultiplicative(stream);
    left = { kind: "binary", operator: token.text, left, right, position: token };
  }
  return left;
}

function parseMultiplicative(stream: TokenStream): Expression {
  let left = parseUnary(stream);
  while (stream.isOperator("*") || stream.isOperator("/") || stream.isOperator("%")) {
    const token = stream.next();
    const right = parseUnary(stream);
    left = { kind: "binary", operator: token.text, left, right, position: token };
  }
  return left;
}

function parseUnary(stream: TokenStream): Expression {
  if (stream.isOperator("-") || stream.isOperator("+")) {
    const token = stream.next();
    const operator = token.text === "-" ? "-" : "+";
    const operand = parseNested(stream, token, () => parseUnary(stream));
    return { kind: "unary", operator, operand, position: token };
  }
  return parsePrimary(stream);
}

function parsePrimary(stream: TokenStream): Expression {
  const token = stream.peek();
  switch (token.kind) {
    case "string":
    case "long":
    case "real":
    case "timespan":
      stream.next();
      return literal(token, token.kind, token.value as string | number);
    case "datetime":
      stream.next();
      return datetimeLiteral(token);
    case "identifier":
      return parseNameOrCall(stream);
    case "operator":
      if (token.text === "(") {
        stream.next();
        const inner = parseNested(stream, token, () => parseOr(stream));
        stream.expectOperator(")", "to close '('");
        return inner;
      }
      break;
    case "end":
      break;
  }
  throw stream.unexpected("expected a value, a column name or a function call");
}

function parseNameOrCall(stream: TokenStream): Expression {
  const token = stream.next();
  const name = token.text;
  if (!stream.isOperator("(")) {
    if (name === "true" || name === "false") return literal(token, "bool", name === "true");
    return { kind: "name", name, position: token };
  }
  if (name === "dynamic") return parseDynamicLiteral(stream, token);
  const nullType = typedNullTypes.get(name);
  if (nullType && stream.isWord("null", 1) && stream.isOperator(")", 2)) {
    stream.next();
    stream.next();
    stream.next();
    return literal(token, nullType, null);
  }
  return parseCall(stream, token);
}

function parseCall(stream: TokenStream, nameToken: Token): CallExpression {
  stream.expectOperator("(", `after '${nameToken.text}'`);
  const args: Expression[] = [];
  let star = false;
  while (!stream.isOperator(")")) {
    if (args.length > 0 || star) {
      stream.expectOperator(",", `between the arguments of '${nameToken.text}'`);
    }
    if (stream.acceptOperator("*")) {
      star = true;
      continue;
    }
    if (star) throw stream.unexpected("expected ')' after '*'");
    args.push(parseNested(stream, nameToken, () => parseOr(stream)));
  }
  stream.next();
  return { kind: "call", name: nameToken.text, args, star, position: nameToken };
}

function parseParenthesisedList(stream: TokenStream, context: string): Expression[] {
  stream.expectOperator("(", context);
  const items: Expression[] = [];
  do {
    items.push(parseAdditive(stream));
  } while (stream.acceptOperator(","));
  stream.expectOperator(")", "to close the list");
  return items;
}

// Literals

function literal(token: Token, type: LiteralType, value: LiteralValue): LiteralExpression {
  return { kind: "literal", type, value, position: token };
}

function datetimeLiteral(token: Token): LiteralExpression {
  const text = String(token.value);
  if (text === "null") return literal(token, "datetime", null);
  const milliseconds = parseDatetimeLiteral(text);
  if (milliseconds === undefined) {
    throw new KqlSyntaxError(
      token,
      `invalid datetime literal '${text}'; use ISO 8601 (2024-01-31T12:00:00Z)`,
    );
  }
  return literal(token, "datetime", milliseconds);
}

/** `dynamic([...])`, `dynamic(null)` or `dynamic(<scalar>)`; property bags are not supported. */
function parseDynamicLiteral(stream: TokenStream, nameToken: Token): LiteralExpression {
  stream.expectOperator("(", "after 'dynamic'");
  const value = parseDynamicValue(stream);
  stream.expectOperator(")", "to close 'dynamic('");
  return literal(nameToken, "dynamic", value);
}

function parseDynamicValue(stream: TokenStream): LiteralValue {
  const token = stream.next();
  if (token.kind === "operator" && token.text === "[") {
    const items: LiteralValue[] = [];
    while (!stream.isOperator("]")) {
      if (items.length > 0) stream.expectOperator(",", "between the items of an array");
      items.push(parseNested(stream, token, () => parseDynamicValue(stream)));
    }
    stream.next();
    return items;
  }
  if (token.kind === "operator" && token.text === "{") {
    throw new KqlSyntaxError(
      token,
      "unsupported property bag in dynamic(); only arrays and scalars are supported",
    );
  }
  if (token.kind === "operator" && token.text === "-") {
    const number = stream.next();
    if (number.kind === "long" || number.kind === "real") return -(number.value as number);
    throw new KqlSyntaxError(number, "expected a number after '-'");
  }
  if (token.kind === "string" || token.kind === "long" || token.kind === "real") {
    return token.value as string | number;
  }
  if (token.kind === "identifier" && ["true", "false", "null"].includes(token.text)) {
    return token.text === "null" ? null : token.text === "true";
  }
  throw new KqlSyntaxError(token, `expected a literal inside dynamic(), found '${token.text}'`);
}
