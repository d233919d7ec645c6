#!/usr/bin/env bash
# Runs every BackCare test on a fresh Debian machine: installs what is missing (Chromium for
# browser tests, nginx for the multi-node test, clang for the native CLI), starts a throwaway PostgreSQL for the storage tests
# and, in front of it, two BackCare nodes behind nginx (deploy/local-cluster.sh), runs `dotnet test`,
# then the Web suite and the browser core flow again on PostgreSQL (issue 14), and ends with one line
# "N passed, N failed[, N skipped]" computed from the TRX results.
set -euo pipefail
cd "$(dirname "$0")"
ROOT="$(pwd)"
RESULTS="$ROOT/artifacts/test-results"
rm -rf "$RESULTS"
mkdir -p "$RESULTS"

log() { printf '== %s\n' "$*" >&2; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Chromium, only when a browser test project exists (Playwright must use Debian's build).
if ls tests/*BrowserTests* >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  log "installing Chromium"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

# nginx (Debian's package) for the multi-node test; its own configuration, so the system service is not used.
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  log "installing nginx"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null
fi
export PATH="$PATH:/usr/sbin"
# A C toolchain for the native CLI's link step (ADR 0019): ILCompiler links with clang, or gcc, and strips with objcopy.
if ! command -v clang >/dev/null 2>&1 && ! command -v gcc >/dev/null 2>&1 || ! command -v objcopy >/dev/null 2>&1; then
  log "installing clang (links the native CLI)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang binutils >/dev/null
fi
if ! command -v psql >/dev/null 2>&1; then
  log "installing the PostgreSQL client"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-client >/dev/null
fi

cleanup=()
on_exit() { for ((i = ${#cleanup[@]} - 1; i >= 0; i--)); do eval "${cleanup[$i]}" || true; done; }
trap on_exit EXIT

# A throwaway PostgreSQL cluster on a private port, removed on exit.
PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)}"
if [ -z "${BACKCARE_TEST_POSTGRES:-}" ]; then
  if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
    log "installing PostgreSQL"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  fi
  PG_DIR="$(mktemp -d /tmp/backcare-pg.XXXXXX)"
  PG_PORT="${PG_PORT:-55432}"
  while (echo >"/dev/tcp/127.0.0.1/$PG_PORT") 2>/dev/null; do PG_PORT=$((PG_PORT + 1)); done
  if [ "$(id -u)" = 0 ]; then
    chown postgres:postgres "$PG_DIR"
    RUN_PG=(runuser -u postgres --)
  else
    RUN_PG=()
  fi
  log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
  "${RUN_PG[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U backcare >/dev/null
  "${RUN_PG[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
  cleanup+=('"${RUN_PG[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1; rm -rf "$PG_DIR"')
  export BACKCARE_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=backcare;Database=postgres"
fi

log "building"
dotnet build BackCare.slnx -c Release -nologo -v quiet

# Two nodes and nginx on loopback, for MultiNodeTests (it reads the BACKCARE_MULTINODE_* variables).
CLUSTER_DIR="$(mktemp -d /tmp/backcare-cluster.XXXXXX)"
cleanup+=('deploy/local-cluster.sh down "$CLUSTER_DIR"; rm -rf "$CLUSTER_DIR"')
log "starting two BackCare nodes behind nginx"
deploy/local-cluster.sh up "$CLUSTER_DIR"
set -a; . "$CLUSTER_DIR/cluster.env"; set +a

# The caller's --filter (if any) also narrows the PostgreSQL pass.
user_filter=""; rest=(); args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  if [ "${args[$i]}" = "--filter" ]; then user_filter="${args[$((i + 1))]}"; i=$((i + 1)); else rest+=("${args[$i]}"); fi
done
and_user() { if [ -n "$user_filter" ]; then printf '(%s)&%s' "$user_filter" "$1"; else printf '%s' "$1"; fi; }

log "testing"
set +e
# Every suite but the browser one, in parallel; then the browser suite alone, so its steps (Playwright's 30 s) never
# wait behind a dozen Web hosts starting at once on a small CI machine (a registration once took longer than that).
dotnet test BackCare.slnx -c Release --no-build -nologo \
  --logger "trx" --results-directory "$RESULTS" --filter "$(and_user 'FullyQualifiedName!~BackCare.Web.BrowserTests')" "${rest[@]}"
status=$?
dotnet test tests/BackCare.Web.BrowserTests -c Release --no-build -nologo \
  --logger "trx" --results-directory "$RESULTS/browser" "$@"
s=$?; if [ "$s" -ne 0 ] && [ "$status" -eq 0 ]; then status=$s; fi

# The PostgreSQL pass: every Web host (and the browser core flow) on a fresh PostgreSQL database of its own.
# Tests about SQLite itself (Storage=Sqlite) and those that already chose PostgreSQL (Storage=Postgres) ran above.
log "testing again on PostgreSQL"
BACKCARE_TEST_PROVIDER=postgres dotnet test tests/BackCare.Web.Tests -c Release --no-build -nologo \
  --logger "trx" --results-directory "$RESULTS/postgres" --filter "$(and_user 'Storage!=Sqlite&Storage!=Postgres')" "${rest[@]}"
pg_status=$?
# The CDS Hooks suite on PostgreSQL too: its replay cache and feedback tables are plain SQL (issue 15).
BACKCARE_TEST_PROVIDER=postgres dotnet test tests/BackCare.CdsHooks.Tests -c Release --no-build -nologo \
  --logger "trx" --results-directory "$RESULTS/postgres" --filter "$(and_user 'Storage!=Sqlite')" "${rest[@]}"
cds_status=$?
BACKCARE_TEST_PROVIDER=postgres dotnet test tests/BackCare.Web.BrowserTests -c Release --no-build -nologo \
  --logger "trx" --results-directory "$RESULTS/postgres" --filter "$(and_user 'Browser=CoreFlow')" "${rest[@]}"
browser_status=$?

# The CLI as the README installs it: compiled natively (ADR 0019), with its JIT companion in storage/. The CLI suite runs
# again against that program, as whole processes, to catch what only a native build gets wrong (trimmed reflection,
# code generation at run time).
log "publishing the native CLI and testing it"
NATIVE_DIR="$ROOT/artifacts/native"
rm -rf "$NATIVE_DIR"
native_filter=(); if [ -n "$user_filter" ]; then native_filter=(--filter "$user_filter"); fi
if dotnet publish src/BackCare.Cli -c Release -r "$(dotnet --info | awk '/^ *RID:/ {print $2; exit}')" -p:PublishAot=true \
    -nologo -v quiet -o "$NATIVE_DIR" >"$RESULTS/native-publish.log" 2>&1; then
  BACKCARE_CLI="$NATIVE_DIR/backcare" dotnet test tests/BackCare.Cli.Tests -c Release --no-build -nologo \
    --logger "trx" --results-directory "$RESULTS/native" "${native_filter[@]}" "${rest[@]}"
  native_status=$?
else
  tail -20 "$RESULTS/native-publish.log" >&2
  log "the native CLI did not build (artifacts/test-results/native-publish.log)"
  native_status=1
fi
set -e
for s in "$pg_status" "$cds_status" "$browser_status" "$native_status"; do if [ "$s" -ne 0 ] && [ "$status" -eq 0 ]; then status=$s; fi; done

passed=0; failed=0; skipped=0
for trx in "$RESULTS"/*.trx "$RESULTS"/browser/*.trx "$RESULTS"/postgres/*.trx "$RESULTS"/native/*.trx; do
  [ -e "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -1)"
  get() { printf '%s' "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + $(get notExecuted)))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
