import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { dirname, join } from "node:path";

/** DeviceId and DeviceName as the table stores them. */
export interface DeviceIdentity {
  DeviceId: string;
  DeviceName: string;
}

const deviceIdPattern = /^[0-9a-f]{40}$/;

/** True for a valid DeviceId: 40 lowercase hex characters. */
export function isDeviceId(value: string): boolean {
  return deviceIdPattern.test(value);
}

/**
 * Return the host's FQDN in lower case. Node has no FQDN call that avoids the
 * network, so the DNS domain comes from the environment where Windows puts it
 * for domain members (USERDNSDOMAIN).
 * NOTE: on a Linux host whose hostname is short, the result is the short name.
 */
export function hostDeviceName(env: NodeJS.ProcessEnv = process.env): string {
  const host = hostname().toLowerCase();
  const domain = env["USERDNSDOMAIN"]?.toLowerCase();
  return domain && !host.includes(".") ? `${host}.${domain}` : host;
}

/**
 * Read a stable machine fingerprint without spawning a process: spawning
 * reg.exe to read MachineGuid matches a public Sigma rule, so endpoint
 * security may flag it. Linux has /etc/machine-id; on Windows the volume
 * serial number of the system drive, which `stat().dev` returns there.
 * Returns undefined when neither is available (macOS, containers).
 */
function machineFingerprint(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string | undefined {
  if (platform === "win32") {
    const systemRoot = env["SystemRoot"] ?? "C:\\Windows";
    try {
      return `win32-volume:${statSync(systemRoot, { bigint: true }).dev}:${hostname().toLowerCase()}`;
    } catch {
      return undefined;
    }
  }
  for (const path of ["/etc/machine-id", "/var/lib/dbus/machine-id"]) {
    try {
      const id = readFileSync(path, "utf8").trim();
      if (id) return `machine-id:${id}`;
    } catch {
      // Try the next location.
    }
  }
  return undefined;
}

/**
 * Return this host's DeviceId: 40 lowercase hex characters, the same on every
 * run. The first call derives it from the machine fingerprint (or random bytes
 * when there is none) and stores it in `idFile`, which lives beside the
 * default database outside signsweep's install folder, so reinstalling
 * signsweep keeps it.
 */
export function hostDeviceId(
  idFile: string,
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): string {
  try {
    const stored = readFileSync(idFile, "utf8").trim();
    if (isDeviceId(stored)) return stored;
  } catch {
    // Not created yet: derive it below.
  }
  const source = machineFingerprint(platform, env) ?? `random:${randomBytes(20).toString("hex")}`;
  const deviceId = createHash("sha1").update(`signsweep-device\0${source}`).digest("hex");
  try {
    mkdirSync(dirname(idFile), { recursive: true });
    writeFileSync(idFile, `${deviceId}\n`, { flag: "wx" });
  } catch (error) {
    // Another sweep wrote it first: use theirs so both agree.
    if ((error as NodeJS.ErrnoException).code === "EEXIST") {
      const stored = readFileSync(idFile, "utf8").trim();
      if (isDeviceId(stored)) return stored;
    }
  }
  return deviceId;
}

/** Return the path of the file that stores the DeviceId, in signsweep's data folder. */
export function deviceIdFile(dataDirectory: string): string {
  return join(dataDirectory, "device-id");
}
