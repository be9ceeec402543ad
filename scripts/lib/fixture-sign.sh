# Authenticode signing for the fixtures, sourced by scripts/make-fixtures.sh.
#
# osslsigncode signs with a fixed signing time (-time) and its built-in
# RFC 3161 timestamp authority at a fixed time (-TSA-time), so no network is
# used. Every signature is recorded as one `sig` line in $facts, in the order
# signsweep numbers them (SignatureIndex): primary first, then nested ones.
#
# Expects: $pki, $work, $out, $facts, and the chains made by make_chain.

readonly signing_time_iso=2025-03-10T12:00:00Z

unix_time() {
  date -u -d "$1" +%s
}

# Sign IN into OUT, or add a nested signature when NEST is "nest".
#   sign_pe IN OUT LEAF_ID DIGEST PROGRAM_NAME TSA_TIME NEST
# TSA_TIME is ISO 8601 UTC, or "-" for no timestamp. OUT is a file name in
# $out. Nest in place (IN is $out/OUT), so the new `sig` fact follows the
# facts already recorded for OUT.
sign_pe() {
  local in=$1 out_name=$2 leaf=$3 digest=$4 program=$5 tsa_time=$6 nest=$7
  local args=(sign -certs "$work/$leaf.chain.pem" -key "$pki/keys/$leaf.key"
    -h "$digest" -n "$program" -i "https://$leaf.example.test/"
    -time "$(unix_time "$signing_time_iso")")

  if [[ $tsa_time != - ]]; then
    args+=(-TSA-certs "$work/tsa.chain.pem" -TSA-key "$pki/keys/tsa.key"
      -TSA-time "$(unix_time "$tsa_time")")
  fi
  [[ $nest == nest ]] && args+=(-nest)

  rm -f "$work/signed.tmp"
  osslsigncode "${args[@]}" -in "$in" -out "$work/signed.tmp" >"$work/osslsigncode.log" 2>&1 ||
    { cat "$work/osslsigncode.log" >&2; return 1; }
  mv "$work/signed.tmp" "$out/$out_name"

  printf 'sig\t%s\t%s\t%s\t%s\t%s\n' "$out_name" "$leaf" "$digest" "$program" "$tsa_time" >>"$facts"
}

# Repeat the `sig` facts of file FROM for file TO, keeping their order.
copy_sig_facts() {
  local from=$1 to=$2
  awk -F '\t' -v from="$from" -v to="$to" 'BEGIN { OFS = FS }
    $1 == "sig" && $2 == from { $2 = to; print }' "$facts" >>"$facts.copy"
  cat "$facts.copy" >>"$facts"
  rm -f "$facts.copy"
}

# Record a `file` fact: name, SHA-1 of the whole file, and whether a rerun of
# the script reproduces its bytes ("1") or not ("0"). Two things differ per
# run: an ECDSA signature takes a fresh random nonce (OpenSSL 3.0 has no
# RFC 6979), and osslsigncode's built-in TSA puts a random serialNumber and
# nonce in TSTInfo and the current time in its SignerInfo's signingTime.
#   record_file NAME ECDSA_LEAF_ID...
record_file() {
  local name=$1
  shift
  local reproducible=1 leaf
  if awk -F '\t' -v name="$name" '$1 == "sig" && $2 == name && $6 != "-" { found = 1 }
      END { exit !found }' "$facts"; then
    reproducible=0
  fi
  for leaf in "$@"; do
    if awk -F '\t' -v name="$name" -v leaf="$leaf" '$1 == "sig" && $2 == name && $3 == leaf { found = 1 }
        END { exit !found }' "$facts"; then
      reproducible=0
    fi
  done
  printf 'file\t%s\t%s\t%s\n' "$name" "$(sha1sum "$out/$name" | cut -d' ' -f1)" \
    "$reproducible" >>"$facts"
}
