/** A mistake in how the command was called; main() prints it and exits with status 2. */
export class UsageError extends Error {
  override name = "UsageError";
}
