#!/usr/bin/env bash
# Rebuild native-fixtures/: small PE files signed by a TEST-ONLY PKI, two
# Debian-signed EFI binaries, and expected.json with the values each file must
# yield. expected.json comes from what this script set (names, serials, dates,
# times) and from openssl, never from signsweep.
#
#   npm run fixtures        (or: bash scripts/make-fixtures.sh)
#
# Needs: x86_64-w64-mingw32-gcc and i686-w64-mingw32-gcc (Debian packages
# gcc-mingw-w64-x86-64 and gcc-mingw-w64-i686), osslsigncode, openssl, node,
# and the Debian packages shim-helpers-amd64-signed and fwupd-amd64-signed.
# Unsigned, EFI and untimestamped RSA-signed files come out byte-identical
# on each run. The others contain random bytes (see record_file), so
# expected.json gives no SHA1 for them and stays byte-identical itself.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
pki=$repo/scripts/fixture-pki
out=$repo/native-fixtures
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
facts=$work/facts.tsv
: >"$facts"

source "$repo/scripts/lib/fixture-pki.sh"
source "$repo/scripts/lib/fixture-sign.sh"
source "$repo/scripts/lib/fixture-efi.sh"

mkdir -p "$out"
rm -f "$out"/*.exe "$out"/*.efi.signed

# Step 1: the unsigned payloads, PE32 (i686) and PE32+ (x86_64). -s and
# --strip-all leave no COFF symbol table, --no-insert-timestamp zeroes
# TimeDateStamp, so the bytes depend only on the compiler version.
compile_flags=(-Os -s -Wl,--no-insert-timestamp -Wl,--strip-all)
i686-w64-mingw32-gcc "${compile_flags[@]}" -o "$out/unsigned-pe32.exe" \
  "$repo/scripts/fixture-src/hello.c"
x86_64-w64-mingw32-gcc "${compile_flags[@]}" -o "$out/unsigned-pe32plus.exe" \
  "$repo/scripts/fixture-src/hello.c"
pe32=$out/unsigned-pe32.exe
pe64=$out/unsigned-pe32plus.exe

# Step 2: the test PKI. Columns: id, issuer, extensions, key algorithm,
# serial (DER content octets), notBefore, notAfter, string mask, subject,
# CRL URLs. The string mask utf8only gives UTF8String, default prefers
# PrintableString, and MASK:0x2804 allows T61String, BMPString and UTF8String.
pki_name="/C=IT/O=Signsweep Test PKI"
crl=http://crl.example.test/signsweep-code-signing-ca.crl
crl2=http://crl2.example.test/signsweep-code-signing-ca.crl

issue_cert root self ext_root_ca rsa 01 2020-01-01T00:00:00Z 2045-01-01T00:00:00Z \
  utf8only "$pki_name/CN=Signsweep Test Root CA" -
issue_cert code-signing-ca root ext_issuing_ca rsa 1001 2020-01-01T00:00:00Z \
  2040-01-01T00:00:00Z utf8only "$pki_name/CN=Signsweep Test Code Signing CA" -
issue_cert tsa-ca root ext_issuing_ca rsa 2001 2020-01-01T00:00:00Z \
  2040-01-01T00:00:00Z utf8only "$pki_name/CN=Signsweep Test Timestamping CA" -
issue_cert tsa tsa-ca ext_tsa rsa 2002 2020-06-01T00:00:00Z 2035-06-01T00:00:00Z \
  utf8only "$pki_name/OU=Timestamping/CN=Signsweep Test TSA" -

leaf() {
  issue_cert "$1" code-signing-ca ext_code_signing "${@:2}"
  make_chain "$work/$1.chain.pem" "$1" code-signing-ca
}
leaf enter-srl rsa 5e1a2b3c4d5e6f708192a3b4c5d6e7f8 2024-01-15T09:30:00Z \
  2027-01-15T09:29:59Z utf8only "/C=IT/L=Reggio Emilia/O=Enter Srl/CN=Enter Srl" "$crl $crl2"
leaf enter-srl-upper rsa 00c0ffee01 2023-05-02T00:00:00Z 2026-05-01T23:59:59Z \
  default "/C=IT/O=ENTER S.R.L./CN=ENTER S.R.L." "$crl"
leaf enter-srl-mixed rsa 01 2022-11-30T08:00:00Z 2025-11-30T07:59:59Z \
  utf8only "/C=IT/O=Enter S.r.l./CN=Enter S.r.l." "$crl"
leaf center-srl rsa 43454e544552 2024-02-01T00:00:00Z 2027-02-01T00:00:00Z \
  utf8only "/C=IT/O=Center Srl/CN=Center Srl" "$crl"
leaf enterprise-srl rsa 7e0000000000000000000001 2024-03-01T12:00:00Z 2027-03-01T12:00:00Z \
  default "/C=IT/O=Enterprise Srl/CN=Enterprise Srl" "$crl"
# notAfter past 2049 is encoded as GeneralizedTime (RFC 5280 4.1.2.5).
leaf nanosystems rsa 2b00112233445566 2024-04-01T00:00:00Z 2050-06-30T23:59:59Z \
  utf8only "/C=IT/O=Nanosystems S.R.L./CN=Nanosystems S.R.L." "$crl"
leaf northwind rsa 4e57000000000042 2023-09-09T09:09:09Z 2026-09-09T09:09:09Z \
  utf8only "/C=GB/O=Northwind Remote Tools Ltd/CN=Northwind Remote Tools Ltd" "$crl"
leaf contoso-ec ec 0ec0ec 2024-06-01T00:00:00Z 2027-06-01T00:00:00Z \
  utf8only "/C=US/O=Contoso Test/CN=Contoso ECDSA Test Signer" "$crl"
# CN needs BMPString (U+0141), O fits T61String (Latin-1 only), OU needs
# UTF8String (U+1F680 is outside the BMP).
leaf unicode-mixed rsa 55aa55aa 2024-07-01T00:00:00Z 2027-07-01T00:00:00Z \
  MASK:0x2804 "/C=PL/O=Société Générale de Test/OU=Équipe 🚀 Build/CN=Łódź Software Sp. z o.o." "$crl"
# No CN: the simple display name falls back to OU.
leaf unicode-no-cn rsa 3c3c3c 2024-08-01T00:00:00Z 2027-08-01T00:00:00Z \
  utf8only "/C=DE/O=Müller & Söhne GmbH/OU=Qualitätssicherung Süd" "$crl"
leaf negative-serial rsa 80ffee 2024-09-01T00:00:00Z 2027-09-01T00:00:00Z \
  utf8only "/C=US/O=Tailspin Toys/CN=Tailspin Toys Negative Serial" "$crl"
make_chain "$work/tsa.chain.pem" tsa tsa-ca
# Published for trust checks: both CA branches chain to this root.
cp "$work/root.pem" "$out/signsweep-test-root-ca.pem"

# Step 3: the signed fixtures. Columns of sign_pe: input, output, leaf,
# digest, program name, TSA time ("-" for none), nesting.
sign_pe "$pe64" enter-srl-ts.exe enter-srl sha256 "Enter Remote Desktop" 2025-03-10T12:00:05Z -
sign_pe "$pe64" enter-srl-no-ts.exe enter-srl sha256 "Enter Remote Desktop" - -
sign_pe "$pe32" enter-srl-upper.exe enter-srl-upper sha256 "ENTER Remote" 2025-03-10T12:01:05Z -
sign_pe "$pe64" enter-srl-mixed.exe enter-srl-mixed sha256 "Enter Remote" 2025-03-10T12:02:05Z -
sign_pe "$pe64" center-srl.exe center-srl sha256 "Center Viewer" 2025-03-10T12:03:05Z -
sign_pe "$pe32" enterprise-srl.exe enterprise-srl sha256 "Enterprise Agent" 2025-03-10T12:04:05Z -
sign_pe "$pe64" nanosystems.exe nanosystems sha256 "Remote Support" 2025-03-10T12:05:05Z -
sign_pe "$pe64" sha1-nested-sha256.exe enter-srl sha1 "Enter Remote Desktop" 2025-03-10T12:06:05Z -
sign_pe "$out/sha1-nested-sha256.exe" sha1-nested-sha256.exe enter-srl sha256 \
  "Enter Remote Desktop" 2025-03-10T12:06:35Z nest
sign_pe "$pe64" other-nested-enter.exe northwind sha256 "Northwind Helper" 2025-03-10T12:07:05Z -
sign_pe "$out/other-nested-enter.exe" other-nested-enter.exe enter-srl sha256 \
  "Enter Remote Desktop" 2025-03-10T12:07:35Z nest
sign_pe "$pe64" ecdsa-p256.exe contoso-ec sha256 "Contoso Tool" 2025-03-10T12:08:05Z -
sign_pe "$pe64" unicode-names.exe unicode-mixed sha256 "Lodz Installer" 2025-03-10T12:09:05Z -
sign_pe "$pe64" unicode-no-cn.exe unicode-no-cn sha256 "Pruefwerkzeug" 2025-03-10T12:10:05Z -
sign_pe "$pe32" negative-serial.exe negative-serial sha256 "Tailspin Tool" 2025-03-10T12:11:05Z -

# Step 4: a second WIN_CERTIFICATE entry, which osslsigncode cannot write.
# Both files were signed from the same PE32+ payload, so the second
# signature's Authenticode digest matches too.
osslsigncode extract-signature -in "$out/nanosystems.exe" -out "$work/nanosystems.p7" >/dev/null
node "$repo/scripts/append-certificate-entry.mjs" "$out/enter-srl-ts.exe" \
  "$work/nanosystems.p7" "$out/two-entries.exe"
copy_sig_facts enter-srl-ts.exe two-entries.exe
copy_sig_facts nanosystems.exe two-entries.exe

# Step 5: real signatures from Debian's Secure Boot signer, described by
# reading them with osslsigncode and openssl.
copy_efi /usr/lib/shim/fbx64.efi.signed
copy_efi "$(dpkg -L fwupd-amd64-signed | grep '/fwupdx64\.efi\.signed$')"

# Step 6: file facts and expected.json.
for file in "$out"/*.exe "$out"/*.efi.signed; do
  record_file "$(basename "$file")" contoso-ec
done
node "$repo/scripts/write-fixture-expected.mjs" "$facts" "$out/expected.json"
echo "fixtures written to $out"
