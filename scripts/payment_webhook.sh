#!/usr/bin/env bash
# Plays the payment provider against the local run: tells it the outcome of an order's pending payment
# (an order placed with card_token tok_3ds waits in PAYMENT_PENDING for this), signed as the provider signs.
#
#   scripts/payment_webhook.sh --order ID --outcome succeeded|failed [--api-url URL] [--secret S] [--event-id evt_...]
#
# Reads the order's payment.reference and total (GET /orders/ID), posts a payment.succeeded or payment.failed
# event to POST /payments/webhook with the header Payment-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of
# "<t>.<body>">, prints the answer, and exits 1 when it is not a 2xx (2 on a bad option).
#   --api-url   default http://localhost:8080
#   --secret    default $ORCH_PAYMENT_WEBHOOK_SECRET, else the local run's development secret
#   --event-id  default a new evt_<random>; send the same one twice to see a repeated event change nothing
# Needs curl and openssl.
set -euo pipefail

usage() {
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
}

fail() {
  echo "payment_webhook: $1" >&2
  exit "${2:-1}"
}

api_url=http://localhost:8080
secret="${ORCH_PAYMENT_WEBHOOK_SECRET:-whsec_local_development_only}"
order_id=""
outcome=""
event_id=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --order|--outcome|--api-url|--secret|--event-id)
      [[ $# -ge 2 && -n "$2" ]] || fail "$1 needs a value" 2
      case "$1" in
        --order) order_id="$2" ;;
        --outcome) outcome="$2" ;;
        --api-url) api_url="${2%/}" ;;
        --secret) secret="$2" ;;
        --event-id) event_id="$2" ;;
      esac
      shift 2 ;;
    *) fail "unknown option '$1' (see --help)" 2 ;;
  esac
done
[[ -n "$order_id" ]] || { usage >&2; fail "--order ID is required" 2; }
[[ "$outcome" == "succeeded" || "$outcome" == "failed" ]] || fail "--outcome must be succeeded or failed, not '${outcome}'" 2
[[ "$order_id" =~ ^[A-Za-z0-9-]+$ ]] || fail "--order must be an order id (letters, digits and -), not '${order_id}'" 2
[[ "$api_url" =~ ^https?:// ]] || fail "--api-url must be an http:// or https:// URL like http://localhost:8080, not '${api_url}'" 2
[[ -n "$secret" ]] || fail "--secret must not be empty" 2
if [[ -z "$event_id" ]]; then
  event_id="evt_$(openssl rand -hex 12)"
fi
[[ "$event_id" =~ ^[A-Za-z0-9_-]+$ ]] || fail "--event-id takes letters, digits, _ and -, not '${event_id}'" 2
command -v curl > /dev/null || fail "needs curl"
command -v openssl > /dev/null || fail "needs openssl"

answer="$(mktemp)"
trap 'rm -f "$answer"' EXIT

# The order as the API shows it: the provider knows its payment's reference and amount.
status=$(curl -sS -o "$answer" -w '%{http_code}' "$api_url/orders/$order_id" 2> "$answer.err") \
  || fail "cannot reach $api_url: $(cat "$answer.err"; rm -f "$answer.err") (is the local run up? scripts/run_local.sh)"
rm -f "$answer.err"
order="$(cat "$answer")"
if [[ "$status" != 200 ]]; then
  echo "GET /orders/$order_id answered HTTP $status" >&2
  echo "$order" >&2
  exit 1
fi
# The API's JSON is compact and these names occur once (the history's statuses come after the order's own).
field() { grep -o "\"$1\":$2" <<< "$order" | head -1 | sed "s/^\"$1\"://; s/\"//g" || true; }
reference=$(field reference '"[^"]*"')
total=$(field total '[0-9.]*')
order_status=$(field status '"[^"]*"')
[[ -n "$reference" ]] || fail "order $order_id has no payment reference (it is ${order_status:-in no status}): only an order paid with card_token tok_3ds waits for the provider"
[[ -n "$total" ]] || fail "order $order_id shows no total"

# The raw body is what is signed: it is sent byte for byte as built here.
body="{\"id\":\"$event_id\",\"type\":\"payment.$outcome\",\"data\":{\"order_id\":\"$order_id\",\"reference\":\"$reference\",\"amount\":$total}}"
t=$(date +%s)
signature=$(printf '%s.%s' "$t" "$body" | openssl dgst -sha256 -hmac "$secret" -hex | sed 's/^.*= *//')
[[ "$signature" =~ ^[0-9a-f]{64}$ ]] || fail "openssl gave no HMAC-SHA256 ('$signature')"

echo "POST $api_url/payments/webhook  payment.$outcome for order $order_id (payment $reference, $total), event $event_id"
status=$(curl -sS -o "$answer" -w '%{http_code}' -X POST "$api_url/payments/webhook" \
  -H 'Content-Type: application/json' -H "Payment-Signature: t=$t,v1=$signature" \
  --data-binary "$body") || fail "cannot reach $api_url"
echo "HTTP $status $(cat "$answer")"
[[ "$status" == 2?? ]]
