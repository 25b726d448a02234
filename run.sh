#!/usr/bin/env bash
# run.sh - build (when needed) and start aio-tutor.
#
#   ./run.sh [ARGS...]       build if sources changed, then run tutor.Main ARGS
#   ./run.sh test [ARGS...]  run the whole test suite: mvn -B test ARGS
#
# Needs a JDK 21 or newer (a JDK, not a JRE: the build needs javac) and, to
# build, Maven 3.8+. The JDK is looked up in this order:
#   1. $JAVA_HOME
#   2. java on PATH
#   3. the usual install folders, newest first: /usr/lib/jvm/*, /usr/java/*,
#      /opt/java/*, /opt/jdk*, ~/.sdkman/candidates/java/*, ~/.jdks/*,
#      /Library/Java/JavaVirtualMachines/*/Contents/Home (macOS)
# The first one that is a JDK 21+ wins. AIO_JDK_SEARCH_PATH, a colon-separated
# list of folders or glob patterns, replaces the list in 3 (meant for testing).
#
# Exit status: the program's own, or 1 when the build fails, 69 when no usable
# JDK or Maven is found.
set -euo pipefail

readonly MIN_JAVA=21
readonly EX_UNAVAILABLE=69
readonly ME=run.sh

die() { # die STATUS MESSAGE: one line on stderr, then exit
  printf '%s: %s\n' "$ME" "$2" >&2
  exit "$1"
}

