import { SignsweepError } from "../errors.js";

/** A place in the query text; both numbers start at 1. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/**
 * A query that signsweep cannot run: malformed text, or an operator, function,
 * table or column outside the supported subset. The message starts with the
 * position, e.g. `line 3, column 5: unsupported operator 'join'`.
 */
export class KqlSyntaxError extends SignsweepError {
  readonly line: number;
  readonly column: number;
  /** The message without its position prefix. */
  readonly detail: string;

  constructor(position: SourcePosition, detail: string) {
    super("KqlSyntax", `line ${position.line}, column ${position.column}: ${detail}`);
    this.line = position.line;
    this.column = position.column;
    this.detail = detail;
  }
}
