import { KqlSyntaxError } from "./errors.js";
import type { Token } from "./tokens.js";

/** A cursor over the token list with the small checks every parser step needs. */
export class TokenStream {
  private index = 0;
  /** Nested expressions open at the current token, counted by the expression parser. */
  nestingDepth = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  peek(ahead = 0): Token {
    const last = this.tokens[this.tokens.length - 1]!;
    return this.tokens[this.index + ahead] ?? last;
  }

  next(): Token {
    const token = this.peek();
    if (token.kind !== "end") this.index += 1;
    return token;
  }

  /** True when the current token is the punctuation or word operator `text`. */
  isOperator(text: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === "operator" && token.text === text;
  }

  /** True when the current token is the identifier `word` (KQL keywords are case-sensitive). */
  isWord(word: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === "identifier" && token.text === word;
  }

  acceptOperator(text: string): boolean {
    if (!this.isOperator(text)) return false;
    this.next();
    return true;
  }

  acceptWord(word: string): boolean {
    if (!this.isWord(word)) return false;
    this.next();
    return true;
  }

  expectOperator(text: string, context: string): Token {
    if (!this.isOperator(text)) throw this.unexpected(`expected '${text}' ${context}`);
    return this.next();
  }

  expectWord(word: string, context: string): Token {
    if (!this.isWord(word)) throw this.unexpected(`expected '${word}' ${context}`);
    return this.next();
  }

  expectIdentifier(context: string): Token {
    if (this.peek().kind !== "identifier") throw this.unexpected(`expected a name ${context}`);
    return this.next();
  }

  /** Build the error for the current token: "expected X, found 'Y'". */
  unexpected(expectation: string): KqlSyntaxError {
    const token = this.peek();
    const found = token.kind === "end" ? "the end of the query" : `'${token.text}'`;
    return new KqlSyntaxError(token, `${expectation}, found ${found}`);
  }
}
