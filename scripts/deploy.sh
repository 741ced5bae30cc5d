#!/usr/bin/env bash
# Deploys ServerlessOrch to an AWS account: the data, application and monitoring stacks of one stage.
#
#   scripts/deploy.sh [--stage dev] [--alarm-email ops@example.com] [--api-authorization IAM|NONE] [--yes]
#   scripts/deploy.sh --synth [--stage dev] ...
#
#   --stage NAME              the stage (default dev); "prod" keeps data on deletion and allows more traffic
#   --alarm-email ADDRESS     subscribes the address to the alarm topic
#   --api-authorization TYPE  IAM (default: requests are signed with SigV4) or NONE (open to the internet)
#   --yes                     deploy without asking (the account, region and stage are printed all the same)
#   --synth                   build and write the CloudFormation templates to infrastructure/cdk.out; no AWS account needed
#
# Before it builds anything it asks AWS who you are (aws sts get-caller-identity) and resolves the region
# (AWS_REGION, AWS_DEFAULT_REGION, else your profile's), prints the account, region and stage, and asks you to
# confirm. Before it changes anything it stops if resources kept from an earlier stack of the stage are in the way.
#
# Prerequisites: JDK 17+, Node.js 18+ with npm; to deploy, the AWS CLI with credentials and a region.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/scripts/lib/java.sh"
source "$root/scripts/lib/deploy_checks.sh"
check_arguments "$@"

stage="dev"
alarm_email=""
api_authorization="IAM"
synth_only=false
assume_yes=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --stage) stage="${2:?--stage needs a name}"; shift 2 ;;
    --alarm-email) alarm_email="${2:?--alarm-email needs an address}"; shift 2 ;;
    --api-authorization) api_authorization="${2:?--api-authorization needs IAM or NONE}"; shift 2 ;;
    --synth) synth_only=true; shift ;;
    --yes) assume_yes=true; shift ;;
    *) echo "Unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done
# The same rules as StageSettings, checked here so that a typo costs no build.
if [[ ! "$stage" =~ ^[a-z][a-z0-9-]{0,15}$ ]]; then
  echo "--stage must be lower-case letters, digits and '-', starting with a letter, at most 16 characters: $stage" >&2
  exit 2
fi
api_authorization="${api_authorization^^}"
if [[ "$api_authorization" != IAM && "$api_authorization" != NONE ]]; then
  echo "--api-authorization must be IAM or NONE, not $api_authorization" >&2
  exit 2
fi

missing=()
command -v node >/dev/null 2>&1 || missing+=("node (Node.js 18 or newer)")
command -v npm >/dev/null 2>&1 || missing+=("npm")
if command -v node >/dev/null 2>&1 && [[ "$(node -p 'process.versions.node.split(".")[0]')" -lt 18 ]]; then
  missing+=("Node.js 18 or newer (found $(node --version))")
fi
if [[ "$synth_only" == false ]] && ! command -v aws >/dev/null 2>&1; then
  missing+=("the AWS CLI (aws), to check who and where you deploy; or use --synth")
fi
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "deploy.sh cannot run; missing:" >&2
  printf '  - %s\n' "${missing[@]}" >&2
  exit 1
fi
require_java

prefix="serverless-orch-$stage"
if [[ "$synth_only" == false ]]; then
  if ! region="$(deploy_region)"; then
    echo "No AWS region is set: the CDK would deploy to us-east-1 without saying so. Set AWS_REGION, or your" >&2
    echo "profile's region (aws configure set region eu-west-1${AWS_PROFILE:+ --profile $AWS_PROFILE}), then run again." >&2
    exit 1
  fi
  identity="$(caller_identity "$region")" || exit 1
  read -r account caller <<<"$identity"
  concurrency="$(account_concurrency "$region")"

  echo "==> About to deploy"
  echo "    account  $account ($caller)"
  echo "    region   $region"
  if [[ "$stage" == prod ]]; then
    echo "    stage    $stage (tables with deletion protection; tables, logs and dead letters kept if a stack is deleted)"
  else
    echo "    stage    $stage (everything is deleted with its stack)"
  fi
  echo "    stacks   $prefix-data, $prefix-application, $prefix-monitoring"
  if [[ "$api_authorization" == IAM ]]; then
    echo "    API      callers sign their requests (IAM authorization)"
  else
    echo "    API      open to the internet behind a web ACL (--api-authorization NONE)"
  fi
  echo "    alarms   e-mailed to ${alarm_email:-nobody (add --alarm-email ADDRESS to be told)}"
  if [[ "$concurrency" =~ ^[0-9]+$ && "$concurrency" -lt 100 ]]; then
    echo "    warning  this account may run only $concurrency Lambda functions at once; the stream processor waits on"
    echo "             each step it calls, so orders will be throttled. Ask for more first (README, \"A new account's"
    echo "             concurrency quota\")."
  fi
  if [[ "$assume_yes" == true ]]; then
    approval=never
  else
    printf 'Deploy? [y/N] '
    answer=""
    read -r answer || true
    [[ -t 0 ]] || echo
    if [[ -z "$answer" && ! -t 0 ]]; then
      echo "Not deployed: nobody answered (run it in a terminal, or pass --yes)." >&2
      exit 1
    elif [[ ! "$answer" =~ ^[Yy]([Ee][Ss])?$ ]]; then
      echo "Not deployed." >&2
      exit 1
    fi
    # Asked in a terminal: the CDK also asks before it widens a permission. Otherwise the answer was given above.
    approval=never
    [[ -t 0 ]] && approval=broadening
  fi
  # The account and region just shown are the ones the CDK app and CLI use.
  export AWS_REGION="$region" AWS_DEFAULT_REGION="$region" CDK_DEFAULT_REGION="$region" CDK_DEFAULT_ACCOUNT="$account"
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
  echo "Templates: $root/infrastructure/cdk.out/$prefix-{data,application,monitoring}.template.json"
  exit 0
fi

echo "==> Checking for resources kept from an earlier stack of $stage"
cdk synth --quiet "${context[@]}"
in_the_way="$(retained_in_the_way cdk.out "$prefix" "$region")"
if [[ -n "$in_the_way" ]]; then
  explain_retained "$stage" "$region" <<<"$in_the_way"
  exit 1
fi

echo "==> Bootstrapping aws://$account/$region for the CDK (does nothing when already done)"
cdk bootstrap "aws://$account/$region" "${context[@]}"

echo "==> Deploying stage $stage to aws://$account/$region"
cdk deploy --all --require-approval "$approval" --outputs-file cdk.out/outputs.json "${context[@]}"

node -e '
  const outputs = require(process.argv[1]);
  const find = (key) => Object.values(outputs).map((stack) => stack[key]).find(Boolean);
  console.log("\nAPI:       " + find("ApiUrl"));
  console.log("Dashboard: " + find("DashboardUrl"));
  console.log("Webhook:   " + find("PaymentWebhookUrl") + " (give it to the payment provider)");
  // No apostrophes here: this script is in single quotes.
  console.log("Secret:    " + find("PaymentWebhookSecretArn") + " holds a random placeholder until you put the signing"
    + " secret the provider gave you:\n           aws secretsmanager put-secret-value --secret-id <that ARN> --secret-string \"$SECRET\"");
' "$root/infrastructure/cdk.out/outputs.json"
