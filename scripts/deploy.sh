#!/usr/bin/env bash
# Deploys ServerlessOrch to an AWS account: the data, application and monitoring stacks of one stage.
#
#   scripts/deploy.sh [--stage dev] [--alarm-email ops@example.com] [--api-authorization IAM|NONE] [--synth]
#
#   --stage NAME              the stage (default dev); "prod" keeps data on deletion and allows more traffic
#   --alarm-email ADDRESS     subscribes the address to the alarm topic
#   --api-authorization TYPE  IAM (default: requests are signed with SigV4) or NONE (open to the internet)
#   --synth                   build and write the CloudFormation templates to infrastructure/cdk.out; no AWS account needed
#
# Prerequisites: JDK 17+, Maven, Node.js 18+ with npm; to deploy, AWS credentials and a region
# (AWS_PROFILE, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, with AWS_REGION).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

stage="dev"
alarm_email=""
api_authorization="IAM"
synth_only=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --stage) stage="${2:?--stage needs a name}"; shift 2 ;;
    --alarm-email) alarm_email="${2:?--alarm-email needs an address}"; shift 2 ;;
    --api-authorization) api_authorization="${2:?--api-authorization needs IAM or NONE}"; shift 2 ;;
    --synth) synth_only=true; shift ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "Unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done

missing=()
command -v java >/dev/null 2>&1 || missing+=("java (JDK 17 or newer)")
command -v node >/dev/null 2>&1 || missing+=("node (Node.js 18 or newer)")
command -v npm >/dev/null 2>&1 || missing+=("npm")
if command -v node >/dev/null 2>&1 && [[ "$(node -p 'process.versions.node.split(".")[0]')" -lt 18 ]]; then
  missing+=("Node.js 18 or newer (found $(node --version))")
fi
if [[ "$synth_only" == false ]]; then
  if [[ -z "${AWS_ACCESS_KEY_ID:-}" && -z "${AWS_PROFILE:-}" && -z "${AWS_CONTAINER_CREDENTIALS_FULL_URI:-}" \
        && ! -f "${AWS_SHARED_CREDENTIALS_FILE:-$HOME/.aws/credentials}" && ! -f "${AWS_CONFIG_FILE:-$HOME/.aws/config}" ]]; then
    missing+=("AWS credentials (set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; or use --synth)")
  fi
  if [[ -z "${AWS_REGION:-${AWS_DEFAULT_REGION:-}}" && -z "${AWS_PROFILE:-}" && ! -f "${AWS_CONFIG_FILE:-$HOME/.aws/config}" ]]; then
    missing+=("an AWS region (set AWS_REGION)")
  fi
fi
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "deploy.sh cannot run; missing:" >&2
  printf '  - %s\n' "${missing[@]}" >&2
  exit 1
fi

echo "==> Building the deployment jar and the CDK app"
(cd "$root" && ./mvnw -q -DskipTests -pl infrastructure -am package)

echo "==> Installing the pinned AWS CDK CLI"
cd "$root/infrastructure"
npm ci --no-audit --no-fund --loglevel=error

# No notices or telemetry calls: synth must work with no network to AWS at all.
export CDK_DISABLE_CLI_TELEMETRY=true
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
context=(-c "stage=$stage" -c "apiAuthorization=$api_authorization")
[[ -n "$alarm_email" ]] && context+=(-c "alarmEmail=$alarm_email")
cdk() { npx --no-install cdk --no-notices "$@"; }

if [[ "$synth_only" == true ]]; then
  echo "==> Writing the templates of stage $stage"
  cdk synth --quiet "${context[@]}"
  echo "Templates: $root/infrastructure/cdk.out/serverless-orch-$stage-{data,application,monitoring}.template.json"
  exit 0
fi

echo "==> Bootstrapping the account for the CDK (does nothing when already done)"
cdk bootstrap "${context[@]}"

echo "==> Deploying stage $stage"
cdk deploy --all --require-approval never --outputs-file cdk.out/outputs.json "${context[@]}"

node -e '
  const outputs = require(process.argv[1]);
  const find = (key) => Object.values(outputs).map((stack) => stack[key]).find(Boolean);
  console.log("\nAPI:       " + find("ApiUrl"));
  console.log("Dashboard: " + find("DashboardUrl"));
' "$root/infrastructure/cdk.out/outputs.json"
