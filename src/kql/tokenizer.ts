import { KqlSyntaxError, type SourcePosition } from "./errors.js";
import { stringEscapes, timespanUnitsInMilliseconds } from "./literals.js";
import {
  hyphenatedOperatorNames,
  punctuationOperators,
  type Token,
  type TokenKind,
} from "./tokens.js";

const identifierStart = /[A-Za-z_]/;
const identifierPart = /[A-Za-z0-9_]/;
const digit = /[0-9]/;
const whitespace = /[ \t\r\n\f\v\u00a0\ufeff]/;

/**
 * Splits KQL text into tokens, each with its line and column. Comments (`//`
 * to the end of the line) and whitespace are dropped; the list always ends
 * with one `end` token.
 */
export function tokenize(text: string): Token[] {
  return new Tokenizer(text).run();
}

class Tokenizer {
  private offset = 0;
  private line = 1;
  private lineStart = 0;
  private readonly tokens: Token[] = [];

  constructor(private readonly text: string) {}

  run(): Token[] {
    for (;;) {
      this.skipWhitespaceAndComments();
      if (this.offset >= this.text.length) break;
      this.readToken();
    }
    this.tokens.push({ kind: "end", text: "", offset: this.offset, ...this.position() });
    return this.tokens;
  }

  private readToken(): void {
    const start = this.offset;
    const position = this.position();
    const char = this.text[start]!;

    if (char === "'" || char === '"') {
      const value = this.readQuotedString(position);
      this.push("string", start, position, value);
    } else if (char === "@" && (this.peek(1) === "'" || this.peek(1) === '"')) {
      this.offset += 1;
      const value = this.readVerbatimString(position);
      this.push("string", start, position, value);
    } else if (digit.test(char) || (char === "." && digit.test(this.peek(1)))) {
      this.readNumber(start, position);
    } else if (identifierStart.test(char)) {
      this.readWord(start, position);
    } else if (char === "!" && identifierStart.test(this.peek(1))) {
      this.readNegatedWordOperator(start, position);
    } else {
      this.readPunctuation(start, position);
    }
  }

  // Strings

  private readQuotedString(position: SourcePosition): string {
    const quote = this.text[this.offset]!;
    this.offset += 1;
    let value = "";
    for (;;) {
      const char = this.text[this.offset];
      if (char === undefined || char === "\n" || char === "\r") {
        throw new KqlSyntaxError(position, "unterminated string literal");
      }
      this.offset += 1;
      if (char === quote) return value;
      if (char !== "\\") {
        value += char;
        continue;
      }
      value += this.readEscape();
    }
  }

  private readEscape(): string {
    const escapePosition = { line: this.line, column: this.offset - this.lineStart };
    const char = this.text[this.offset] ?? "";
    this.offset += 1;
    const simple = stringEscapes.get(char);
    if (simple !== undefined) return simple;
    const hexDigitsInUnicodeEscape = 4;
    const hex = this.text.slice(this.offset, this.offset + hexDigitsInUnicodeEscape);
    if (char === "u" && /^[0-9A-Fa-f]{4}$/.test(hex)) {
      this.offset += hexDigitsInUnicodeEscape;
      return String.fromCharCode(parseInt(hex, 16));
    }
    throw new KqlSyntaxError(escapePosition, `invalid escape sequence '\\${char}' in string`);
  }

  /** `@'...'` and `@"..."`: backslashes are literal characters. */
  private readVerbatimString(position: SourcePosition): string {
    const quote = this.text[this.offset]!;
    const end = this.text.indexOf(quote, this.offset + 1);
    const newline = this.text.slice(this.offset, end).search(/[\r\n]/);
    if (end < 0 || newline >= 0) {
      throw new KqlSyntaxError(position, "unterminated string literal");
    }
    const value = this.text.slice(this.offset + 1, end);
    this.offset = end + 1;
    return value;
  }

  // Numbers and timespans

  private readNumber(start: number, position: SourcePosition): void {
    this.skipWhile(digit);
    let kind: TokenKind = "long";
    // `1..5` is a range, so a dot only starts a fraction when a digit follows.
    if (this.peek(0) === "." && digit.test(this.peek(1))) {
      kind = "real";
      this.offset += 1;
      this.skipWhile(digit);
    }
    if (/[eE]/.test(this.peek(0)) && /[-+0-9]/.test(this.peek(1))) {
      kind = "real";
      this.offset += 2;
      this.skipWhile(digit);
    }
    const numberText = this.text.slice(start, this.offset);
    const unitStart = this.offset;
    this.skipWhile(identifierPart);
    const unit = this.text.slice(unitStart, this.offset);
    if (unit === "") {
      this.push(kind, start, position, Number(numberText));
      return;
    }
    const unitMilliseconds = timespanUnitsInMilliseconds.get(unit);
    if (unitMilliseconds === undefined) {
      const text = this.text.slice(start, this.offset);
      throw new KqlSyntaxError(position, `invalid number or timespan literal '${text}'`);
    }
    this.push("timespan", start, position, Number(numberText) * unitMilliseconds);
  }