# speaks_russian ARGS...: whether run.sh's own lines are Russian, chosen as the program chooses
# its language (tutor.Language): a leading --lang, then (for the console) the language :lang
# saved with the progress, then the locale: LC_ALL, LC_MESSAGES, LANG, the first one set.
speaks_russian() {
  local mode="" v saved state
  while [ $# -gt 0 ]; do
    case "$1" in
      --lang) [ "${2:-}" = ru ]; return ;;
      --lang=*) [ "${1#--lang=}" = ru ]; return ;;
      *) mode="$1"; break ;;
    esac
  done
  if [ -z "$mode" ] || [ "$mode" = --plain ]; then
    state="${AIO_TUTOR_STATE:-}"
    if [ -z "$state" ]; then
      case "${XDG_STATE_HOME:-}" in
        /*) state="$XDG_STATE_HOME/aio-tutor" ;;
        *) state="${HOME:-}/.local/state/aio-tutor" ;;
      esac
    fi
    saved="$(sed -n 's/^language=//p' "$state/progress.properties" 2>/dev/null | head -n 1)"
    case "$saved" in ru) return 0 ;; en) return 1 ;; esac
  fi
  for v in "${LC_ALL:-}" "${LC_MESSAGES:-}" "${LANG:-}"; do
    if [ -n "${v// /}" ]; then
      case "$v" in ru | ru[_.@-]*) return 0 ;; *) return 1 ;; esac
    fi
  done
  return 1
}
RU=""
if speaks_russian "$@"; then RU=1; fi
say() { # say ENGLISH RUSSIAN: the line in run.sh's language
  if [ -n "$RU" ]; then printf '%s' "$2"; else printf '%s' "$1"; fi
}

# --- where we are ------------------------------------------------------------

# The folder holding this script, with symlinks resolved (readlink -f is not
# on every macOS), so ./run.sh works from any directory and through a symlink.
script_dir() {
  local src="${BASH_SOURCE[0]}" dir link
  while [ -L "$src" ]; do
    dir="$(cd -P "$(dirname "$src")" && pwd)"
    link="$(readlink "$src")"
    case "$link" in /*) src="$link" ;; *) src="$dir/$link" ;; esac
  done
  cd -P "$(dirname "$src")" && pwd
}
ROOT="$(script_dir)"
readonly ROOT

# --- finding a JDK -----------------------------------------------------------

# Set by probe_jdk: the JDK's home (physical path), major version, full
# version, and whether it has javac.
P_HOME='' P_MAJOR='' P_VERSION='' P_JAVAC=''

# major_of VERSION: "25.0.3" -> 25, "21-ea" -> 21, "1.8.0_402" -> 8
major_of() {
  if [[ $1 =~ ^1\.([0-9]+) ]]; then
    echo "${BASH_REMATCH[1]}"
  elif [[ $1 =~ ^([0-9]+) ]]; then
    echo "${BASH_REMATCH[1]}"
  fi
}

# sort_key VERSION: a string that sorts like the version ("25.0.3+9" ->
# "00025000000000300009"), for picking the newest of several JDKs.
sort_key() {
  local rest="$1" key='' n i
  for i in 1 2 3 4; do
    if [[ $rest =~ ^[^0-9]*([0-9]+)(.*)$ ]]; then
      n="${BASH_REMATCH[1]}" rest="${BASH_REMATCH[2]}"
      n="${n#"${n%%[!0]*}"}" # strip leading zeros, or printf reads octal
      key="$key$(printf '%05d' "${n:-0}")"
    else
      key="${key}00000"
    fi
  done
  echo "$key"
}

# release_version HOME: JAVA_VERSION from HOME/release, if there is one.
release_version() {
  local line
  [ -f "$1/release" ] || return 0
  line="$(grep -E '^JAVA_VERSION=' "$1/release" 2>/dev/null | head -n 1)" || true
  line="${line#JAVA_VERSION=}"
  line="${line#\"}"
  echo "${line%\"}"
}

# probe_jdk JAVA_EXECUTABLE: describe the Java it belongs to in P_*.
# Reads HOME/release when the executable sits in HOME/bin; otherwise (say,
# the macOS /usr/bin/java stub) asks the JVM itself. Fails when it is no Java.
probe_jdk() {
  local java="$1" home version='' props link
  P_HOME='' P_MAJOR='' P_VERSION='' P_JAVAC=''
  [ -x "$java" ] && [ ! -d "$java" ] || return 1
  # Follow symlinks (/usr/bin/java -> /etc/alternatives/java -> the JDK's bin/java), so that
  # the JDK's release file names the version instead of a JVM started only to ask it.
  while [ -L "$java" ]; do
    link="$(readlink "$java")" || break
    case "$link" in /*) java="$link" ;; *) java="$(dirname "$java")/$link" ;; esac
  done
  home="$(cd -P "$(dirname "$java")/.." 2>/dev/null && pwd)" || return 1
  if [ -f "$home/release" ] && [ -x "$home/bin/java" ]; then
    version="$(release_version "$home")"
  fi
  if [ -z "$version" ]; then
    props="$("$java" -XshowSettings:properties -version 2>&1)" || return 1
    version="$(printf '%s\n' "$props" | sed -n 's/^ *java\.version = //p' | head -n 1)"
    home="$(printf '%s\n' "$props" | sed -n 's/^ *java\.home = //p' | head -n 1)"
    [ -n "$version" ] && [ -d "$home" ] || return 1
    home="$(cd -P "$home" && pwd)"
    # A JDK 8 reports .../jre as java.home.
    case "$home" in */jre) [ -x "${home%/jre}/bin/javac" ] && home="${home%/jre}" ;; esac
  fi
  P_MAJOR="$(major_of "$version")"
  [ -n "$P_MAJOR" ] || return 1
  P_HOME="$home" P_VERSION="$version"
  if [ -x "$home/bin/javac" ]; then P_JAVAC=yes; else P_JAVAC=no; fi
}

FOUND='' # "17 at /usr/bin/java; ..." for the error message
SEEN=':' # homes already probed
NOTE=''  # why JAVA_HOME was not used, if it was set

# consider JAVA_EXECUTABLE LABEL: probe it; succeed when it is a usable JDK.
# LABEL names it in messages (empty: its home).
consider() {
  probe_jdk "$1" || return 1
  case "$SEEN" in *":$P_HOME:"*) return 1 ;; esac
  SEEN="$SEEN$P_HOME:"
  local what="$P_MAJOR"
  [ "$P_JAVAC" = yes ] || what="$what (no javac)"
  FOUND="${FOUND:+$FOUND; }$what at ${2:-$P_HOME}"
  [ "$P_MAJOR" -ge "$MIN_JAVA" ] && [ "$P_JAVAC" = yes ]
}

# install_folders: candidate JDK homes, one a line.
install_folders() {
  local pattern d IFS
  shopt -s nullglob
  if [ -n "${AIO_JDK_SEARCH_PATH:-}" ]; then
    IFS=':'
    for pattern in $AIO_JDK_SEARCH_PATH; do
      for d in $pattern; do echo "$d"; done
    done
  else
    for d in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* \
             "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* \
             /Library/Java/JavaVirtualMachines/*/Contents/Home; do
      echo "$d"
    done
  fi
  shopt -u nullglob
}

