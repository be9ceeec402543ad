#!/usr/bin/env node
// Measures how long the built-in rules take over a generated table.
// Run `npm run build` first; this script loads the compiled dist/lib.
//
//   node scripts/measure-hunt-speed.mjs [rowCount]
import { performance } from "node:perf_hooks";
import { runKql, runKqlBatch } from "../dist/lib/kql/index.js";
import { loadBuiltinRules } from "../dist/lib/rules/index.js";

const defaultRowCount = 200_000;
const rowCount = Number(process.argv[2] ?? defaultRowCount);
const distinctSigners = 2_000;
const devices = 20;
const windowInDays = 10;
const millisecondsPerDay = 86_400_000;
const now = Date.parse("2026-12-04T12:00:00.000Z");

// A few real RMM signer names among many unrelated ones, as on a real host.
const rmmSigners = ["TeamViewer Germany GmbH", "AnyDesk Software GmbH", "ENTER S.R.L.", "Krämer IT Solutions GmbH"];

function generateRows() {
  const rows = [];
  for (let index = 0; index < rowCount; index += 1) {
    const signerNumber = index % distinctSigners;
    const signer =
      signerNumber < rmmSigners.length ? rmmSigners[signerNumber] : `Vendor ${signerNumber} Software Ltd`;
    const device = index % devices;
    rows.push({
      Timestamp: new Date(now - ((index * 7919) % (windowInDays * millisecondsPerDay))).toISOString(),
      DeviceId: device.toString(16).padStart(40, "0"),
      DeviceName: `host${device}.example.org`,
      SHA1: index.toString(16).padStart(40, "0"),
      IsSigned: index % 10 === 0 ? 0 : 1,
      SignatureType: "Embedded",
      Signer: index % 10 === 0 ? null : signer,
      SignerHash: signerNumber.toString(16).padStart(40, "0"),
      Issuer: "Example Code Signing CA",
      ReportId: index + 1,
      CertificateCreationTime: "2024-01-01T00:00:00.000Z",
      CertificateExpirationTime: "2027-01-01T00:00:00.000Z",
      FolderPath: `C:\\Program Files\\Vendor${signerNumber}`,
      FileName: `file${index}.dll`,
    });
  }
  return rows;
}

const repetitions = 3;

/** Runs `action` a few times and prints each duration; the first includes JIT warm-up. */
function time(label, action) {
  let result;
  const durations = [];
  for (let run = 0; run < repetitions; run += 1) {
    const start = performance.now();
    result = action();
    durations.push(`${(performance.now() - start).toFixed(0)} ms`);
  }
  process.stdout.write(`${label}: ${durations.join(", ")}\n`);
  return result;
}

const rows = generateRows();
const rules = loadBuiltinRules();
const queries = rules.map((rule) => rule.kql);
process.stdout.write(`${rules.length} rules over ${rows.length} rows (node ${process.version})\n`);

const batch = time("one pass, all rules", () => runKqlBatch(queries, rows, { now }));
time("one pass, all rules, with source rows", () => runKqlBatch(queries, rows, { now, withSourceRows: true }));
time("one run per rule", () => queries.map((query) => runKql(query, rows, { now })));

const hits = batch.filter((result) => result.rows.length > 0).length;
process.stdout.write(`rules with results: ${hits}\n`);
