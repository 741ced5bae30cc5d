# Sourced by scripts/deploy.sh: what it asks AWS before it changes anything. Each function prints what it
# found on standard output and explains a failure on standard error.

# Prints the region a deploy goes to: AWS_REGION, AWS_DEFAULT_REGION, else the profile's (as the AWS CLI and
# the CDK read it). Returns 1 with no output when none is set: the CDK would silently take us-east-1.
deploy_region() {
  local region="${AWS_REGION:-${AWS_DEFAULT_REGION:-}}"
  if [[ -z "$region" ]]; then
    region="$(aws configure get region 2>/dev/null || true)"
  fi
  [[ -n "$region" ]] || return 1
  printf '%s\n' "$region"
}

# Prints "ACCOUNT CALLER_ARN" for the credentials in use, or explains on standard error why they do not work.
caller_identity() {
  local region="$1" answer
  if ! answer="$(aws sts get-caller-identity --region "$region" --query '[Account, Arn]' --output text 2>&1)"; then
    {
      echo "The AWS credentials do not work: 'aws sts get-caller-identity' answered:"
      printf '%s\n' "$answer" | sed 's/^/    /'
      echo "Sign in (aws sso login${AWS_PROFILE:+ --profile $AWS_PROFILE}, or aws configure), or set AWS_PROFILE, then run again."
    } >&2
    return 1
  fi
  printf '%s\n' "$answer"
}

# Prints how many Lambda functions the account may run at once, or nothing when the CLI cannot tell.
account_concurrency() {
  aws lambda get-account-settings --region "$1" --query 'AccountLimit.ConcurrentExecutions' --output text 2>/dev/null || true
}

# True when the stack exists in a state a deploy updates. A stack that never was, was deleted, or is
# ROLLBACK_COMPLETE (its first create failed; the CDK deletes and creates it again) is not there.
stack_exists() {
  local status
  status="$(aws cloudformation describe-stacks --region "$2" --stack-name "$1" --query 'Stacks[0].StackStatus' --output text 2>/dev/null)" || return 1
  [[ -n "$status" && "$status" != "ROLLBACK_COMPLETE" && "$status" != "DELETE_COMPLETE" ]]
}

# Prints "TYPE NAME STACK" for each resource a template in CDK_OUT keeps on deletion (DeletionPolicy Retain)
# under a name of its own: the resources that a stack deleted earlier, or whose first create failed, leaves behind.
retained_names() {
  node -e '
    const fs = require("fs"), path = require("path");
    const out = process.argv[1], prefix = process.argv[2];
    const nameOf = { "AWS::DynamoDB::Table": "TableName", "AWS::SQS::Queue": "QueueName", "AWS::Logs::LogGroup": "LogGroupName",
                     "AWS::SecretsManager::Secret": "Name" };
    for (const file of fs.readdirSync(out).filter((f) => f.startsWith(prefix + "-") && f.endsWith(".template.json")).sort()) {
      const stack = file.slice(0, -".template.json".length);
      const resources = JSON.parse(fs.readFileSync(path.join(out, file), "utf8")).Resources || {};
      for (const resource of Object.values(resources)) {
        const name = (resource.Properties || {})[nameOf[resource.Type]];
        if (resource.DeletionPolicy === "Retain" && typeof name === "string") {
          console.log(resource.Type + " " + name + " " + stack);
        }
      }
    }' "$1" "$2"
}

# Prints "TYPE NAME STACK" for each retained resource of stage PREFIX that exists in the account while its
# stack does not: CloudFormation cannot create it again ("already exists"), so the deploy would fail there.
retained_in_the_way() {
  local cdk_out="$1" prefix="$2" region="$3" type name stack
  local -A present=()
  while read -r type name stack; do
    if [[ -z "${present[$stack]+set}" ]]; then
      present[$stack]=no
      stack_exists "$stack" "$region" && present[$stack]=yes
    fi
    [[ "${present[$stack]}" == yes ]] && continue
    case "$type" in
      AWS::DynamoDB::Table) aws dynamodb describe-table --region "$region" --table-name "$name" >/dev/null 2>&1 ;;
      AWS::SQS::Queue) aws sqs get-queue-url --region "$region" --queue-name "$name" >/dev/null 2>&1 ;;
      # A secret scheduled for deletion is in the way too: its name cannot be used again until it is gone.
      AWS::SecretsManager::Secret) aws secretsmanager describe-secret --region "$region" --secret-id "$name" >/dev/null 2>&1 ;;
      AWS::Logs::LogGroup)
        [[ "$(aws logs describe-log-groups --region "$region" --log-group-name-prefix "$name" \
              --query 'logGroups[].logGroupName' --output text 2>/dev/null)" =~ (^|[[:space:]])"$name"($|[[:space:]]) ]] ;;
      *) false ;;
    esac && printf '%s %s %s\n' "$type" "$name" "$stack"
  done < <(retained_names "$cdk_out" "$prefix")
}

# What to do about the resources retained_in_the_way printed (read on standard input), on standard error.
explain_retained() {
  local stage="$1" region="$2" type name stack
  local -a deletes=()
  {
    echo "Stage $stage has resources kept from an earlier stack, and CloudFormation cannot create them again:"
    while read -r type name stack; do
      echo "  - $type $name (stack $stack)"
      case "$type" in
        AWS::DynamoDB::Table) deletes+=("aws dynamodb update-table --region $region --table-name $name --no-deletion-protection-enabled && aws dynamodb delete-table --region $region --table-name $name") ;;
        AWS::SQS::Queue) deletes+=("aws sqs delete-queue --region $region --queue-url \"\$(aws sqs get-queue-url --region $region --queue-name $name --query QueueUrl --output text)\"") ;;
        AWS::Logs::LogGroup) deletes+=("aws logs delete-log-group --region $region --log-group-name $name") ;;
        AWS::SecretsManager::Secret) deletes+=("aws secretsmanager delete-secret --region $region --secret-id $name --force-delete-without-recovery") ;;
      esac
    done
    echo "Nothing was changed. Either keep them and bring them back under the stacks (README, \"Deploying again after a"
    echo "teardown\": cd infrastructure && npx cdk import <stack> -c stage=$stage), or, only if what they hold may go:"
    printf '    %s\n' "${deletes[@]}"
    echo "then run deploy.sh again."
  } >&2
}