# find_jdk: set JAVA_HOME and JAVA to a JDK 21+, or exit with one line.
find_jdk() {
  local java_on_path d best_home='' best_major='' best_version='' best_key='' key
  if [ -n "${JAVA_HOME:-}" ]; then
    if consider "$JAVA_HOME/bin/java" "JAVA_HOME=$JAVA_HOME"; then
      use_jdk "$P_HOME" "$P_MAJOR" "$P_VERSION"
      return
    fi
    if [ -n "$P_MAJOR" ]; then
      NOTE="$(say "ignoring JAVA_HOME=$JAVA_HOME (Java $P_MAJOR$([ "$P_JAVAC" = yes ] || echo ', no javac'))" \
        "JAVA_HOME=$JAVA_HOME пропущен (Java $P_MAJOR$([ "$P_JAVAC" = yes ] || echo ', без javac'))")"
    else
      NOTE="$(say "ignoring JAVA_HOME=$JAVA_HOME (no Java there)" "JAVA_HOME=$JAVA_HOME пропущен (там нет Java)")"
    fi
  fi
  if java_on_path="$(command -v java)"; then
    if consider "$java_on_path" "$java_on_path"; then
      use_jdk "$P_HOME" "$P_MAJOR" "$P_VERSION"
      return
    fi
  fi
  while IFS= read -r d; do
    consider "$d/bin/java" "" || continue
    key="$(sort_key "$P_VERSION")"
    if [ -z "$best_home" ] || [[ $key > $best_key ]]; then
      best_home="$P_HOME" best_major="$P_MAJOR" best_version="$P_VERSION" best_key="$key"
    fi
  done < <(install_folders)
  if [ -n "$best_home" ]; then
    use_jdk "$best_home" "$best_major" "$best_version"
    return
  fi
  die "$EX_UNAVAILABLE" "$(say "needs a JDK $MIN_JAVA or newer (found: ${FOUND:-none}). Install one, e.g. $(install_hint) or https://adoptium.net, or set JAVA_HOME." \
    "нужен JDK $MIN_JAVA или новее (найдено: ${FOUND:-ничего}). Установите его, например $(install_hint) или https://adoptium.net, или укажите JAVA_HOME.")"
}

# use_jdk HOME MAJOR VERSION
use_jdk() {
  JAVA_HOME="$1" JAVA_MAJOR="$2"
  JAVA="$JAVA_HOME/bin/java"
  export JAVA_HOME
  if [ -n "$NOTE" ]; then
    printf '%s: %s\n' "$ME" "$(say "note: $NOTE; using Java $3 at $JAVA_HOME" "замечание: $NOTE; беру Java $3 из $JAVA_HOME")" >&2
  fi
}

install_hint() {
  if [ "$(uname -s)" = Darwin ]; then
    echo "'brew install openjdk@$MIN_JAVA'"
  elif command -v apt-get >/dev/null 2>&1; then
    echo "'apt install openjdk-$MIN_JAVA-jdk'"
  elif command -v dnf >/dev/null 2>&1; then
    echo "'dnf install java-$MIN_JAVA-openjdk-devel'"
  else
    echo "'apt install openjdk-$MIN_JAVA-jdk'"
  fi
}

# --- Maven -------------------------------------------------------------------

need_maven() {
  command -v mvn >/dev/null 2>&1 ||
    die "$EX_UNAVAILABLE" "$(say "needs Maven 3.8 or newer to build (no mvn on PATH). Install it, e.g. 'apt install maven' or https://maven.apache.org/download.cgi." \
      "для сборки нужен Maven 3.8 или новее (mvn нет в PATH). Установите его, например 'apt install maven' или https://maven.apache.org/download.cgi.")"
  # JDK 23+ warns about Maven's use of sun.misc.Unsafe unless told to allow
  # it; older JVMs do not know the flag and would refuse to start.
  local flag=--sun-misc-unsafe-memory-access
  case " ${MAVEN_OPTS:-} " in
    *" $flag="*)
      if [ "$JAVA_MAJOR" -lt 23 ]; then
        MAVEN_OPTS="$(printf '%s' "$MAVEN_OPTS" | sed -E "s/(^| )$flag=[^ ]*//g")"
      fi ;;
    *)
      if [ "$JAVA_MAJOR" -ge 23 ]; then
        MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }$flag=allow"
      fi ;;
  esac
  [ -z "${MAVEN_OPTS:-}" ] || export MAVEN_OPTS
}

