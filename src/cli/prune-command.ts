import { Command, Option } from "commander";
import { defaultDatabasePath } from "../scan/defaults.js";
import { openDatabase } from "../store/open-database.js";
import { pruneObservations } from "../store/prune.js";
import { parseDuration } from "./duration.js";

export function addPruneCommand(program: Command): void {
  program
    .command("prune")
    .description("delete observation rows and errors older than a duration")
    .addOption(
      new Option("--older-than <duration>", "age of the rows to delete, such as 90d or 12h")
        .argParser(parseDuration)
        .makeOptionMandatory(),
    )
    .option("--db <path>", `database file (default: ${defaultDatabasePath()})`)
    .action((options: { olderThan: number; db?: string }) => {
      const databasePath = options.db ?? defaultDatabasePath();
      const db = openDatabase(databasePath, { fileMustExist: true });
      try {
        const cutoff = new Date(Date.now() - options.olderThan).toISOString();
        const result = pruneObservations(db, cutoff);
        process.stdout.write(
          `deleted ${result.rows} rows, ${result.errors} errors and ${result.scans} scans observed before ${cutoff}\n`,
        );
      } finally {
        db.close();
      }
    });
}
