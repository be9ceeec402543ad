# Real signed binaries for the fixtures, sourced by scripts/make-fixtures.sh.
#
# Debian signs its EFI binaries with its Secure Boot CA. This script did not
# make those signatures, so their expected values are read back with
# osslsigncode and openssl and recorded as `cert` and `sig` facts.
#
# Expects: $work, $out, $facts, and thumbprint/unix_time from the other libs.

# Copy one signed EFI binary into $out and record its single signature.
copy_efi() {
  local source=$1
  local name
  name=$(basename "$source")
  local dir=$work/efi-$name
  mkdir -p "$dir"
  cp "$source" "$out/$name"

  # osslsigncode exits non-zero here because Debian's CA is not a trusted
  # root on this host, but it still prints every signature. -ignore-crl
  # keeps it off the network.
  osslsigncode verify -ignore-crl -in "$out/$name" >"$dir/verify.txt" 2>&1 || true
  local count
  count=$(grep -c '^Signature Index:' "$dir/verify.txt" || true)
  if [[ $count != 1 ]]; then
    echo "$name: osslsigncode found $count signatures, expected exactly one" >&2
    return 1
  fi
  osslsigncode extract-signature -in "$out/$name" -out "$dir/signature.p7" >/dev/null
  openssl pkcs7 -inform DER -in "$dir/signature.p7" -print >"$dir/pkcs7.txt"
  openssl pkcs7 -inform DER -in "$dir/signature.p7" -print_certs >"$dir/certs.pem"
  split_pem "$dir/certs.pem" "$dir/cert"

  # The signer is the certificate named by SignerInfo.issuerAndSerialNumber.
  local signer_serial
  signer_serial=$(awk '/issuer_and_serial:/ { f = 1 } f && /^ *serial:/ { print $2; exit }' \
    "$dir/pkcs7.txt")
  local cert signer=""
  for cert in "$dir"/cert-*.pem; do
    [[ $(cert_serial "$cert") == "${signer_serial#0x}" ]] && signer=$cert
  done
  [[ -n $signer ]] || { echo "$name: signer certificate not found" >&2; return 1; }

  record_efi_cert "$name" "$signer" "$dir"
  local digest program=- tsa_time=-
  digest=$(sed -n 's/^Message digest algorithm *: *//p' "$dir/verify.txt" | head -n1)
  # SpcSpOpusInfo (1.3.6.1.4.1.311.2.1.12) carries the program name.
  if openssl asn1parse -inform DER -in "$dir/signature.p7" | grep -q '1\.3\.6\.1\.4\.1\.311\.2\.1\.12'; then
    echo "$name: has SpcSpOpusInfo; read its programName by hand" >&2
    return 1
  fi
  if ! grep -q '^Timestamp is not available' "$dir/verify.txt"; then
    echo "$name: has a timestamp; read its genTime by hand" >&2
    return 1
  fi
  printf 'sig\t%s\t%s\t%s\t%s\t%s\n' "$name" "efi:$name" "${digest,,}" "$program" \
    "$tsa_time" >>"$facts"
}

# Write each certificate of a PEM bundle to PREFIX-N.pem.
split_pem() {
  awk -v prefix="$2" '/-----BEGIN CERTIFICATE-----/ { n++ }
    n { print > (prefix "-" n ".pem") }' "$1"
}

# Serial number as openssl prints it: uppercase hex, no separators.
cert_serial() {
  openssl x509 -in "$1" -noout -serial | sed 's/^serial=//'
}

# Record the signer certificate of an EFI binary as a `cert` fact. Its issuer
# is referenced by subject ("subject:/CN=...") when the signature does not
# carry the issuer certificate, so IssuerHash stays null.
record_efi_cert() {
  local name=$1 cert=$2 dir=$3
  local subject issuer issuer_ref not_before not_after serial crl_urls
  subject=$(openssl x509 -in "$cert" -noout -subject -nameopt compat | sed 's/^subject=//')
  issuer=$(openssl x509 -in "$cert" -noout -issuer -nameopt compat | sed 's/^issuer=//')
  not_before=$(openssl x509 -in "$cert" -noout -startdate | sed 's/^notBefore=//')
  not_after=$(openssl x509 -in "$cert" -noout -enddate | sed 's/^notAfter=//')
  serial=$(cert_serial "$cert")
  [[ $serial != -* ]] || { echo "$name: negative serial not supported here" >&2; return 1; }
  crl_urls=$(openssl x509 -in "$cert" -noout -ext crlDistributionPoints 2>/dev/null |
    sed -n 's/^ *URI://p' | tr '\n' ' ')

  issuer_ref="subject:$issuer"
  local other
  for other in "$dir"/cert-*.pem; do
    if [[ $(openssl x509 -in "$other" -noout -subject -nameopt compat) == "subject=$issuer" ]]; then
      record_efi_issuer "$name" "$other"
      issuer_ref="efi-issuer:$name"
    fi
  done

  printf 'cert\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "efi:$name" "$issuer_ref" \
    "$(der_serial_of_hex "$serial")" "$(iso_time "$not_before")" "$(iso_time "$not_after")" \
    "$subject" "$(thumbprint "$cert")" "${crl_urls:--}" >>"$facts"
}

# Record an issuer certificate carried in an EFI signature, for IssuerHash.
record_efi_issuer() {
  local name=$1 cert=$2
  local subject
  subject=$(openssl x509 -in "$cert" -noout -subject -nameopt compat | sed 's/^subject=//')
  printf 'cert\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "efi-issuer:$name" "-" "-" "-" "-" \
    "$subject" "$(thumbprint "$cert")" "-" >>"$facts"
}

# DER INTEGER content octets of a positive serial printed in hex: even length,
# and a leading 00 when the high bit is set (X.690 8.3).
der_serial_of_hex() {
  local hex=${1,,}
  (( ${#hex} % 2 )) && hex=0$hex
  [[ ${hex:0:1} =~ [89a-f] ]] && hex=00$hex
  echo "$hex"
}

# openssl's "Aug 18 17:32:39 2022 GMT" as ISO 8601 UTC.
iso_time() {
  date -u -d "$1" +%Y-%m-%dT%H:%M:%SZ
}