# --- building ----------------------------------------------------------------

readonly STAMP="$ROOT/target/.build-stamp"
readonly JAR="$ROOT/target/aio-tutor.jar"
# JDK 25+: the ahead-of-time cache of the classes a first prompt needs (JEP 483/514), made by one
# training run after each build; it takes the console's first prompt from about 0.7 s to 0.45 s.
readonly AOT="$ROOT/target/aio-tutor.aot"
# The agent's own cache: the JVM the learner's snippets run in (its loop, the server), made by
# the same training run.
readonly AGENT_AOT="$ROOT/target/aio-agent.aot"

build_is_stale() {
  [ -f "$STAMP" ] && [ -f "$JAR" ] && [ -d "$ROOT/target/lib" ] && [ -d "$ROOT/target/bench-lib" ] || return 0
  [ -n "$(find "$ROOT/src/main" "$ROOT/src/bench" "$ROOT/pom.xml" -newer "$STAMP" -print 2>/dev/null)" ]
}

# build: mvn compile, quietly; its output only when it fails.
build() {
  need_maven
  local status=0
  mkdir -p "$ROOT/target"
  # Two run.sh started together (a server and a client) must not build into target/ at once:
  # the second waits for the first, then finds the build fresh.
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$ROOT/target/.build-lock"
    flock 9
    build_is_stale || return 0
  fi
  # Say what the wait is for, on a terminal only (pipes and CI get the program's output alone).
  if [ -t 2 ]; then printf '%s: %s\n' "$ME" "$(say "building aio-tutor (sources changed or first run)..." \
    "собираю aio-tutor (исходники изменились или это первый запуск)...")" >&2; fi
  BUILD_LOG="$(mktemp "${TMPDIR:-/tmp}/aio-tutor-build.XXXXXX")"
  NEW_STAMP="$STAMP.new.$$"
  trap 'rm -f "$BUILD_LOG" "$NEW_STAMP"' EXIT
  # Stamp the start, not the end: a file saved during the build is newer.
  touch "$NEW_STAMP"
  rm -f "$AOT" "$AOT.jdk" "$AGENT_AOT"
  (cd "$ROOT" && mvn -q -B -DskipTests package) >"$BUILD_LOG" 2>&1 || status=$?
  if [ "$status" -ne 0 ]; then
    # Maven 3.8 prints bare colour resets even in batch mode; drop them.
    sed "s/$(printf '\033')\[[0-9;]*m//g" "$BUILD_LOG" >&2
    die 1 "$(say "build failed (mvn package, exit $status)" "сборка не удалась (mvn package, код $status)")"
  fi
  mv -f "$NEW_STAMP" "$STAMP"
  rm -f "$BUILD_LOG"
  trap - EXIT
}

# --- main --------------------------------------------------------------------

find_jdk

if [ "${1:-}" = test ]; then
  shift
  need_maven
  cd "$ROOT"
  exec mvn -B test "$@"
fi

if build_is_stale; then
  build
  # Let go of the build lock: the program we exec would otherwise hold it for
  # as long as it runs, and a second ./run.sh (a client next to a server) would wait.
  exec 9>&-
fi

# young_generation: -Xmn for this machine: an eighth of its memory (or of the container's limit),
# at most 1 GiB; nothing below 256 MiB. A million tasks that are all alive until gather (as in
# asyncio) are about 0.5 GiB: with a young generation that holds them, G1 copies none of them
# (at its default sizing it copied the live set some eight times, 1.6 s against 0.6 s for the
# million; ./run.sh bench). Memory is only touched as it is used. It goes to the JVM where tasks
# run: the console's agent (the learner's code), and the bench's runtime workloads. Not to the
# lecture's --server or --client, nor the console's own JVM: they keep little alive, and the
# JVM's own sizing has them reuse a few megabytes where a fixed young generation has them touch
# fresh memory for its whole first gigabyte (a page fault a page: the server's CPU per
# connection was a tenth higher for its first minute, ./run.sh bench).
young_generation() {
  local kib="" limit
  if [ -r /proc/meminfo ]; then
    kib=$(awk '/^MemTotal:/ {print $2}' /proc/meminfo 2>/dev/null)
  elif command -v sysctl >/dev/null 2>&1; then
    kib=$(( $(sysctl -n hw.memsize 2>/dev/null || echo 0) / 1024 ))
  fi
  limit=$(cat /sys/fs/cgroup/memory.max 2>/dev/null || true)
  case "$limit" in
    ''|max|*[!0-9]*) ;;
    *) if [ -z "$kib" ] || [ $((limit / 1024)) -lt "$kib" ]; then kib=$((limit / 1024)); fi ;;
  esac
  case "$kib" in ''|*[!0-9]*) return 0 ;; esac
  local mib=$((kib / 1024 / 8))
  [ "$mib" -le 1024 ] || mib=1024
  [ "$mib" -lt 256 ] || printf -- '-Xmn%sm' "$mib"
}
HEAP_FLAG="$(young_generation)"
# (Not transparent huge pages: alone, a million tasks ran 0.57 s with them against 0.70 s without,
# but right after a large process had freed its memory, as on any busy machine, the kernel
# compacted memory on each huge page fault: 1.2-1.3 s against 0.6 s. ./run.sh bench.)

