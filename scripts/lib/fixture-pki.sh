# Test PKI for the signed fixtures, sourced by scripts/make-fixtures.sh.
#
# Certificates are issued by `openssl ca` from the committed TEST-ONLY keys in
# scripts/fixture-pki/keys with fixed serials and fixed validity dates, so
# every run yields the same certificate bytes: RSA PKCS#1 v1.5 signatures
# carry no randomness. Each issued certificate is recorded as one `cert` line
# in $facts for scripts/write-fixture-expected.mjs.
#
# Expects: $pki (config and keys folder), $work (scratch folder), $facts.

# Create a TEST-ONLY key the first time a certificate needs it. Later runs
# reuse the committed file, which is what keeps thumbprints stable.
ensure_key() {
  local name=$1 algorithm=$2
  local key=$pki/keys/$name.key
  [[ -f $key ]] && return
  mkdir -p "$pki/keys"
  case $algorithm in
    rsa) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$key" 2>/dev/null ;;
    ec) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:prime256v1 -out "$key" ;;
    *) echo "unknown key algorithm: $algorithm" >&2; return 1 ;;
  esac
}

# Convert an ISO 8601 UTC time (2024-01-15T09:30:00Z) to the form that
# `openssl ca -startdate/-enddate` reads (20240115093000Z).
openssl_time() {
  local iso=$1
  iso=${iso//-/}
  iso=${iso//:/}
  echo "${iso/T/}"
}

# Issue one certificate.
#   issue_cert ID ISSUER_ID EXTENSIONS ALGORITHM SERIAL NOT_BEFORE NOT_AFTER
#              STRING_MASK SUBJECT CRL_URLS
# SERIAL is the DER INTEGER content octets in hex, exactly as the certificate
# will store them: 00c0ffee01 is positive, 80ffee is negative (X.690 8.3).
# ISSUER_ID "self" makes a self-signed root. SUBJECT uses openssl's
# /TYPE=value form; CRL_URLS is a space-separated list or "-".
issue_cert() {
  local id=$1 issuer=$2 extensions=$3 algorithm=$4 serial=$5
  local not_before=$6 not_after=$7 mask=$8 subject=$9 crl_urls=${10}
  local ca_dir=$work/ca-$id
  local crl_value=URI:http://crl.example.test/unused.crl
  local negative=0

  ensure_key "$id" "$algorithm"
  mkdir -p "$ca_dir/newcerts"
  : >"$ca_dir/index.txt"
  # `openssl ca` reads its serial file as an unsigned number, so a negative
  # serial is issued self-signed first and re-signed below.
  [[ ${serial:0:1} =~ [89a-f] ]] && negative=1
  if (( negative )); then echo 01 >"$ca_dir/serial"; else echo "$serial" >"$ca_dir/serial"; fi
  if [[ $crl_urls != - ]]; then
    crl_value=$(printf 'URI:%s,' $crl_urls)
    crl_value=${crl_value%,}
  fi

  # The CSR only carries the public key: `ca -subj` sets the subject.
  openssl req -new -key "$pki/keys/$id.key" -subj "/CN=$id" -out "$ca_dir/request.pem"

  local issuer_args=(-cert "$work/$issuer.pem" -keyfile "$pki/keys/$issuer.key")
  if [[ $issuer == self ]] || (( negative )); then
    issuer_args=(-selfsign -keyfile "$pki/keys/$id.key")
  fi

  export FIXTURE_CA_DIR=$ca_dir FIXTURE_CA_CERT=$work/$issuer.pem \
    FIXTURE_CA_KEY=$pki/keys/$issuer.key FIXTURE_STRING_MASK=$mask \
    FIXTURE_CRL_URLS=$crl_value
  openssl ca -config "$pki/ca.cnf" -batch -notext -preserveDN -utf8 \
    "${issuer_args[@]}" -in "$ca_dir/request.pem" -out "$work/$id.pem" \
    -subj "$subject" -extensions "$extensions" \
    -startdate "$(openssl_time "$not_before")" -enddate "$(openssl_time "$not_after")" \
    2>"$ca_dir/ca.log" || { cat "$ca_dir/ca.log" >&2; return 1; }

  if (( negative )); then set_negative_serial "$id" "$issuer" "$serial" "$extensions"; fi
  record_cert "$id" "$issuer" "$serial" "$not_before" "$not_after" "$subject" "$crl_urls"
}

# Re-sign a self-signed certificate with its real issuer and a negative
# serial: `x509 -set_serial` takes a signed decimal number, -preserve_dates
# keeps the fixed validity, and the extensions are rebuilt so that
# authorityKeyIdentifier names the issuer. `x509 -CA` only re-signs input
# that is self-signed, hence the detour. Uses the FIXTURE_* environment that
# issue_cert exported.
set_negative_serial() {
  local id=$1 issuer=$2 der_hex=$3 extensions=$4
  local bits=$(( ${#der_hex} * 4 ))
  local magnitude=$(( (1 << bits) - 16#$der_hex ))

  openssl x509 -in "$work/$id.pem" -CA "$work/$issuer.pem" -CAkey "$pki/keys/$issuer.key" \
    -set_serial "-$magnitude" -preserve_dates -clrext \
    -extfile "$pki/ca.cnf" -extensions "$extensions" -out "$work/$id.resigned.pem"
  mv "$work/$id.resigned.pem" "$work/$id.pem"
}

# SHA-1 thumbprint of a PEM certificate's DER bytes, lowercase hex.
thumbprint() {
  openssl x509 -in "$1" -noout -fingerprint -sha1 | sed 's/.*=//; s/://g' | tr 'A-F' 'a-f'
}

# Append a `cert` fact: id, issuer id, serial, validity, subject, thumbprint,
# CRL URLs. The issuer's subject and thumbprint are joined in by id later.
record_cert() {
  local id=$1 issuer=$2 serial=$3 not_before=$4 not_after=$5 subject=$6 crl_urls=$7
  [[ $issuer == self ]] && issuer=$id
  printf 'cert\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$id" "$issuer" "$serial" \
    "$not_before" "$not_after" "$subject" "$(thumbprint "$work/$id.pem")" "$crl_urls" >>"$facts"
}

# Concatenate PEM certificates (leaf first) into one chain file.
make_chain() {
  local out=$1
  shift
  local id
  for id in "$@"; do cat "$work/$id.pem"; done >"$out"
}
