/**
 * The typed errors of signsweep. Parsers raise these for malformed input. The
 * inspect layer catches them and turns each into a short code on the file's
 * row (`Anomalies`) or its `Error` text, so one bad file never stops a sweep.
 */

/** Base class: `code` is the short, stable token stored in rows and JSON. */
export class SignsweepError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/**
 * A length or offset read from the file points outside the bytes it may use.
 * `offset`, `length` and `limit` are the numbers involved, for the message.
 */
export class BoundsError extends SignsweepError {
  constructor(
    readonly field: string,
    readonly offset: number,
    readonly length: number,
    readonly limit: number,
  ) {
    super(
      "OutOfBounds",
      `${field}: ${length} bytes at offset ${offset} run past the end (${limit} bytes available)`,
    );
  }
}

/** The PE container (DOS, COFF or optional header) is malformed. */
export class PeFormatError extends SignsweepError {}

/** The CMS SignedData or its ASN.1 encoding is malformed. */
export class CmsFormatError extends SignsweepError {}

/** An X.509 certificate inside a signature could not be read. */
export class CertificateFormatError extends SignsweepError {}

/**
 * A file could not be read as the regular file it was expected to be: codes
 * NotRegularFile (a FIFO, device, socket or folder), FileChangedDuringSweep
 * (another file now sits at the path) and ReadAborted (the read was stopped).
 */
export class FileReadError extends SignsweepError {}

/** Describe any thrown value in one line, keeping the code of our own errors. */
export function describeError(error: unknown): string {
  if (error instanceof SignsweepError) return `${error.code}: ${error.message}`;
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Node's system errors already start with their code ("ENOENT: no such file ...").
    if (!code || error.message.startsWith(`${code}:`)) return error.message;
    return `${code}: ${error.message}`;
  }
  return String(error);
}