  // Identifiers, keywords and word operators

  private readWord(start: number, position: SourcePosition): void {
    this.skipWhile(identifierPart);
    const word = this.text.slice(start, this.offset);

    if (word === "datetime" && this.nextNonBlank() === "(") {
      this.readDatetimeLiteral(start, position);
      return;
    }
    if (this.peek(0) === "-" && identifierStart.test(this.peek(1))) {
      const hyphenEnd = this.wordEndAt(this.offset + 1);
      const hyphenated = this.text.slice(start, hyphenEnd);
      if (hyphenatedOperatorNames.has(hyphenated)) {
        this.offset = hyphenEnd;
        this.push("identifier", start, position, hyphenated);
        return;
      }
    }
    if (word === "in" && this.peek(0) === "~") {
      this.offset += 1;
      this.push("operator", start, position, "in~");
      return;
    }
    this.push("identifier", start, position, word);
  }

  /** `!has`, `!contains`, `!in`, `!in~`, `!between` and the other negations. */
  private readNegatedWordOperator(start: number, position: SourcePosition): void {
    this.offset += 1;
    this.skipWhile(identifierPart);
    if (this.text.slice(start, this.offset) === "!in" && this.peek(0) === "~") this.offset += 1;
    const text = this.text.slice(start, this.offset);
    this.push("operator", start, position, text);
  }

  /**
   * `datetime(2024-01-01 10:00)` contains unquoted text that is not made of
   * tokens, so the whole literal becomes one token. A quoted argument,
   * `datetime("2024-01-01")`, is accepted too.
   */
  private readDatetimeLiteral(start: number, position: SourcePosition): void {
    this.offset = this.text.indexOf("(", this.offset) + 1;
    this.skipWhile(/[ \t]/);
    let content: string;
    const char = this.peek(0);
    if (char === "'" || char === '"') {
      content = this.readQuotedString(this.position());
      this.skipWhile(/[ \t]/);
      if (this.peek(0) !== ")") {
        throw new KqlSyntaxError(this.position(), "expected ')' to close datetime(...)");
      }
    } else {
      const close = this.text.indexOf(")", this.offset);
      const lineBreak = this.text.slice(this.offset, close).search(/[\r\n]/);
      if (close < 0 || lineBreak >= 0) {
        throw new KqlSyntaxError(position, "expected ')' to close datetime(...)");
      }
      content = this.text.slice(this.offset, close).trim();
      this.offset = close;
    }
    this.offset += 1;
    this.push("datetime", start, position, content);
  }

  private readPunctuation(start: number, position: SourcePosition): void {
    const operator = punctuationOperators.find((candidate) =>
      this.text.startsWith(candidate, start),
    );
    if (operator === undefined) {
      const char = String.fromCodePoint(this.text.codePointAt(start)!);
      throw new KqlSyntaxError(position, `unexpected character '${char}'`);
    }
    this.offset += operator.length;
    this.push("operator", start, position, operator);
  }

  // Helpers

  private skipWhitespaceAndComments(): void {
    for (;;) {
      const char = this.peek(0);
      if (char === "\n") {
        this.offset += 1;
        this.line += 1;
        this.lineStart = this.offset;
      } else if (char === "\r") {
        this.offset += this.peek(1) === "\n" ? 2 : 1;
        this.line += 1;
        this.lineStart = this.offset;
      } else if (char !== "" && whitespace.test(char)) {
        this.offset += 1;
      } else if (char === "/" && this.peek(1) === "/") {
        this.skipWhile(/[^\r\n]/);
      } else {
        return;
      }
    }
  }

  private push(kind: TokenKind, start: number, position: SourcePosition, value?: string | number) {
    const text = this.text.slice(start, this.offset);
    const token: Token = { kind, text, offset: start, ...position };
    this.tokens.push(value === undefined ? token : { ...token, value });
  }

  private position(): SourcePosition {
    return { line: this.line, column: this.offset - this.lineStart + 1 };
  }

  private peek(ahead: number): string {
    return this.text[this.offset + ahead] ?? "";
  }

  private skipWhile(pattern: RegExp): void {
    while (this.offset < this.text.length && pattern.test(this.text[this.offset]!)) {
      this.offset += 1;
    }
  }

  private wordEndAt(offset: number): number {
    let end = offset;
    while (end < this.text.length && identifierPart.test(this.text[end]!)) end += 1;
    return end;
  }

  private nextNonBlank(): string {
    let index = this.offset;
    while (index < this.text.length && /[ \t]/.test(this.text[index]!)) index += 1;
    return this.text[index] ?? "";
  }
}
