import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterAll, expect, it } from "vitest";
import { runCli } from "../support/cli.js";

const signedFixture = fileURLToPath(new URL("../../native-fixtures/enter-srl-ts.exe", import.meta.url));
const folder = mkdtempSync(join(tmpdir(), "signsweep-name-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

it("names a file name that is not UTF-8", () => {
  // Bytes 0xff 0xfe never occur in UTF-8, as in a name on an image written by another system.
  const root = join(folder, "root");
  mkdirSync(root);
  const name = Buffer.concat([Buffer.from(`${root}/bad-`), Buffer.from([0xff, 0xfe]), Buffer.from(".exe")]);
  copyFileSync(signedFixture, name);

  const databasePath = join(folder, "names.db");
  expect(runCli(["scan", "--db", databasePath, root]).status).toBe(0);
  const db = new Database(databasePath, { readonly: true });
  const errors = db.prepare("SELECT code, message FROM errors").all() as Array<{ code: string; message: string }>;
  db.close();
  expect(errors).toHaveLength(1);
  expect(errors[0]?.code).toBe("UndecodableFileName");
  expect(errors[0]?.message).toMatch(/not valid UTF-8/);
});
