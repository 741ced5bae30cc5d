#!/usr/bin/env bash
# Rehearses a deploy with no AWS account: creates a stage's synthesized stacks in moto's CloudFormation on
# 127.0.0.1, as `cdk deploy` would (bootstrap bucket and SSM version, file assets, stacks in dependency order),
# then checks the wiring of what moto made and says what it could not make.
#
#   scripts/rehearse_deploy.sh [--stage NAME] [--keep-running]
#
#   --stage NAME      the stage whose templates to rehearse (default dev)
#   --keep-running    leave moto running after the report, until Ctrl-C, to look around with the AWS CLI
#
# Synthesizes with scripts/deploy.sh --synth first; SKIP_BUILD=1 reuses infrastructure/cdk.out when it has
# the stage's templates. Needs Python 3 with moto's server (pip install 'moto[server]'; PYTHON names another
# interpreter). Exits 1 when a stack or a check fails; the stripped template copies, moto's log and the synth log
# go to target/rehearse-deploy/.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/scripts/lib/java.sh"
check_arguments "$@"

stage="dev"
keep_running=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --stage) stage="${2:?--stage needs a name}"; shift 2 ;;
    --keep-running) keep_running=true; shift ;;
    *) echo "Unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done

python="${PYTHON:-python3}"
if ! moto_version="$("$python" -c 'import boto3, moto, moto.server; print(moto.__version__)' 2>/dev/null)"; then
  echo "rehearse_deploy.sh needs moto's server in $python: pip install 'moto[server]'" >&2
  exit 1
fi

work="$root/target/rehearse-deploy"
rm -rf "$work" && mkdir -p "$work"
cdk_out="$root/infrastructure/cdk.out"
templates=("$cdk_out"/serverless-orch-"$stage"-{data,application,monitoring}.template.json)
have_templates=true
for template in "$cdk_out/manifest.json" "${templates[@]}"; do
  [[ -f "$template" ]] || have_templates=false
done
if [[ "${SKIP_BUILD:-0}" == "1" && "$have_templates" == true ]]; then
  echo "==> Reusing the templates of stage $stage in infrastructure/cdk.out (SKIP_BUILD=1)"
else
  echo "==> Synthesizing stage $stage with scripts/deploy.sh --synth (minutes the first time; SKIP_BUILD=1 reuses it)"
  if ! "$root/scripts/deploy.sh" --synth --stage "$stage" >"$work/synth.log" 2>&1; then
    tail -n 30 "$work/synth.log" >&2
    echo "The synth failed; its full output is in $work/synth.log" >&2
    exit 1
  fi
fi

# Dummy credentials, for moto and the rehearsal only: nothing here may reach a real account, and no profile,
# instance role or proxy of the caller's may come into play.
rehearsal_env=(env -u AWS_PROFILE -u AWS_DEFAULT_PROFILE -u AWS_SESSION_TOKEN -u AWS_SECURITY_TOKEN
  -u AWS_ROLE_ARN -u AWS_WEB_IDENTITY_TOKEN_FILE -u AWS_CONTAINER_CREDENTIALS_FULL_URI
  -u AWS_CONTAINER_CREDENTIALS_RELATIVE_URI -u AWS_ENDPOINT_URL
  -u HTTP_PROXY -u HTTPS_PROXY -u http_proxy -u https_proxy -u ALL_PROXY -u all_proxy
  AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_CONFIG_FILE=/dev/null
  AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_EC2_METADATA_DISABLED=true NO_PROXY='*' no_proxy='*')

port="$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"${rehearsal_env[@]}" "$python" -m moto.server -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
moto_pid=$!
stop_moto() {
  kill "$moto_pid" 2>/dev/null || true
  wait "$moto_pid" 2>/dev/null || true
}
trap stop_moto EXIT
trap 'exit 130' INT TERM

echo "==> Starting moto $moto_version on 127.0.0.1:$port"
ready=false
for _ in $(seq 1 120); do
  if ! kill -0 "$moto_pid" 2>/dev/null; then
    break
  fi
  if "$python" -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' "$port" 2>/dev/null; then
    ready=true
    break
  fi
  sleep 0.5
done
if [[ "$ready" != true ]]; then
  tail -n 20 "$work/moto.log" >&2
  echo "moto did not start on 127.0.0.1:$port; its log is $work/moto.log" >&2
  exit 1
fi

status=0
"${rehearsal_env[@]}" "$python" "$root/scripts/lib/rehearse_deploy.py" --cdk-out "$cdk_out" --stage "$stage" \
  --endpoint "http://127.0.0.1:$port" --work "$work" --moto-log "$work/moto.log" || status=$?
echo "Rehearsal of stage $stage: $([[ $status -eq 0 ]] && echo passed || echo FAILED) in ${SECONDS} s"

if [[ "$keep_running" == true ]]; then
  echo
  echo "moto keeps running on 127.0.0.1:$port until Ctrl-C; for example:"
  echo "  AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing aws --endpoint-url http://127.0.0.1:$port \\"
  echo "    --region $(cat "$work/region") cloudformation describe-stacks"
  wait "$moto_pid" || true
fi
exit "$status"
