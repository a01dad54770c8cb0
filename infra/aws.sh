# Shared by scripts/deploy and scripts/teardown (sourced): run or print AWS CLI commands, read stack outputs.
# DRY_RUN=1 prints every command as "+ aws ..." and runs none (no AWS access needed).
# Commands are echoed on fd 3 (the script's stdout) so they show even when run inside $(...).
exec 3>&1

quote() {
  local out="" a
  for a in "$@"; do
    if [[ "$a" =~ ^[A-Za-z0-9_./:=@,+%-]+$ ]]; then out+="$a "; else out+="'${a//\'/\'\\\'\'}' "; fi
  done
  printf '%s' "${out% }"
}

# run CMD...: print it, then run it unless DRY_RUN=1.
run() {
  echo "+ $(quote "$@")" >&3
  if [ "${DRY_RUN:-0}" != 1 ]; then "$@"; fi
}

# stack_output KEY: an output of $STACK in $REGION (a <KEY> placeholder in a dry run).
stack_output() {
  local query="Stacks[0].Outputs[?OutputKey=='$1'].OutputValue"
  if [ "${DRY_RUN:-0}" = 1 ]; then
    echo "+ $(quote aws cloudformation describe-stacks --region "$REGION" --stack-name "$STACK" --query "$query" --output text)" >&3
    echo "<$1>"
  else
    local value
    value="$(aws cloudformation describe-stacks --region "$REGION" --stack-name "$STACK" --query "$query" --output text)"
    [ "$value" = None ] && value=""
    echo "$value"
  fi
}

# stack_resource LOGICAL_ID: the physical id (e.g. the bucket name) of a resource of $STACK, which
# exists as soon as the resource does, even when the stack's outputs are not there.
stack_resource() {
  local args=(aws cloudformation describe-stack-resource --region "$REGION" --stack-name "$STACK"
    --logical-resource-id "$1" --query StackResourceDetail.PhysicalResourceId --output text)
  if [ "${DRY_RUN:-0}" = 1 ]; then
    echo "+ $(quote "${args[@]}")" >&3
    echo "<$1>"
  else
    "${args[@]}"
  fi
}

# default_region: AWS_REGION / AWS_DEFAULT_REGION, else the CLI profile's region (not in a dry run).
default_region() {
  local r="${AWS_REGION:-${AWS_DEFAULT_REGION:-}}"
  if [ -z "$r" ] && [ "${DRY_RUN:-0}" != 1 ] && command -v aws >/dev/null 2>&1; then r="$(aws configure get region 2>/dev/null || true)"; fi
  echo "$r"
}

require_aws() {
  [ "${DRY_RUN:-0}" = 1 ] && return 0
  command -v aws >/dev/null 2>&1 || { echo "$1: the AWS CLI is required (https://aws.amazon.com/cli/)" >&2; exit 1; }
  aws sts get-caller-identity --region "$REGION" --output text --query Arn >/dev/null \
    || { echo "$1: no usable AWS credentials (aws configure, AWS_PROFILE or SSO login)" >&2; exit 1; }
}
