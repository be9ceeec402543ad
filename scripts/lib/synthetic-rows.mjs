// Synthetic DeviceFileCertificateInfo rows for hunt tests and benchmarks,
// inserted by SQLite itself in one statement so that setup stays fast.

/** Seconds in four days: rows spread over this window stay inside the rules' five-day window. */
const spreadInSeconds = 4 * 24 * 60 * 60;

/** Distinct signers among the synthetic rows, like the vendors of a large host. */
const signerCount = 5000;

/**
 * Insert `count` signed rows into `db` (a better-sqlite3 Database) for the
 * sweep `scanId`. Every `enterSrlEvery`-th row is signed by "Enter Srl", so
 * the IperiusRemote rule matches it; the others carry names like
 * "Contoso Vendor 42 Corporation". Timestamps fall in the four days before
 * `now`. Returns the number of rows inserted.
 */
export function insertSyntheticRows(db, { count, scanId, deviceId, deviceName, now = new Date(), enterSrlEvery = 1000 }) {
  const statement = db.prepare(`
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @count)
    INSERT INTO DeviceFileCertificateInfo (
      Timestamp, DeviceId, DeviceName, SHA1, IsSigned, SignatureType, Signer, SignerHash,
      Issuer, IssuerHash, CertificateSerialNumber, CrlDistributionPointUrls,
      CertificateCreationTime, CertificateExpirationTime, CertificateCountersignatureTime,
      FolderPath, FileName, FileSize, SignatureIndex, ScanId)
    SELECT
      strftime('%Y-%m-%dT%H:%M:%fZ', @now, '-' || (i % @spread) || ' seconds'),
      @deviceId, @deviceName, printf('%040x', i), 1, 'Embedded',
      CASE WHEN i % @enterSrlEvery = 0 THEN 'Enter Srl' ELSE printf('Contoso Vendor %d Corporation', i % @signers) END,
      printf('%040x', 1000000 + i % @signers),
      'Contoso Code Signing CA', printf('%040x', 999), printf('%032x', i),
      '["http://crl.example.test/contoso-code-signing-ca.crl"]',
      '2024-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z', NULL,
      printf('C:\\Windows\\System32\\vendor%d', i % 200), printf('file%d.dll', i), 40960, 0, @scanId
    FROM n`);
  const result = statement.run({
    count,
    now: now.toISOString(),
    spread: spreadInSeconds,
    deviceId,
    deviceName,
    enterSrlEvery,
    signers: signerCount,
    scanId,
  });
  return result.changes;
}
