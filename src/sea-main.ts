// Entry point of the single executable build (signsweep.exe). It differs from
// the npm CLI in one respect: storage uses Node's built-in node:sqlite,
// because a native addon such as better-sqlite3 cannot be loaded from inside
// a single executable application.
import { main } from "./cli/main.js";
import { openWithNodeSqlite } from "./store/node-sqlite-driver.js";
import { setDefaultSqliteDriver } from "./store/open-database.js";

setDefaultSqliteDriver(openWithNodeSqlite);
main(process.argv).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    process.stderr.write(`signsweep: ${String(error)}\n`);
    process.exitCode = 1;
  },
);
