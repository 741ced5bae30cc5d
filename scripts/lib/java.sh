# Sourced by the scripts in scripts/: the Java they run on and the build of their jar.

# Prints the calling script's header comment: its usage.
usage() {
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
}

# Answers before anything is built: exits 0 with the usage when -h or --help is among the arguments, and 2
# when one looks like an option the usage does not name (the script's own parser still checks the values).
check_arguments() {
  local arg name known
  for arg in "$@"; do
    if [[ "$arg" == "-h" || "$arg" == "--help" ]]; then
      usage
      exit 0
    fi
  done
  known=" $(usage | grep -oE -- '--[a-z][a-z0-9-]*' | tr '\n' ' ') "
  for arg in "$@"; do
    [[ "$arg" =~ ^-[a-zA-Z-] ]] || continue # a value such as -5 is the parser's to judge
    name="${arg%%=*}"
    if [[ "$known" != *" $name "* ]]; then
      echo "$(basename "$0"): unknown option '$name' (see --help)" >&2
      exit 2
    fi
  done
}

# Sets $java to a Java 17 or newer, chosen as ./mvnw chooses (JAVA_HOME, else the PATH), or says what is wrong and exits 1.
require_java() {
  local script fix output version="" major=""
  script="$(basename "$0")"
  if [[ -n "${JAVA_HOME:-}" ]]; then
    java="$JAVA_HOME/bin/java"
    fix="Point JAVA_HOME at a JDK 17 or newer, or unset it to use the java on the PATH."
    if [[ ! -x "$java" ]]; then
      echo "$script needs Java 17 or newer; JAVA_HOME is $JAVA_HOME, which has no bin/java. $fix" >&2
      exit 1
    fi
  else
    fix="Set JAVA_HOME or put a JDK 17+ on the PATH."
    if ! java="$(command -v java)"; then
      echo "$script needs Java 17 or newer; found no java on the PATH. $fix" >&2
      exit 1
    fi
  fi
  # "1.8.0_392" is Java 8; "17.0.9", "21" and "25-ea" start with their major version.
  output="$("$java" -version 2>&1)" || true
  [[ "$output" =~ version\ \"([^\"]+)\" ]] && version="${BASH_REMATCH[1]}"
  [[ "$version" =~ ^(1\.)?([0-9]+) ]] && major="${BASH_REMATCH[2]}"
  if [[ -z "$major" ]]; then
    echo "$script needs Java 17 or newer; cannot tell the version of $java ('java -version' says: ${output%%$'\n'*}). $fix" >&2
    exit 1
  fi
  if (( major < 17 )); then
    [[ "$version" == 1.* ]] && version="$major ($version)"
    echo "$script needs Java 17 or newer; found Java $version at $java. $fix" >&2
    exit 1
  fi
}

# The jar a local run starts from: scripts/run_local.sh runs it by this absolute path, which is how the other
# scripts tell that a run is going.
local_run_jar() {
  printf '%s\n' "$root/local/runtime/target/serverless-orch-local.jar"
}

# Prints the process id of each local run started from this clone's build.
local_runs() {
  local needle pid cmdline
  needle=" -jar $(local_run_jar)"
  if [[ -d /proc/self ]]; then
    for cmdline in /proc/[0-9]*/cmdline; do
      pid="${cmdline#/proc/}"
      pid="${pid%/cmdline}"
      [[ "$pid" == "$$" || "$pid" == "$BASHPID" ]] && continue
      [[ " $(tr '\0' ' ' < "$cmdline" 2>/dev/null)" == *"$needle "* ]] && printf '%s\n' "$pid"
    done
    return 0
  fi
  ps -ww -A -o pid= -o args= 2>/dev/null | awk -v needle="$needle" 'index($0 " ", needle " ") { print $1 }'
}

# Prints the first source file newer than STAMP under the modules the scripts' jars are built from (their main
# code, resources and poms; tests and the CDK app do not go into them), or nothing when there is none.
newer_source() {
  find "$root/pom.xml" "$root/.mvn" "$root/dynamodb-local" "$root/testing" "$root/app" "$root/dashboards" "$root/local" \
    \( -name target -o -name node_modules -o -path '*/src/test' \) -prune -o -type f -newer "$1" -print 2>/dev/null \
    | head -n 1
}

# Builds the jars of the given modules ("MODULE JAR" pairs) with ./mvnw, on the same Java, when one is missing or
# a source changed since the last build here; SKIP_BUILD=1 takes any jar that is there. Never while a local run
# from this clone is going: a build rewrites the jars in local/runtime/target that the run loads classes from.
build_jar() {
  local - # the options below are this function's only: the build fails when Maven does, whatever the caller set
  set -o pipefail
  local -a modules=() jars=()
  local module jar built changed stale="" runs log started
  while [[ $# -gt 0 ]]; do
    modules+=("$1")
    jars+=("$2")
    shift 2
  done
  for i in "${!modules[@]}"; do
    module="${modules[$i]}"
    jar="${jars[$i]}"
    if [[ ! -f "$jar" ]]; then
      stale="$module has no jar yet"
    elif [[ "${SKIP_BUILD:-0}" == "1" ]]; then
      continue
    else
      # The stamp of the last build here, else the jar itself (built by ./mvnw package or verify).
      built="$module/target/.built"
      [[ -f "$built" ]] || built="$jar"
      changed="$(newer_source "$built")"
      [[ -n "$changed" ]] && stale="${changed#"$root"/} changed since the last build"
    fi
    [[ -n "$stale" ]] && break
  done
  [[ -z "$stale" ]] && return 0

  runs="$(local_runs | tr '\n' ' ')"
  if [[ -n "$runs" ]]; then
    local all_there=true
    for jar in "${jars[@]}"; do
      [[ -f "$jar" ]] || all_there=false
    done
    if [[ "$all_there" == true ]]; then
      echo "Not rebuilding ($stale): a local run (pid ${runs% }) runs from this build. Using the last build; stop the run to rebuild." >&2
      return 0
    fi
    echo "$(basename "$0") needs a build ($stale), which would rewrite the jars the local run (pid ${runs% }) is running from: stop it (Ctrl-C) and run again." >&2
    exit 1
  fi

  log="$root/target/build.log"
  mkdir -p "$root/target"
  echo "Building ${modules[*]} with Maven ($stale); the full log goes to target/build.log." >&2
  started=$SECONDS
  # A line per module as Maven reaches it, then the goal it runs, so a first build of a few minutes shows where it is.
  # The tests are not compiled: the jars do not hold them, and ./mvnw verify builds them.
  if ! ./mvnw --batch-mode -Dmaven.test.skip=true -pl "$(IFS=,; echo "${modules[*]}")" -am package 2>&1 | tee "$log" | awk '
      /^\[INFO\] Building .* \[[0-9]+\/[0-9]+\]$/ {
        step = $NF; name = $0; sub(/^\[INFO\] Building /, "", name); sub(/ +[^ ]+ +\[[0-9]+\/[0-9]+\]$/, "", name)
        printf "%s  %-7s %s:", (started ? "\n" : ""), step, name; started = 1; fflush(); next }
      /^\[INFO\] --- / { split($3, goal, ":"); printf " %s", goal[3]; fflush(); next }
      END { if (started) printf "\n" }' >&2; then
    grep -E '^\[ERROR\]' "$log" | head -n 30 >&2
    echo "The build failed; its full output is in $log (or run: cd $root && ./mvnw -Dmaven.test.skip=true -pl $(IFS=,; echo "${modules[*]}") -am package)" >&2
    exit 1
  fi
  for module in "${modules[@]}"; do
    touch "$module/target/.built"
  done
  echo "Built in $((SECONDS - started)) s." >&2
}
