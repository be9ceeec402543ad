/**
 * `signsweep inspect` end to end: the compiled CLI (bin/signsweep.js, built by
 * the global setup) on real files, checked against sha1sum and osslsigncode.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { FileReport } from "../../src/model.js";
import { runCli } from "../support/cli.js";
import {
  buildPeTestImages,
  nodeExePath,
  testSignerCommonName,
  type PeTestImages,
} from "../support/pe-test-images.js";

function sha1sum(path: string): string {
  return execFileSync("sha1sum", [path], { encoding: "utf8" }).split(" ")[0]!;
}

/**
 * Return the CN of the primary signer's subject as osslsigncode prints it. Its exit
 * status is ignored because chain verification fails without a CA bundle.
 */
function osslsigncodeSignerCommonName(path: string): string {
  const output = spawnSync("osslsigncode", ["verify", "-in", path], { encoding: "utf8" }).stdout;
  const match = /Signer #0:\s*\n\s*Subject: .*\/CN=([^/\n]+)/.exec(output);
  if (!match) throw new Error(`osslsigncode printed no primary signer for ${path}`);
  return match[1]!;
}

let images: PeTestImages;
let nodeExe: string;
beforeAll(() => {
  images = buildPeTestImages();
  nodeExe = nodeExePath();
});
afterAll(() => images.remove());

describe("signsweep inspect --json", () => {
  test("signed image and node.exe", () => {
    const run = runCli(["inspect", "--json", images.nestedPe32Plus, nodeExe]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);

    const reports = JSON.parse(run.stdout) as FileReport[];
    expect(reports.map((report) => report.FilePath)).toEqual([images.nestedPe32Plus, nodeExe]);
    const [nested, node] = reports as [FileReport, FileReport];

    expect(nested.SHA1).toBe(sha1sum(images.nestedPe32Plus));
    expect(nested.IsSigned).toBe(true);
    expect(nested.Signatures.map((signature) => signature.SignatureIndex)).toEqual([0, 1]);
    expect(nested.Signatures.map((signature) => signature.Signer)).toEqual([testSignerCommonName, testSignerCommonName]);
    expect(nested.Signatures.map((signature) => signature.DigestAlgorithm)).toEqual(["sha256", "sha1"]);

    expect(node.SHA1).toBe(sha1sum(nodeExe));
    expect(node.IsSigned).toBe(true);
    expect(node.Error).toBeNull();
    expect(node.Signatures[0]?.Signer).toBe(osslsigncodeSignerCommonName(nodeExe));
    expect(Array.isArray(node.Signatures[0]?.CrlDistributionPointUrls)).toBe(true);
  });

  test("missing file exits 1 and names it", () => {
    const missing = join(images.folder, "missing.exe");
    const run = runCli(["inspect", "--json", images.signedPe32, missing]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`cannot read '${missing}': file not found`);

    const reports = JSON.parse(run.stdout) as FileReport[];
    expect(reports).toHaveLength(2);
    expect(reports[0]?.IsSigned).toBe(true);
    expect(reports[1]?.SHA1).toBeNull();
    expect(reports[1]?.Error).toMatch(/^ENOENT: /);
  });
});

describe("signsweep inspect", () => {
  test("readable block per file", () => {
    const text = join(images.folder, "notes.exe");
    writeFileSync(text, "not an executable\n");
    const run = runCli(["inspect", images.signedPe32, images.unsignedPe32, text]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);

    const blocks = run.stdout.trimEnd().split("\n\n");
    expect(blocks).toHaveLength(3);
    expect(blocks[0]).toMatch(new RegExp(`^${images.signedPe32}\n`));
    expect(blocks[0]).toMatch(new RegExp(`SHA1: +${sha1sum(images.signedPe32)}`));
    expect(blocks[0]).toMatch(/IsSigned: +true/);
    expect(blocks[0]).toMatch(/Signature 0 \(Embedded\)/);
    expect(blocks[0]).toMatch(new RegExp(`Signer: +${testSignerCommonName}`));
    expect(blocks[1]).toMatch(/IsSigned: +false/);
    expect(blocks[1]).toMatch(/Error: +none/);
    expect(blocks[1]).not.toMatch(/Signature 0/);
    expect(blocks[2]).toMatch(/IsPeImage: +false/);
    expect(blocks[2]).toMatch(/Error: +NotPeImage: /);
  });

  test("no file is a usage error", () => {
    const run = runCli(["inspect"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/missing required argument 'file'/);
  });
});
