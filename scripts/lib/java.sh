# Sourced by the scripts in scripts/: the Java they run on and the build of their jar.

# Prints the calling script's header comment: its usage.
usage() {
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
}

# Exits 0 with the usage when -h or --help is among the arguments.
help_if_asked() {
  local arg
  for arg in "$@"; do
    if [[ "$arg" == "-h" || "$arg" == "--help" ]]; then
      usage
      exit 0
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

# Builds MODULE's jar JAR with ./mvnw (on the same Java), unless SKIP_BUILD=1 and JAR is there.
build_jar() {
  local module="$1" jar="$2"
  if [[ "${SKIP_BUILD:-0}" == "1" && -f "$jar" ]]; then
    return
  fi
  echo "Building $module (the first build takes a few minutes; SKIP_BUILD=1 reuses the last build)..." >&2
  if ! ./mvnw -q -DskipTests -pl "$module" -am package; then
    echo "The build failed; for its full output run: cd $PWD && ./mvnw -DskipTests -pl $module -am package" >&2
    exit 1
  fi
}
