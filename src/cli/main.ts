import { Command, CommanderError } from "commander";
import { openDatabase } from "../store/open-database.js";
import { addInspectCommand } from "./inspect-command.js";
import { addExportCommand } from "./export-command.js";
import { addHuntCommand } from "./hunt-command.js";
import { addPruneCommand } from "./prune-command.js";
import { addRulesCommand } from "./rules-command.js";
import { addScanCommand } from "./scan-command.js";
import { toPrintableLines, toPrintableText } from "../printable-text.js";
import { UsageError } from "./usage-error.js";
import { SIGNSWEEP_VERSION } from "../version.js";

/** Exit status for a usage error (bad option, missing argument). */
export const EXIT_USAGE = 2;

/**
 * Build the `signsweep` command tree. Each subcommand lives in its own module
 * and adds itself to `program`.
 */
export function buildProgram(): Command {
  const program = new Command("signsweep")
    .description(
      "Read Authenticode signatures from PE files, record them in a DeviceFileCertificateInfo table, and hunt over it",
    )
    .option("-V, --version", "print the signsweep, Node.js and SQLite versions")
    .showHelpAfterError()
    // Commander quotes the rejected argument, which may be a hostile path.
    .configureOutput({ writeErr: (text) => process.stderr.write(toPrintableLines(text)) })
    .exitOverride();
  addInspectCommand(program);
  addScanCommand(program);
  addPruneCommand(program);
  addHuntCommand(program);
  addExportCommand(program);
  addRulesCommand(program);
  program.on("option:version", () => {
    process.stdout.write(`${describeVersion()}\n`);
    process.exit(0);
  });
  return program;
}

/** One line naming signsweep's version, the Node runtime and the SQLite driver in use. */
export function describeVersion(): string {
  const db = openDatabase(":memory:", { fileMustExist: false });
  const { name, sqliteVersion } = db.driver;
  db.close();
  return `signsweep ${SIGNSWEEP_VERSION} (node ${process.version}, ${name} with SQLite ${sqliteVersion})`;
}

/**
 * End quietly when the reader of stdout goes away (`signsweep export | head`):
 * that is the reader's choice, not a failure of the command. Any other write
 * error, such as a full disk (ENOSPC), ends the command with one line.
 */
function exitQuietlyOnBrokenPipe(): void {
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
    process.stderr.write(`signsweep: cannot write to standard output: ${toPrintableText(error.message)}\n`);
    process.exit(1);
  });
}

/** Run the CLI with `argv` as Node passes it, and resolve to the exit status. */
export async function main(argv: string[]): Promise<number> {
  exitQuietlyOnBrokenPipe();
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed the message or the help text.
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (error instanceof UsageError) {
      // A usage error may span lines on purpose (a query with a caret line under it).
      process.stderr.write(`signsweep: ${toPrintableLines(error.message)}\n`);
      return EXIT_USAGE;
    }
    // Messages quote paths and names from files, which may carry control characters.
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`signsweep: ${toPrintableText(message)}\n`);
    return 1;
  }
}