FLAGS=(--add-exports java.base/jdk.internal.vm=ALL-UNNAMED --enable-native-access=ALL-UNNAMED
  -Daio.tutor.lessons="$ROOT/lessons" -Daio.tutor.agent.heap="$HEAP_FLAG")
CLASSPATH_ARG="$JAR:$ROOT/target/lib/*"

# aot_flags: the AOT caches' flags when this JDK can use them, made (once, a few seconds) if missing
# or made by another JDK. Best effort: without it the console only starts more slowly.
AOT_FLAGS=()
if [ "$JAVA_MAJOR" -ge 25 ] && [ -z "${AIO_NO_AOT:-}" ]; then
  jdk_id="$JAVA_HOME $(release_version "$JAVA_HOME")"
  if [ ! -f "$AOT" ] || [ "$(cat "$AOT.jdk" 2>/dev/null)" != "$jdk_id" ]; then
    if command -v flock >/dev/null 2>&1; then
      exec 9>"$ROOT/target/.build-lock"
      flock 9 # another ./run.sh may be making it right now
    fi
  fi
  if [ ! -f "$AOT" ] || [ "$(cat "$AOT.jdk" 2>/dev/null)" != "$jdk_id" ]; then
    rm -f "$AOT" "$AOT.jdk" "$AGENT_AOT"
    if [ -t 2 ]; then printf '%s: %s\n' "$ME" "$(say "preparing a faster start (once after each build)..." \
      "готовлю быстрый запуск (один раз после каждой сборки)...")" >&2; fi
    if "$JAVA" -XX:AOTCacheOutput="$AOT" -Xlog:aot=off -Xlog:cds=off "${FLAGS[@]}" -cp "$CLASSPATH_ARG" \
        -Daio.tutor.agent.aot.output="$AGENT_AOT" tutor.Main --aot-training >/dev/null 2>&1 && [ -f "$AOT" ]; then
      printf '%s\n' "$jdk_id" >"$AOT.jdk"
    else
      rm -f "$AOT" "$AGENT_AOT"
    fi
  fi
  exec 9>&-
  if [ -f "$AOT" ]; then
    AOT_FLAGS=(-XX:AOTCache="$AOT" -Xlog:aot=off -Xlog:cds=off -Daio.tutor.aot="$AOT")
    if [ -f "$AGENT_AOT" ]; then AOT_FLAGS+=(-Daio.tutor.agent.aot="$AGENT_AOT"); fi
  fi
fi

# The benchmarks are built with the tests (target/test-classes), not into the jar; they measure
# the console on the tutorial's own class path, passed along. Their own libraries (Netty, for the
# echo bench's peer; test scope) are in target/bench-lib, on the bench's class path only.
if [ "${1:-}" = bench ]; then
  FLAGS+=(-Daio.tutor.classpath="$CLASSPATH_ARG" -Daio.bench.heap="$HEAP_FLAG")
  CLASSPATH_ARG="$ROOT/target/test-classes:$CLASSPATH_ARG:$ROOT/target/bench-lib/*"
fi

# (${A[@]+"${A[@]}"}: an empty array under set -u in bash 3.2, macOS's)
exec "$JAVA" ${AOT_FLAGS[@]+"${AOT_FLAGS[@]}"} "${FLAGS[@]}" -cp "$CLASSPATH_ARG" tutor.Main "$@"
