"""Creates a stage's synthesized stacks in moto's CloudFormation, as `cdk deploy` would, and checks their wiring.

Run by scripts/rehearse_deploy.sh, which starts moto and gives this process dummy credentials:

    python3 rehearse_deploy.py --cdk-out DIR --stage NAME --endpoint http://127.0.0.1:PORT --work DIR --moto-log FILE

What moto 5.2 does with these templates (found by trying them):
- A resource type its CloudFormation has no model for is not made: the stack records a placeholder with no
  logical id, no type and no physical id, CREATE_COMPLETE.
- A Ref or Fn::GetAtt to such a resource resolves to nothing: inside Fn::Split CreateStack fails with an
  internal error (HTTP 500) and leaves the stack CREATE_IN_PROGRESS with what it had made so far; elsewhere the
  property, or the output, is silently dropped.
- Rules are not evaluated, and a DependsOn on a missing resource is not refused; a missing export is refused
  (ValidationError), and so is an API Gateway deployment of an API without methods.
So a stack whose supported resources refer to unsupported ones is created from a copy without the unsupported
resources and everything that refers to or depends on them, and the report names what was left out. Rules,
references and imports are checked here, on the templates as synthesized.

Exit status: 0 when every stack was created and no check failed (warnings allowed), 1 otherwise.
"""
import argparse
import base64
import collections
import copy
import hashlib
import json
import logging
import re
import sys
import time
import urllib.parse
import warnings
import zipfile
from io import BytesIO
from pathlib import Path

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

MOTO_ACCOUNT = "123456789012"  # moto's default account: where an account-agnostic template lands
DEFAULT_REGION = "us-east-1"
CAPABILITIES = ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"]
# The properties moto 5.2's CloudFormation passes on (read from its models); it drops the others silently, so
# only these can be compared.
MOTO_KEEPS = {
    "AWS::Lambda::Function": {"Code", "Description", "Environment", "FunctionName", "Handler", "MemorySize", "Publish",
                              "ReservedConcurrentExecutions", "Role", "Runtime", "Timeout", "VpcConfig"},
    "AWS::DynamoDB::Table": {"AttributeDefinitions", "BillingMode", "DeletionProtectionEnabled", "GlobalSecondaryIndexes",
                             "KeySchema", "LocalSecondaryIndexes", "ProvisionedThroughput", "SSESpecification",
                             "StreamSpecification", "TableName", "Tags", "WarmThroughput"},
}
SQS_ATTRIBUTES = ["DelaySeconds", "FifoQueue", "KmsMasterKeyId", "MaximumMessageSize", "MessageRetentionPeriod",
                  "ReceiveMessageWaitTimeSeconds", "SqsManagedSseEnabled", "VisibilityTimeout"]
# Where a resource type keeps the name other resources (alarms, the dashboard) know it by.
NAME_PROPERTIES = {"AWS::Lambda::Function": ("FunctionName", "FunctionName"), "AWS::SQS::Queue": ("QueueName", "QueueName"),
                   "AWS::DynamoDB::Table": ("TableName", "TableName"), "AWS::ApiGateway::RestApi": ("ApiName", "Name")}


class Unresolved(Exception):
    """A template value this rehearsal cannot compute from what moto made."""


# ---------------------------------------------------------------------------------------------- templates

def walk(node):
    """Every dict in a template fragment."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def sub_names(text):
    return {name for name in re.findall(r"\$\{([^!}][^}]*)\}", text)}


def value_refs(node):
    """Logical ids a fragment uses the value of: Ref, Fn::GetAtt, ${...} in Fn::Sub."""
    found = set()
    for item in walk(node):
        if isinstance(item.get("Ref"), str):
            found.add(item["Ref"])
        if "Fn::GetAtt" in item:
            target = item["Fn::GetAtt"]
            found.add(target[0] if isinstance(target, list) else target.split(".")[0])
        if "Fn::Sub" in item:
            text = item["Fn::Sub"] if isinstance(item["Fn::Sub"], str) else item["Fn::Sub"][0]
            found.update(name.split(".")[0] for name in sub_names(text))
    return {name for name in found if not name.startswith("AWS::")}


def imports(node):
    return {item["Fn::ImportValue"] for item in walk(node) if isinstance(item.get("Fn::ImportValue"), str)}


def depends_on(resource):
    value = resource.get("DependsOn", [])
    return set([value] if isinstance(value, str) else value)


def counted(types):
    return ", ".join(f"{name} {count}" for name, count in sorted(collections.Counter(types).items())) or "none"


def evaluate_rule(node, parameters):
    """The condition functions CloudFormation allows in Rules, enough for CDK's CheckBootstrapVersion."""
    if isinstance(node, list):
        return [evaluate_rule(item, parameters) for item in node]
    if not isinstance(node, dict):
        return node
    (function, argument), = node.items()
    if function == "Ref":
        return parameters[argument]
    values = evaluate_rule(argument, parameters)
    functions = {"Fn::Not": lambda: not values[0], "Fn::And": lambda: all(values), "Fn::Or": lambda: any(values),
                 "Fn::Equals": lambda: values[0] == values[1], "Fn::Contains": lambda: values[1] in values[0]}
    if function not in functions:
        raise Unresolved(f"rule function {function}")
    return functions[function]()


def describe_policy(document):
    parts = []
    for statement in document.get("Statement", []):
        actions = statement.get("Action")
        actions = ", ".join(actions) if isinstance(actions, list) else actions
        principal = json.dumps(statement.get("Principal"), separators=(",", ":"))
        condition = f" when {json.dumps(statement['Condition'], separators=(',', ':'))}" if "Condition" in statement else ""
        parts.append(f"{statement['Effect']} {actions} for {principal}{condition}")
    return "; ".join(parts) or "no statements"


def allows_cloudwatch(document):
    """Whether a topic policy lets CloudWatch alarms publish (service principal, or anyone)."""
    for statement in document.get("Statement", []):
        actions = statement.get("Action", [])
        actions = [actions] if isinstance(actions, str) else actions
        principal = statement.get("Principal", {})
        services = principal.get("Service", []) if isinstance(principal, dict) else []
        services = [services] if isinstance(services, str) else services
        anyone = principal == "*" or (isinstance(principal, dict) and principal.get("AWS") in ("*", ["*"]))
        if (statement.get("Effect") == "Allow" and any(a.lower() in ("sns:publish", "sns:*") for a in actions)
                and (anyone or "cloudwatch.amazonaws.com" in services)):
            return True
    return False


# ---------------------------------------------------------------------------------------------- the rehearsal

