/**
 * `export --out` on paths that are not plain files: a symbolic link is
 * followed to its target, a FIFO is written through, and a folder is
 * rejected. The link and the FIFO themselves must survive.
 */
import { spawn, execFileSync } from "node:child_process";
import { lstatSync, mkdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { exportFormatName } from "../../src/export/index.js";
import { cliPath } from "../support/cli.js";
import { signsweep, sweepFixtures, type SweptFixtures } from "./swept-fixtures.js";

let swept: SweptFixtures;
let outFolder: string;

beforeAll(() => {
  swept = sweepFixtures("export-out");
  outFolder = join(swept.folder, "out");
  mkdirSync(outFolder);
});
afterAll(() => rmSync(swept.folder, { recursive: true, force: true }));

function exportTo(path: string) {
  return signsweep(swept, ["export", "--db", swept.databasePath, "--out", path]);
}

function formatOf(text: string): string {
  return (JSON.parse(text) as { format: string }).format;
}

describe("export --out", () => {
  test("follows a symbolic link to its target", () => {
    const target = join(outFolder, "target.json");
    const link = join(outFolder, "link.json");
    writeFileSync(target, '{"old":true}');
    symlinkSync("target.json", link);

    const run = exportTo(link);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe("target.json");
    expect(formatOf(readFileSync(target, "utf8"))).toBe(exportFormatName);
  });

  test("creates the missing target of a dangling link", () => {
    mkdirSync(join(outFolder, "real"));
    const link = join(outFolder, "dangling.json");
    symlinkSync("real/new.json", link);

    const run = exportTo(link);
    expect(run.status).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(formatOf(readFileSync(join(outFolder, "real", "new.json"), "utf8"))).toBe(exportFormatName);
  });

  test("writes through a FIFO", async () => {
    const fifo = join(outFolder, "out.fifo");
    execFileSync("mkfifo", [fifo]);
    // The reader opens the FIFO while the CLI, a separate process, writes into it.
    const child = spawn(process.execPath, [cliPath, "export", "--db", swept.databasePath, "--out", fifo], {
      env: { ...process.env, ...swept.env },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));

    const text = await readFile(fifo, "utf8");
    expect(await exited).toBe(0);
    expect(stderr).toBe("");
    expect(formatOf(text)).toBe(exportFormatName);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  test("rejects a folder and names it", () => {
    const folder = join(outFolder, "folder");
    mkdirSync(folder);
    const run = exportTo(folder);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`'${folder}': it is a folder`);
    expect(lstatSync(folder).isDirectory()).toBe(true);
  });
});
