import { Command, Option } from "commander";
import { exportDatabase } from "../export/index.js";
import { defaultDatabasePath, defaultDataDirectory } from "../scan/defaults.js";
import { deviceIdFile, hostDeviceId, hostDeviceName } from "../scan/identity.js";
import { parseDuration } from "./duration.js";
import { selectHunts } from "./hunt-command.js";

interface ExportCommandOptions {
  db?: string;
  out?: string;
  since?: number;
  rows: boolean;
  allow?: string[];
  rule?: string[];
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

async function exportAction(options: ExportCommandOptions): Promise<void> {
  const databasePath = options.db ?? defaultDatabasePath();
  const outPath = options.out === undefined || options.out === "-" ? undefined : options.out;
  await exportDatabase(databasePath, outPath, {
    hunts: selectHunts(options.rule ?? [], undefined),
    host: {
      DeviceId: hostDeviceId(deviceIdFile(defaultDataDirectory())),
      DeviceName: hostDeviceName(),
    },
    allowFiles: options.allow ?? [],
    includeRows: options.rows,
    ...(options.since !== undefined ? { sinceMilliseconds: options.since } : {}),
  });
}

export function addExportCommand(program: Command): void {
  program
    .command("export")
    .description("write the hunt findings (and optionally the table rows) as one JSON document for upload")
    .option("--db <path>", `database file (default: ${defaultDatabasePath()})`)
    .option("--out <file>", "file to write: a regular file is replaced atomically, a symbolic link is followed; '-' or none for standard output")
    .addOption(
      new Option("--since <duration>", "only scans and rows of this period before now, such as 30d or 12h").argParser(
        parseDuration,
      ),
    )
    .option("--rows", "add every table row in range, with Defender's column names and types", false)
    .option(
      "--allow <file>",
      "allowlist of known-good software, used with allowlist.json beside the database (repeatable)",
      collect,
    )
    .option(
      "--rule <rule>",
      "a built-in rule's id, name or file name, or a rule file or folder (repeatable; default: every built-in rule)",
      collect,
    )
    .action(exportAction);
}