class Rehearsal:
    def __init__(self, args):
        self.cdk_out, self.stage, self.work, self.moto_log = Path(args.cdk_out), args.stage, Path(args.work), args.moto_log
        self.artifacts = json.loads((self.cdk_out / "manifest.json").read_text())["artifacts"]
        self.stacks = self.stack_order()
        self.account, self.region = self.environment()
        self.templates = {name: json.loads((self.cdk_out / self.artifacts[name]["properties"]["templateFile"]).read_text())
                          for name in self.stacks}
        self.counts = collections.Counter()
        self.left_out = {}         # stack -> {logical id or Outputs.name: why}
        self.dropped_exports = {}  # export name -> the stack whose copy left it out
        self.physical = {}         # stack -> {logical id: physical id}
        self.stand_ins = {}        # stack -> {logical id: ARN} of what was made through a service's API instead
        self.created, self.failed = [], {}
        self.asset_files = {}      # (bucket, key) -> local file
        self.jar_entries = {}      # local file -> its entries
        self.bootstrap_version = None
        config = Config(retries={"max_attempts": 2}, proxies={})
        session = boto3.session.Session(region_name=self.region)
        client = lambda service: session.client(service, endpoint_url=args.endpoint, config=config)  # noqa: E731
        self.s3, self.ssm, self.cfn, self.lam = client("s3"), client("ssm"), client("cloudformation"), client("lambda")
        self.iam, self.ddb, self.sqs, self.sns = client("iam"), client("dynamodb"), client("sqs"), client("sns")
        self.logs, self.cloudwatch, self.apigateway = client("logs"), client("cloudwatch"), client("apigateway")
        self.secretsmanager = client("secretsmanager")

    # -- the report

    def line(self, status, text):
        self.counts[status] += 1
        print(f"  {status:<4}  {text}", flush=True)

    def short(self, name):
        return name.removeprefix(f"serverless-orch-{self.stage}-")

    # -- the cloud assembly

    def stack_order(self):
        prefix = f"serverless-orch-{self.stage}-"
        stacks = [name for name, artifact in self.artifacts.items()
                  if artifact["type"] == "aws:cloudformation:stack" and name.startswith(prefix)]
        if not stacks:
            sys.exit(f"{self.cdk_out}/manifest.json has no stacks of stage {self.stage}")
        ordered, pending = [], stacks
        while pending:
            ready = [name for name in pending
                     if all(dep in ordered or dep not in stacks for dep in self.artifacts[name].get("dependencies", []))]
            if not ready:
                sys.exit(f"The stacks' dependencies in manifest.json form a cycle: {pending}")
            ordered += ready
            pending = [name for name in pending if name not in ready]
        return ordered

    def environment(self):
        environments = {self.artifacts[name]["environment"] for name in self.stacks}
        if len(environments) != 1:
            sys.exit(f"The stacks target different environments: {sorted(environments)}")
        account, region = environments.pop().removeprefix("aws://").split("/")
        return (MOTO_ACCOUNT if account.startswith("unknown") else account,
                DEFAULT_REGION if region.startswith("unknown") else region)

    def pseudo(self, name):
        return {"AWS::AccountId": self.account, "AWS::Region": self.region, "AWS::Partition": "aws",
                "AWS::URLSuffix": "amazonaws.com"}.get(name)

    def substitute(self, text):
        return re.sub(r"\$\{(AWS::[A-Za-z]+)\}", lambda m: self.pseudo(m.group(1)) or m.group(0), text)

    def asset_manifests(self):
        for name in self.stacks:
            for dep in self.artifacts[name].get("dependencies", []):
                if self.artifacts.get(dep, {}).get("type") == "cdk:asset-manifest":
                    yield json.loads((self.cdk_out / self.artifacts[dep]["properties"]["file"]).read_text())

    # -- what cdk bootstrap and cdk deploy do before the stacks

    def bootstrap(self):
        print("\nBootstrap (what `cdk bootstrap` leaves in an account)")
        buckets = {self.substitute(dest["bucketName"]) for manifest in self.asset_manifests()
                   for asset in manifest.get("files", {}).values() for dest in asset["destinations"].values()}
        for bucket in sorted(buckets):
            where = {} if self.region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": self.region}}
            self.s3.create_bucket(Bucket=bucket, **where)
            self.line("ok", f"bucket {bucket}")
        # The version a deploy requires (lookups need a later one, and are not part of a deploy).
        needed = {}
        for name in self.stacks:
            props = self.artifacts[name]["properties"]
            if "bootstrapStackVersionSsmParameter" in props:
                parameter = props["bootstrapStackVersionSsmParameter"]
                needed[parameter] = max(needed.get(parameter, 0), props.get("requiresBootstrapStackVersion", 1))
        for parameter, version in needed.items():
            self.ssm.put_parameter(Name=parameter, Value=str(version), Type="String", Overwrite=True)
            self.bootstrap_version = version
            self.line("ok", f"SSM parameter {parameter} = {version}, the version manifest.json requires")

    def upload_assets(self):
        print("\nAssets (what `cdk deploy` publishes before the stacks)")
        for manifest in self.asset_manifests():
            for asset_id, asset in manifest.get("files", {}).items():
                source = self.cdk_out / asset["source"]["path"]
                body = self.zipped(source) if asset["source"].get("packaging") == "zip" else source.read_bytes()
                for dest in asset["destinations"].values():
                    bucket, key = self.substitute(dest["bucketName"]), self.substitute(dest["objectKey"])
                    self.s3.put_object(Bucket=bucket, Key=key, Body=body)
                    self.asset_files[(bucket, key)] = source
                    label = asset.get("displayName", asset_id)
                    shown = f"{key[:12]}…{Path(key).suffix}" if len(key) > 24 else key
                    self.line("ok", f"{label}: {shown} ({len(body):,} bytes)")
            for image_id, image in manifest.get("dockerImages", {}).items():
                self.line("FAIL", f"{image.get('displayName', image_id)}: a container image, which this rehearsal cannot publish")

    @staticmethod
    def zipped(directory):
        buffer = BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(p for p in directory.rglob("*") if p.is_file()):
                archive.write(path, path.relative_to(directory).as_posix())
        return buffer.getvalue()

    # -- checks on the templates as synthesized (moto makes none of them)

    def check_templates(self):
        print("\nThe templates as synthesized")
        exported = {output["Export"]["Name"]: name for name in self.stacks
                    for output in self.templates[name].get("Outputs", {}).values() if "Export" in output}
        for position, name in enumerate(self.stacks):
            template, short = self.templates[name], self.short(name)
            resources = template.get("Resources", {})
            known = set(resources) | set(template.get("Parameters", {}))
            dangling = sorted({target for resource in resources.values()
                               for target in value_refs(resource) | depends_on(resource) if target not in known})
            if dangling:
                self.line("FAIL", f"{short}: refers to resources it does not have: {', '.join(dangling)}")
            else:
                self.line("ok", f"{short}: every Ref, Fn::GetAtt and DependsOn names one of its "
                                f"{len(resources)} resources or parameters")
            wanted = imports(template)
            missing = sorted(export for export in wanted if exported.get(export) not in self.stacks[:position])
            undeclared = sorted({exported[e] for e in wanted if e in exported} - set(self.artifacts[name].get("dependencies", [])))
            if missing:
                self.line("FAIL", f"{short}: imports what no stack deployed before it exports: {', '.join(missing)}")
            elif undeclared:
                self.line("FAIL", f"{short}: imports from {', '.join(undeclared)} without depending on it in manifest.json")
            elif wanted:
                sources = ", ".join(sorted({self.short(exported[export]) for export in wanted}))
                self.line("ok", f"{short}: its {len(wanted)} Fn::ImportValue name exports of {sources}, which it depends on")
            self.check_rules(name)

    def check_rules(self, name):
        template, short = self.templates[name], self.short(name)
        parameters = {}
        for key, parameter in template.get("Parameters", {}).items():
            if parameter.get("Type", "").startswith("AWS::SSM::Parameter::Value"):
                parameters[key] = self.ssm.get_parameter(Name=parameter["Default"])["Parameter"]["Value"]
            elif "Default" in parameter:
                parameters[key] = parameter["Default"]
        for rule_name, rule in template.get("Rules", {}).items():
            assertions = rule.get("Assertions", [])
            try:
                applies = evaluate_rule(rule.get("RuleCondition", True), parameters)
                refused = [a.get("AssertDescription", "an assertion") for a in assertions
                           if applies and not evaluate_rule(a["Assert"], parameters)]
                # A rule that refuses nothing guards nothing: try the version before the one required.
                older = None
                if "BootstrapVersion" in parameters:
                    older = dict(parameters, BootstrapVersion=str(self.bootstrap_version - 1))
                refuses_older = older is not None and any(not evaluate_rule(a["Assert"], older) for a in assertions)
            except (Unresolved, KeyError) as e:
                self.line("part", f"{short}: rule {rule_name} not evaluated ({e})")
                continue
            if refused:
                self.line("FAIL", f"{short}: rule {rule_name} refuses the deploy: {'; '.join(refused)}")
            else:
                values = ", ".join(f"{key}={value}" for key, value in parameters.items())
                guard = f" and refuses {older['BootstrapVersion']}" if refuses_older else ""
                self.line("ok", f"{short}: rule {rule_name} passes with {values}{guard} (moto ignores Rules)")

    # -- the stacks

    @staticmethod
    def moto_makes(resource_type):
        from moto.cloudformation.parsing import resource_class_from_type
        return resource_class_from_type(resource_type) is not None

    def make_stand_ins(self, name, resources):
        """
        What moto's CloudFormation has no model for but its service API makes, made here as CloudFormation would:
        a named secret, with a value generated by Secrets Manager as GenerateSecretString asks. The copy of the
        template refers to its ARN, which is what a Ref to a secret answers.
        """
        made = {}
        for logical, resource in resources.items():
            p = resource.get("Properties", {})
            if resource["Type"] == "AWS::SecretsManager::Secret" and isinstance(p.get("Name"), str) and "SecretString" not in p:
                generate = p.get("GenerateSecretString", {})
                value = self.secretsmanager.get_random_password(
                    PasswordLength=int(generate.get("PasswordLength", 32)),
                    ExcludePunctuation=bool(generate.get("ExcludePunctuation", False)))["RandomPassword"]
                made[logical] = self.secretsmanager.create_secret(
                    Name=p["Name"], Description=p.get("Description", ""), SecretString=value)["ARN"]
        self.stand_ins[name] = made
        return made

    @staticmethod
    def without_stand_ins(node, made):
        """{@code node} with each Ref to a stand-in replaced by its ARN, and each DependsOn on one dropped."""
        if isinstance(node, list):
            return [Rehearsal.without_stand_ins(item, made) for item in node]
        if isinstance(node, dict):
            if len(node) == 1 and isinstance(node.get("Ref"), str) and node["Ref"] in made:
                return made[node["Ref"]]
            copied = {key: Rehearsal.without_stand_ins(value, made) for key, value in node.items()}
            if "DependsOn" in copied:
                kept = [d for d in ([copied["DependsOn"]] if isinstance(copied["DependsOn"], str) else copied["DependsOn"])
                        if d not in made]
                if kept:
                    copied["DependsOn"] = kept
                else:
                    del copied["DependsOn"]
            return copied
        return node

    def prepare(self, name):
        """The template moto is given: as synthesized, or a copy without what moto cannot make or refer to."""
        template = self.templates[name]
        made = self.make_stand_ins(name, template.get("Resources", {}))
        if made:
            template = self.without_stand_ins(template, made)
            for logical in made:
                del template["Resources"][logical]
        resources, outputs = template.get("Resources", {}), template.get("Outputs", {})
        unsupported = {logical for logical, r in resources.items() if not self.moto_makes(r["Type"])}
        lost_imports = {export for export in imports(template) if export in self.dropped_exports}

        def needs(fragment, gone):
            return (value_refs(fragment) & gone) or (imports(fragment) & lost_imports)

        if not any(needs(r, unsupported) for l, r in resources.items() if l not in unsupported) \
                and not any(needs(o, unsupported) for o in outputs.values()):
            return template, {}
        left_out = {logical: "moto cannot make its type" for logical in unsupported}
        changed = True
        while changed:
            changed = False
            for logical, resource in resources.items():
                if logical in left_out:
                    continue
                refers, depends = sorted(value_refs(resource) & set(left_out)), sorted(depends_on(resource) & set(left_out))
                why = f"refers to {refers[0]}" if refers else f"depends on {depends[0]}" if depends else None
                if not why and imports(resource) & lost_imports:
                    why = f"imports {sorted(imports(resource) & lost_imports)[0]}, left out of its stack"
                if why:
                    left_out[logical], changed = why, True
        stripped = copy.deepcopy(template)
        for logical in left_out:
            del stripped["Resources"][logical]
        for output_name, output in outputs.items():
            if needs(output, set(left_out)):
                del stripped["Outputs"][output_name]
                left_out[f"Outputs.{output_name}"] = f"refers to {sorted(value_refs(output) & set(left_out))[0]}"
                if "Export" in output:
                    self.dropped_exports[output["Export"]["Name"]] = name
        return stripped, left_out

    def template_url(self, name, template):
        bucket, key = self.substitute(self.artifacts[name]["properties"]["stackTemplateAssetObjectUrl"]) \
            .removeprefix("s3://").split("/", 1)
        if template is not self.templates[name]:
            copy_file = self.work / f"{name}.template.json"
            copy_file.write_text(json.dumps(template, indent=1))
            (self.work / f"{name}.left-out.json").write_text(json.dumps(self.left_out[name], indent=1))
            key = f"rehearsal/{copy_file.name}"
            self.s3.put_object(Bucket=bucket, Key=key, Body=copy_file.read_bytes())
        # Only a name for moto to parse: moto reads the object from its own S3; nothing fetches this URL.
        return f"https://s3.{self.region}.amazonaws.com/{bucket}/{key}"

    def create_stacks(self):
        print("\nStacks, in dependency order")
        for name in self.stacks:
            blocked = [dep for dep in self.artifacts[name].get("dependencies", []) if dep in self.failed]
            if blocked:
                self.failed[name] = f"not attempted: it depends on {', '.join(blocked)}"
                print(f"\n{name}: NOT ATTEMPTED, it depends on {', '.join(blocked)}")
                continue
            template, self.left_out[name] = self.prepare(name)
            tags = [{"Key": k, "Value": v} for k, v in self.artifacts[name]["properties"].get("tags", {}).items()]
            started = time.monotonic()
            try:
                self.cfn.create_stack(StackName=name, TemplateURL=self.template_url(name, template),
                                      Capabilities=CAPABILITIES, Tags=tags)
                status, reason = self.wait(name)
            except Exception as e:  # moto answers some failures with bodies botocore cannot parse
                status, reason = "CREATE_FAILED", self.error_text(e)
            how = "from a copy without what moto cannot make" if self.left_out[name] else "as synthesized"
            print(f"\n{name}: {status} in {time.monotonic() - started:.1f} s, {how}")
            if status != "CREATE_COMPLETE":
                self.failed[name] = reason or status
                print(f"  reason    {reason}")
                for event in self.failure_events(name):
                    print(f"  event     {event}")
                continue
            self.created.append(name)
            self.describe_stack(name, template)

    def wait(self, name, timeout=120):
        deadline = time.monotonic() + timeout
        while True:
            stack = self.cfn.describe_stacks(StackName=name)["Stacks"][0]
            if not stack["StackStatus"].endswith("_IN_PROGRESS"):
                return stack["StackStatus"], stack.get("StackStatusReason")
            if time.monotonic() > deadline:
                return stack["StackStatus"], f"still {stack['StackStatus']} after {timeout} s"
            time.sleep(0.5)

    def error_text(self, error):
        text = str(error)
        if "Internal Server Error" in text:
            return f"moto failed inside CreateStack (HTTP 500); its traceback is in {self.moto_log}"
        match = re.search(r"b'(\{.*\})'", text)
        return match.group(1) if match else text

    def failure_events(self, name):
        try:
            events = self.cfn.describe_stack_events(StackName=name)["StackEvents"]
        except Exception:  # the stack may not exist at all
            return []
        return [f"{e['LogicalResourceId']} {e['ResourceStatus']}: {e.get('ResourceStatusReason')}"
                for e in events if "FAILED" in e["ResourceStatus"]]

    def describe_stack(self, name, template):
        summaries = []
        for page in self.cfn.get_paginator("list_stack_resources").paginate(StackName=name):
            summaries += page["StackResourceSummaries"]
        placeholders = sum(1 for s in summaries if not s["ResourceType"])
        self.physical[name] = {s["LogicalResourceId"]: s["PhysicalResourceId"] for s in summaries if s["ResourceType"]}
        synthesized = self.templates[name]["Resources"]
        print(f"  made      {counted(s['ResourceType'] for s in summaries if s['ResourceType'])}")
        stand_ins = self.stand_ins.get(name, {})
        if stand_ins:
            self.physical[name].update(stand_ins)
            print(f"  beside    {counted(synthesized[l]['Type'] for l in stand_ins)}: made through the service's API, as "
                  f"CloudFormation would (moto's CloudFormation has no model for them); the copy refers to their ARNs")
        not_made = [r["Type"] for logical, r in template["Resources"].items() if logical not in self.physical[name]]
        if not_made:
            print(f"  not made  {counted(not_made)}: moto's CloudFormation has no model for these types; "
                  f"it recorded {placeholders} nameless CREATE_COMPLETE placeholder{'s' if placeholders != 1 else ''}")
            if placeholders != len(not_made):
                self.line("FAIL", f"{self.short(name)}: {len(not_made)} resources not made, {placeholders} placeholders")
        left_out = self.left_out[name]
        if left_out:
            unsupported = [synthesized[l]["Type"] for l, why in left_out.items() if why.startswith("moto cannot")]
            print(f"  left out  {counted(unsupported)}: moto's CloudFormation has no model for these types, and "
                  f"resources it makes refer to them")
            by_type = collections.defaultdict(list)
            for logical, why in left_out.items():
                if not why.startswith("moto cannot"):
                    by_type[synthesized[logical]["Type"] if logical in synthesized else "Output"].append((logical, why))
            print("  left out  because they refer to or depend on those, directly or through each other:")
            for kind, entries in sorted(by_type.items()):
                targets = " or ".join(sorted({self.target_type(name, why) for _, why in entries}))
                shown = f" ({entries[0][0]})" if len(entries) == 1 else ""
                print(f"              {kind} {len(entries)}{shown}, on {targets}")
            print(f"  copy      {self.work / (name + '.template.json')}, reasons in {name}.left-out.json")
        outputs = self.cfn.describe_stacks(StackName=name)["Stacks"][0].get("Outputs", [])
        for output in outputs:
            if output.get("ExportName"):
                print(f"  export    {output['ExportName'].split(':', 1)[-1]} = {output['OutputValue']}")

    def target_type(self, name, why):
        """What a left-out resource refers to: a type moto cannot make, or the left-out resource by name."""
        target = why.split()[-1]
        kind = self.templates[name]["Resources"].get(target, {}).get("Type")
        if kind and self.left_out[name].get(target, "").startswith("moto cannot"):
            return kind
        return target if kind or target.startswith("Outputs.") else why

    # -- resolving template values from what moto made

    def resolve(self, name, value):
        """A template value as CloudFormation would compute it, from what moto made."""
        if isinstance(value, (str, int, float, bool)):
            return value
        if isinstance(value, list):
            return [self.resolve(name, item) for item in value]
        if isinstance(value, dict) and len(value) == 1:
            (function, argument), = value.items()
            if function == "Fn::ImportValue":
                if argument in self.dropped_exports:
                    stack = self.short(self.dropped_exports[argument])
                    raise Unresolved(f"export {argument.split(':', 1)[-1]} was left out of {stack}")
                return self.export_values[argument]
            if function == "Ref":
                found = self.pseudo(argument) or self.physical.get(name, {}).get(argument)
                if found is None:
                    raise Unresolved(f"Ref {argument}")
                return found
            if function == "Fn::Join":
                return argument[0].join(str(self.resolve(name, part)) for part in argument[1])
            if function == "Fn::Split":
                return str(self.resolve(name, argument[1])).split(argument[0])
            if function == "Fn::Select":
                return self.resolve(name, argument[1])[int(argument[0])]
            if function == "Fn::Sub" and isinstance(argument, str):
                return re.sub(r"\$\{([^!}][^}]*)\}", lambda m: str(self.resolve(name, {"Ref": m.group(1)})), argument)
            if function == "Fn::GetAtt":
                logical, attribute = argument if isinstance(argument, list) else argument.split(".", 1)
                return self.attribute(name, logical, attribute)
        raise Unresolved(json.dumps(value)[:80])

    def attribute(self, name, logical, attribute):
        physical = self.physical.get(name, {}).get(logical)
        kind = self.templates[name]["Resources"].get(logical, {}).get("Type")
        if physical is None:
            raise Unresolved(f"{logical}.{attribute}: not made")
        lookups = {
            ("AWS::IAM::Role", "Arn"): lambda: self.iam.get_role(RoleName=physical)["Role"]["Arn"],
            ("AWS::SQS::Queue", "Arn"): lambda: self.sqs.get_queue_attributes(
                QueueUrl=physical, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"],
            ("AWS::SQS::Queue", "QueueName"): lambda: physical.rsplit("/", 1)[-1],
            ("AWS::DynamoDB::Table", "Arn"): lambda: self.ddb.describe_table(TableName=physical)["Table"]["TableArn"],
            ("AWS::DynamoDB::Table", "StreamArn"): lambda: self.ddb.describe_table(TableName=physical)["Table"]["LatestStreamArn"],
            ("AWS::Lambda::Function", "Arn"): lambda: self.lam.get_function(FunctionName=physical)["Configuration"]["FunctionArn"],
        }
        if (kind, attribute) not in lookups:
            raise Unresolved(f"{logical}.{attribute}")
        return lookups[(kind, attribute)]()

    def resources(self, resource_type):
        """(stack, logical id, resource as synthesized, physical id or None) of a type in the stacks created."""
        for name in self.created:
            for logical, resource in self.templates[name].get("Resources", {}).items():
                if resource["Type"] == resource_type:
                    yield name, logical, resource, self.physical.get(name, {}).get(logical)

    def why_not_made(self, name, logical):
        if name not in self.created:
            return "its stack was not created"
        why = self.left_out.get(name, {}).get(logical, "")
        if why.startswith(("refers", "depends", "imports")):
            kind = self.templates[name]["Resources"].get(why.split()[-1], {}).get("Type")
            return f"left out: it {why}" + (f" ({kind})" if kind else "")
        return f"moto's CloudFormation cannot make {self.templates[name]['Resources'][logical]['Type']}"

    def not_made(self, what, name, logical):
        """A resource moto did not make: expected when the report names the reason, a failure otherwise."""
        if logical in self.left_out.get(name, {}) or not self.moto_makes(self.templates[name]["Resources"][logical]["Type"]):
            self.line("skip", f"{what}: not made ({self.why_not_made(name, logical)})")
        else:
            self.line("FAIL", f"{what}: missing, though its stack is {self.short(name)} CREATE_COMPLETE")

    def left_out_names(self):
        """Names alarms and dashboards may use for resources moto was never asked to make."""
        names = set()
        for name in self.stacks:
            for logical, resource in self.templates[name].get("Resources", {}).items():
                value = resource.get("Properties", {}).get(NAME_PROPERTIES.get(resource["Type"], ("", ""))[1])
                if isinstance(value, str) and logical not in self.physical.get(name, {}):
                    names.add(value)
        return names

    # -- wiring checks on what moto made

    def check_wiring(self):
        print("\nWiring, on what moto made")
        self.export_values = {}
        for page in self.cfn.get_paginator("list_exports").paginate():
            self.export_values.update({e["Name"]: e["Value"] for e in page["Exports"]})
        self.unmade_names = self.left_out_names()
        for check in (self.check_tables, self.check_functions, self.check_policies, self.check_secrets, self.check_event_source_mappings,
                      self.check_queues, self.check_topics, self.check_alarms, self.check_dashboards, self.check_api,
                      self.check_log_groups):
            check()

    def dropped_properties(self, resource_type):
        dropped = sorted({prop for _, _, resource, physical in self.resources(resource_type) if physical
                          for prop in resource.get("Properties", {}) if prop not in MOTO_KEEPS[resource_type]})
        if dropped:
            self.line("part", f"{resource_type}'s {', '.join(dropped)}: not kept by moto's CloudFormation, not compared")

    def check_tables(self):
        for name, logical, resource, physical in self.resources("AWS::DynamoDB::Table"):
            p = resource["Properties"]
            if not physical:
                self.not_made(f"table {p.get('TableName', logical)}", name, logical)
                continue
            table = self.ddb.describe_table(TableName=physical)["Table"]
            stream = table.get("StreamSpecification", {})
            have = {
                "keys": [(k["AttributeName"], k["KeyType"]) for k in table["KeySchema"]],
                "indexes": sorted(i["IndexName"] for i in table.get("GlobalSecondaryIndexes", [])),
                "stream": stream.get("StreamViewType") if stream.get("StreamEnabled") else None,
                "billing": table.get("BillingModeSummary", {}).get("BillingMode", "PROVISIONED"),
                "deletion protection": table.get("DeletionProtectionEnabled", False),
            }
            want = {
                "keys": [(k["AttributeName"], k["KeyType"]) for k in p["KeySchema"]],
                "indexes": sorted(i["IndexName"] for i in p.get("GlobalSecondaryIndexes", [])),
                "stream": p.get("StreamSpecification", {}).get("StreamViewType"),
                "billing": p.get("BillingMode", "PROVISIONED"),
                "deletion protection": p.get("DeletionProtectionEnabled", False),
            }
            problems = [f"{key} {have[key]}, not {want[key]}" for key in want if have[key] != want[key]]
            if problems:
                self.line("FAIL", f"table {physical}: {'; '.join(problems)}")
                continue
            details = [f"keys {'+'.join(k for k, _ in want['keys'])}", want["billing"].lower().replace("_", " ")]
            details += [f"indexes {', '.join(want['indexes'])}"] if want["indexes"] else []
            details += [f"stream {want['stream']}"] if want["stream"] else []
            self.line("ok", f"table {physical}: {', '.join(details)}")
        self.dropped_properties("AWS::DynamoDB::Table")

    def code_digest(self, name, code):
        """The asset file a function's code comes from, and its SHA-256 as Lambda reports it."""
        try:
            source = self.asset_files.get((self.resolve(name, code["S3Bucket"]), self.resolve(name, code["S3Key"])))
        except (Unresolved, KeyError):
            return None, None
        if source is None:
            return None, None
        return source, base64.b64encode(hashlib.sha256(source.read_bytes()).digest()).decode()

    def handler_problem(self, runtime, handler, asset):
        """Why a Java handler names no class in its jar, or None: Lambda would only find out at the first call."""
        if not runtime.startswith("java") or asset is None or asset.suffix not in (".jar", ".zip"):
            return None
        if asset not in self.jar_entries:
            with zipfile.ZipFile(asset) as jar:
                self.jar_entries[asset] = set(jar.namelist())
        entry = handler.split("::")[0].replace(".", "/") + ".class"
        if entry not in self.jar_entries[asset]:
            return f"handler {handler}: {asset.name} has no {entry}"
        return None

    def check_functions(self):
        running = collections.Counter()
        for name, logical, resource, physical in self.resources("AWS::Lambda::Function"):
            p = resource["Properties"]
            if not physical:
                self.not_made(f"function {p.get('FunctionName', logical)}", name, logical)
                continue
            config = self.lam.get_function(FunctionName=physical)["Configuration"]
            problems, notes = [], []
            for key in ("Handler", "Runtime", "MemorySize", "Timeout", "Role"):
                if key not in p:
                    continue
                try:
                    expected = self.resolve(name, p[key])
                except Unresolved as e:
                    notes.append(f"{key} not compared ({e})")
                    continue
                if config.get(key) != expected:
                    problems.append(f"{key} {config.get(key)!r}, not {expected!r}")
            want_env = p.get("Environment", {}).get("Variables", {})
            have_env = config.get("Environment", {}).get("Variables", {})
            for key, value in want_env.items():
                try:
                    expected = self.resolve(name, value)
                except Unresolved as e:
                    notes.append(f"{key} not compared ({e})")
                    continue
                if have_env.get(key) != expected:
                    problems.append(f"{key}={have_env.get(key)!r}, not {expected!r}")
            if set(have_env) - set(want_env):
                problems.append(f"variables the template does not set: {sorted(set(have_env) - set(want_env))}")
            tables = []
            for key, value in sorted(have_env.items()):
                if key.startswith("ORCH_TABLES_"):
                    try:
                        self.ddb.describe_table(TableName=value)
                        tables.append(value)
                    except ClientError:
                        problems.append(f"{key} names {value}, a table moto does not have")
            asset, digest = self.code_digest(name, p.get("Code", {}))
            if digest is None:
                notes.append("code not from a file asset of this assembly")
            elif config.get("CodeSha256") != digest:
                problems.append(f"code sha256 {config.get('CodeSha256')}, not the asset's {digest}")
            else:
                running[asset.name] += 1
            problem = self.handler_problem(config["Runtime"], config["Handler"], asset)
            if problem:
                problems.append(problem)
            versions = [v["Version"] for v in self.lam.list_versions_by_function(FunctionName=physical)["Versions"]
                        if v["Version"] != "$LATEST"]
            if problems:
                self.line("FAIL", f"function {physical}: {'; '.join(problems)}")
                continue
            in_jar = asset is not None and asset.suffix == ".jar" and config["Runtime"].startswith("java")
            self.line("ok", f"function {physical}: {config['Handler'].rsplit('.', 1)[-1]}"
                            + (" (a class of the jar)" if in_jar else "") + f", {config['Runtime']}, "
                            f"{config['MemorySize']} MB, {config['Timeout']} s, its role, "
                            f"{len(want_env)} variable{'s' if len(want_env) != 1 else ''} as the template says"
                            + (f" (tables {' and '.join(tables)})" if tables else "")
                            + (f", published version {', '.join(versions)}" if versions else "")
                            + "".join(f"; {note}" for note in notes))
        for asset, count in running.items():
            self.line("ok", f"{count} functions' CodeSha256 is that of the uploaded {asset[:18]}…{Path(asset).suffix}")
        self.dropped_properties("AWS::Lambda::Function")

    def check_policies(self):
        arns, problems, roles = 0, [], 0
        for name, logical, resource, physical in self.resources("AWS::IAM::Policy"):
            if not physical:
                self.not_made(f"policy {logical}", name, logical)
                continue
            for role_ref in resource["Properties"].get("Roles", []):
                role = self.resolve(name, role_ref)
                document = self.iam.get_role_policy(
                    RoleName=role, PolicyName=resource["Properties"]["PolicyName"])["PolicyDocument"]
                if isinstance(document, str):
                    document = json.loads(urllib.parse.unquote(document))
                roles += 1
                for statement in document["Statement"]:
                    targets = statement.get("Resource", [])
                    for arn in [targets] if isinstance(targets, str) else targets:
                        if arn != "*":
                            arns += 1
                            problem = self.arn_problem(arn)
                            if problem:
                                problems.append(f"{role}: {arn} {problem}")
        for problem in problems:
            self.line("FAIL", f"policy resource {problem}")
        if roles and not problems:
            self.line("ok", f"inline policies of {roles} roles: all {arns} resource ARNs name tables, indexes, streams, "
                            f"queues, functions or secrets moto made")

    def check_secrets(self):
        for name in self.created:
            for logical, arn in self.stand_ins.get(name, {}).items():
                p = self.templates[name]["Resources"][logical]["Properties"]
                secret = self.secretsmanager.describe_secret(SecretId=arn)
                length = len(self.secretsmanager.get_secret_value(SecretId=arn)["SecretString"])
                wanted = int(p.get("GenerateSecretString", {}).get("PasswordLength", 32))
                if secret["Name"] != p["Name"] or length != wanted:
                    self.line("FAIL", f"secret {logical}: {secret['Name']} with a {length}-character value, not {p['Name']} with {wanted}")
                else:
                    self.line("ok", f"secret {p['Name']}: a generated {length}-character placeholder, no value in the template")

    def arn_problem(self, arn):
        """Why an ARN names nothing moto made, or None."""
        parts = arn.split(":", 5)
        if len(parts) < 6:
            return "is not an ARN"
        service, rest = parts[2], parts[5]
        try:
            if service == "dynamodb":
                match = re.fullmatch(r"table/([^/]+)(?:/(index|stream)/(.+))?", rest)
                if not match:
                    return "is no table ARN"
                table = self.ddb.describe_table(TableName=match.group(1))["Table"]
                indexes = [i["IndexName"] for i in table.get("GlobalSecondaryIndexes", [])]
                if match.group(2) == "index" and match.group(3) not in indexes:
                    return "names an index the table does not have"
                if match.group(2) == "stream" and table.get("LatestStreamArn") != arn:
                    return f"is not the table's stream, {table.get('LatestStreamArn')}"
            elif service == "sqs":
                self.sqs.get_queue_url(QueueName=rest)
            elif service == "lambda":
                function, _, qualifier = rest.removeprefix("function:").partition(":")
                self.lam.get_function(FunctionName=function)
                if qualifier and not qualifier.isdigit() and qualifier != "$LATEST" \
                        and qualifier not in [a["Name"] for a in self.lam.list_aliases(FunctionName=function)["Aliases"]]:
                    return f"names alias {qualifier}, which moto does not have"
            elif service == "sns":
                self.sns.get_topic_attributes(TopicArn=arn)
            elif service == "secretsmanager":
                self.secretsmanager.describe_secret(SecretId=arn)
        except ClientError as e:
            return f"names nothing moto made ({e.response['Error']['Code']})"
        return None

    def check_event_source_mappings(self):
        for name, logical, resource, physical in self.resources("AWS::Lambda::EventSourceMapping"):
            p = resource["Properties"]
            if physical:
                mapping = self.lam.get_event_source_mapping(UUID=physical)
                problems = []
                on_failure = lambda spec: spec.get("DestinationConfig", {}).get("OnFailure", {}).get("Destination")  # noqa: E731
                pairs = [("EventSourceArn", mapping["EventSourceArn"], p.get("EventSourceArn")),
                         ("FunctionName", mapping["FunctionArn"], p.get("FunctionName")),
                         ("on-failure destination", on_failure(mapping) or "", on_failure(p))]
                for key, have, value in pairs:
                    try:
                        expected = None if value is None else self.resolve(name, value)
                    except Unresolved:
                        continue
                    if expected is not None and not have.endswith(expected):
                        problems.append(f"{key} {have}, not {expected}")
                text = f"event source mapping {mapping['EventSourceArn']} -> {mapping['FunctionArn']}"
                if on_failure(mapping):
                    text += f", on failure to {on_failure(mapping)}"
                self.line("FAIL" if problems else "ok", text + "".join(f"; {p}" for p in problems))
                continue
            if logical not in self.left_out.get(name, {}) and self.moto_makes(resource["Type"]):
                self.not_made(f"event source mapping {logical}", name, logical)
                continue
            # Left out: what it would connect, where moto has it.
            facts, problems = [], []
            on_failure = p.get("DestinationConfig", {}).get("OnFailure", {}).get("Destination")
            for label, value in (("source", p.get("EventSourceArn")), ("on-failure destination", on_failure)):
                if value is None:
                    continue
                try:
                    arn = self.resolve(name, value)
                except Unresolved as e:
                    problems.append(f"its {label} not resolved ({e})")
                    continue
                problem = self.arn_problem(arn)
                (problems if problem else facts).append(f"its {label} {arn.split(':', 5)[-1]} {problem or 'was made'}")
            target = self.mapping_target(name, p)
            status = "FAIL" if problems or name not in self.created else "part"
            self.line(status, f"event source mapping{target}: not made ({self.why_not_made(name, logical)}); "
                              + "; ".join(facts + problems))

    def mapping_target(self, name, p):
        resources = self.templates[name]["Resources"]
        target = next(iter(value_refs(p.get("FunctionName", {}))), None)
        if target not in resources:
            return ""
        alias = resources[target]["Properties"].get("Name") if resources[target]["Type"] == "AWS::Lambda::Alias" else None
        function = next(iter(value_refs(resources[target]["Properties"].get("FunctionName", {}))), target) if alias else target
        function_name = resources.get(function, {}).get("Properties", {}).get("FunctionName", function)
        return f" to {function_name}" + (f":{alias}" if alias else "")

    def check_queues(self):
        for name, logical, resource, physical in self.resources("AWS::SQS::Queue"):
            p = resource["Properties"]
            if not physical:
                self.not_made(f"queue {p.get('QueueName', logical)}", name, logical)
                continue
            attributes = self.sqs.get_queue_attributes(QueueUrl=physical, AttributeNames=["All"])["Attributes"]
            problems = [f"{key} {attributes.get(key)}, not {p[key]}" for key in SQS_ATTRIBUTES
                        if key in p and str(attributes.get(key, "")).lower() != str(p[key]).lower()]
            shown = [f"{key} {p[key]}" for key in SQS_ATTRIBUTES if key in p]
            self.line("FAIL" if problems else "ok", f"queue {physical.rsplit('/', 1)[-1]}: {', '.join(problems or shown)}")
        for name, logical, resource, physical in self.resources("AWS::SQS::QueuePolicy"):
            if not physical:
                self.line("skip" if name in self.created else "FAIL",
                          f"queue policy {logical}: not made ({self.why_not_made(name, logical)}); as synthesized: "
                          f"{describe_policy(resource['Properties']['PolicyDocument'])}")

    def check_topics(self):
        actions = collections.Counter()
        for name, _, resource, _ in self.resources("AWS::CloudWatch::Alarm"):
            for key in ("AlarmActions", "OKActions", "InsufficientDataActions"):
                for action in resource["Properties"].get(key, []):
                    actions.update((name, target) for target in value_refs(action))
        for name, logical, resource, physical in self.resources("AWS::SNS::Topic"):
            if not physical:
                self.not_made(f"topic {resource['Properties'].get('TopicName', logical)}", name, logical)
                continue
            self.sns.get_topic_attributes(TopicArn=physical)
            subscriptions = self.sns.list_subscriptions_by_topic(TopicArn=physical)["Subscriptions"]
            self.line("ok", f"topic {physical.split(':')[-1]}: {len(subscriptions)} subscriptions"
                            + (f"; {actions[(name, logical)]} alarm actions name it" if actions[(name, logical)] else ""))
            for policy_name, policy_logical, policy, policy_physical in self.resources("AWS::SNS::TopicPolicy"):
                if policy_name != name or not any(logical in value_refs(t) for t in policy["Properties"].get("Topics", [])):
                    continue
                document = policy["Properties"]["PolicyDocument"]
                where = "made" if policy_physical else f"not made ({self.why_not_made(policy_name, policy_logical)})"
                text = f"topic policy {policy_logical}: {where}; as synthesized: {describe_policy(document)}"
                if actions[(name, logical)] and not allows_cloudwatch(document):
                    self.line("WARN", f"{text}. Nothing allows CloudWatch to publish, and a topic policy replaces SNS's "
                                      f"default one (which let the account publish): the alarms may be refused "
                                      f"('no resource-based policy allows the SNS:Publish action'). Try "
                                      f"`aws cloudwatch set-alarm-state` in a real account and read the alarm's history")
                else:
                    self.line("skip" if not policy_physical else "ok", text)

    def name_problem(self, dimension, value):
        """Why a metric dimension's value names nothing moto made, or None; only names of things we make count."""
        try:
            if dimension == "FunctionName":
                self.lam.get_function(FunctionName=value)
            elif dimension == "QueueName":
                self.sqs.get_queue_url(QueueName=value)
            elif dimension == "TableName":
                self.ddb.describe_table(TableName=value)
            elif dimension == "ApiName" and value not in [a["name"] for a in self.apigateway.get_rest_apis()["items"]]:
                return f"no REST API {value}"
        except ClientError:
            return f"no {dimension.removesuffix('Name').lower()} {value}"
        return None

    def check_names(self, what, pairs):
        """Checks (dimension, value) pairs; returns (checked, not checkable, problems)."""
        checked, skipped, problems = 0, set(), []
        for dimension, value in pairs:
            if dimension not in ("FunctionName", "QueueName", "TableName", "ApiName"):
                continue
            if value in self.unmade_names:
                skipped.add(value)
                continue
            problem = self.name_problem(dimension, value)
            if problem:
                problems.append(f"{what}: {problem}")
            else:
                checked += 1
        return checked, skipped, problems

    def check_alarms(self):
        pairs, unresolved, total, made = [], set(), 0, 0
        for name, logical, resource, physical in self.resources("AWS::CloudWatch::Alarm"):
            total, made = total + 1, made + bool(physical)
            p = resource["Properties"]
            dimensions = list(p.get("Dimensions", []))
            for metric in p.get("Metrics", []):
                dimensions += metric.get("MetricStat", {}).get("Metric", {}).get("Dimensions", [])
            for dimension in dimensions:
                try:
                    pairs.append((dimension["Name"], self.resolve(name, dimension["Value"])))
                except Unresolved as e:
                    unresolved.add(str(e))
        if not total:
            return
        checked, skipped, problems = self.check_names("alarm", pairs)
        where = "made" if made == total else f"{total - made} not made (moto's CloudFormation cannot make AWS::CloudWatch::Alarm)"
        not_checkable = sorted(unresolved | skipped)
        self.line("FAIL" if problems else "part", f"{total} alarms, {where}: their {checked} function, queue, table and "
                                                  f"API dimensions name things moto made"
                  + (f"; {len(not_checkable)} not checkable: {', '.join(not_checkable)}" if not_checkable else "")
                  + "".join(f"; {p}" for p in problems))

    def check_dashboards(self):
        for name, logical, resource, physical in self.resources("AWS::CloudWatch::Dashboard"):
            if not physical:
                self.not_made(f"dashboard {logical}", name, logical)
                continue
            body = json.loads(self.cloudwatch.get_dashboard(DashboardName=physical)["DashboardBody"])
            pairs = []
            for widget in body.get("widgets", []):
                for metric in widget.get("properties", {}).get("metrics", []):
                    strings = [m for m in metric if isinstance(m, str)] if isinstance(metric, list) else []
                    pairs += list(zip(strings[2::2], strings[3::2]))
            checked, skipped, problems = self.check_names("dashboard", pairs)
            self.line("FAIL" if problems else "ok",
                      f"dashboard {physical}: {len(body.get('widgets', []))} widgets; their {checked} function, queue, "
                      f"table and API names are things moto made"
                      + (f" ({', '.join(sorted(skipped))}: not made, see above)" if skipped else "")
                      + "".join(f"; {p}" for p in sorted(set(problems))))

    def check_api(self):
        for name, logical, resource, physical in self.resources("AWS::ApiGateway::RestApi"):
            if not physical:
                self.not_made(f"REST API {logical}", name, logical)
                continue
            paths = sorted(r["path"] for r in self.apigateway.get_resources(restApiId=physical, limit=500)["items"])
            methods = [(n, l) for n, l, _, _ in self.resources("AWS::ApiGateway::Method") if n == name]
            unmade = [(n, l) for n, l in methods if not self.physical[n].get(l)]
            text = f"REST API {resource['Properties'].get('Name', physical)}: paths {', '.join(paths)}"
            if unmade:
                self.line("part", f"{text}; {len(unmade)} of {len(methods)} methods not made "
                                  f"({self.why_not_made(*unmade[0])}), nor the deployment and stage")
            else:
                self.line("ok", text)

    def check_log_groups(self):
        good, problems = 0, []
        for name, logical, resource, physical in self.resources("AWS::Logs::LogGroup"):
            p = resource["Properties"]
            if not physical:
                self.not_made(f"log group {p.get('LogGroupName', logical)}", name, logical)
                continue
            groups = [g for g in self.logs.describe_log_groups(logGroupNamePrefix=physical)["logGroups"]
                      if g["logGroupName"] == physical]
            if not groups:
                problems.append(f"{physical} missing")
            elif "RetentionInDays" in p and groups[0].get("retentionInDays") != p["RetentionInDays"]:
                problems.append(f"{physical} keeps {groups[0].get('retentionInDays')} days, not {p['RetentionInDays']}")
            else:
                good += 1
        for problem in problems:
            self.line("FAIL", f"log group {problem}")
        if good:
            self.line("ok", f"{good} log groups with the template's names and retention")


PROVES = """\
What this rehearsal proves
- The stacks deploy in manifest.json's order: each Fn::ImportValue names an export of a stack deployed
  before it, and each Ref, Fn::GetAtt and DependsOn names a resource of its own stack.
- The bootstrap resources the templates need: the assets bucket, and an SSM version that passes their Rules.
- The file assets go where the templates look for them, and the functions get the jar's bytes.
- Names and wiring of what moto made: the functions' handlers, memory, timeouts, roles and environment
  (table names through the data stack's exports), the tables' keys, indexes and stream, the queue's
  retention and encryption, log groups; every ARN in the inline policies and every function, queue, table
  and API name in the alarms and the dashboard is something made.

What it cannot prove
- IAM: moto evaluates no policy, so a missing permission, or a topic or queue policy that refuses a
  service, only shows in a real account (cdk-nag and StacksTest check the rules, not their effect).
- What moto's CloudFormation cannot make (per stack above): Lambda aliases, hence the stream mapping,
  the stream processor and the API's methods and permissions; API Gateway's stage, validator, model and
  responses; the alarms; the topic and queue policies; properties moto drops (architecture, SnapStart,
  logging, tracing, TTL, point-in-time recovery).
- Service behaviour and limits: SnapStart snapshots, API Gateway authorization and throttling, stream
  polling and retries, quotas, deploy times, rollbacks, and updates of an existing stage (this creates a
  fresh one)."""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    for option in ("--cdk-out", "--stage", "--endpoint", "--work", "--moto-log"):
        parser.add_argument(option, required=True)
    args = parser.parse_args()
    # Everything goes to the moto on this machine, never to AWS.
    if urllib.parse.urlparse(args.endpoint).hostname not in ("127.0.0.1", "localhost"):
        sys.exit(f"The rehearsal only talks to a moto on 127.0.0.1, not {args.endpoint}")
    logging.getLogger("moto").setLevel(logging.ERROR)
    warnings.simplefilter("ignore")  # moto warns about every type it cannot make; the report says so once

    rehearsal = Rehearsal(args)
    (rehearsal.work / "region").write_text(rehearsal.region)
    print(f"Stage {args.stage}: {', '.join(rehearsal.short(s) for s in rehearsal.stacks)} into account {rehearsal.account}, "
          f"region {rehearsal.region} (manifest.json's environment; an unknown account becomes moto's default)")
    rehearsal.bootstrap()
    rehearsal.upload_assets()
    rehearsal.check_templates()
    rehearsal.create_stacks()
    if rehearsal.created:
        rehearsal.check_wiring()
    print(f"\n{PROVES}")

    counts = rehearsal.counts
    from_copy = sum(1 for name in rehearsal.created if rehearsal.left_out[name])
    print(f"\nStacks: {len(rehearsal.created)} of {len(rehearsal.stacks)} created"
          + (f" ({from_copy} from a copy without what moto cannot make)" if from_copy else ""))
    for name, why in rehearsal.failed.items():
        print(f"  FAILED  {name}: {why}")
    print(f"Checks: {counts['ok']} ok, {counts['part']} partial, {counts['skip']} not made (reasons above), "
          f"{counts['WARN']} warning{'s' if counts['WARN'] != 1 else ''}, {counts['FAIL']} failed")
    return 1 if rehearsal.failed or counts["FAIL"] else 0


if __name__ == "__main__":
    sys.exit(main())
