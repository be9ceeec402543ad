import { describe, expect, it } from "vitest";
import { Allowlist, AllowlistError, parseAllowlistText } from "../../src/hunt/index.js";
import type { CertificateInfoRow } from "../../src/store/columns.js";

const file = "allow.json";
const sha1 = "0123456789abcdef0123456789abcdef01234567";
const signerHash = "89abcdef0123456789abcdef0123456789abcdef";

const windowsRow: CertificateInfoRow = {
  SHA1: sha1,
  SignerHash: signerHash,
  DeviceName: "ws01.corp.example",
  FolderPath: "C:\\Program Files\\Iperius Backup",
  FileName: "IperiusRemote.exe",
};

const invalidFiles: { name: string; text: string; message: string }[] = [
  { name: "invalid JSON", text: "{entries: []}", message: "invalid JSON" },
  { name: "bare array", text: "[]", message: 'an "entries" array' },
  { name: "unknown top-level key", text: '{"entries": [], "version": 1}', message: "unknown top-level key 'version'" },
  { name: "entry not an object", text: '{"entries": ["abc"]}', message: "entries[0] must be an object" },
  { name: "missing reason", text: `{"entries": [{"SHA1": "${sha1}"}]}`, message: "entries[0] has no reason" },
  { name: "empty reason", text: `{"entries": [{"SHA1": "${sha1}", "reason": " "}]}`, message: "invalid reason" },
  {
    name: "unknown key",
    text: `{"entries": [{"SHA1": "${sha1}", "reason": "r"}, {"Signer": "Enter Srl", "reason": "r"}]}`,
    message: "entries[1] has unknown key 'Signer'",
  },
  { name: "no matcher field", text: '{"entries": [{"reason": "r"}]}', message: "would allow every row" },
  { name: "short SHA1", text: '{"entries": [{"SHA1": "abc", "reason": "r"}]}', message: "invalid SHA1 'abc'" },
  { name: "numeric path", text: '{"entries": [{"path": 7, "reason": "r"}]}', message: "invalid path" },
];

describe("allowlist file", () => {
  for (const { name, text, message } of invalidFiles) {
    it(`rejects ${name}`, () => {
      expect(() => parseAllowlistText(text, file)).toThrow(AllowlistError);
      expect(() => parseAllowlistText(text, file)).toThrow(message);
      expect(() => parseAllowlistText(text, file)).toThrow(`allowlist ${file}:`);
    });
  }

  it("reads a valid file", () => {
    const entries = parseAllowlistText(`{"entries": [{"SHA1": "${sha1.toUpperCase()}", "reason": "r"}]}`, file);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.origin).toBe(`${file} entries[0]`);
  });
});

const matches: { name: string; entry: Record<string, string>; allowed: boolean }[] = [
  { name: "SHA1 in upper case", entry: { SHA1: sha1.toUpperCase() }, allowed: true },
  { name: "other SHA1", entry: { SHA1: "f".repeat(40) }, allowed: false },
  { name: "SignerHash", entry: { SignerHash: signerHash }, allowed: true },
  { name: "DeviceName in mixed case", entry: { DeviceName: "WS01.corp.example" }, allowed: true },
  { name: "Windows path glob", entry: { path: "c:\\program files\\iperius*\\*.exe" }, allowed: true },
  { name: "forward-slash path glob", entry: { path: "C:/Program Files/**/iperiusremote.exe" }, allowed: true },
  { name: "glob of another folder", entry: { path: "C:/Windows/**" }, allowed: false },
  { name: "all fields matching", entry: { SignerHash: signerHash, DeviceName: "ws01.corp.example", path: "**/*.exe" }, allowed: true },
  { name: "one field missing", entry: { SignerHash: signerHash, DeviceName: "ws02.corp.example" }, allowed: false },
];

describe("allowlist match", () => {
  for (const { name, entry, allowed } of matches) {
    it(`${allowed ? "allows" : "does not allow"} by ${name}`, () => {
      const allowlist = new Allowlist(parseAllowlistText(JSON.stringify({ entries: [{ ...entry, reason: name }] }), file));
      expect(allowlist.match(windowsRow)?.reason).toBe(allowed ? name : undefined);
    });
  }

  it("returns the first matching entry", () => {
    const text = JSON.stringify({
      entries: [
        { SHA1: "f".repeat(40), reason: "other file" },
        { SignerHash: signerHash, reason: "signer" },
        { SHA1: sha1, reason: "file" },
      ],
    });
    expect(new Allowlist(parseAllowlistText(text, file)).match(windowsRow)?.reason).toBe("signer");
  });
});
