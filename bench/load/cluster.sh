#!/usr/bin/env bash
# Load through nginx to two BackCare nodes on PostgreSQL (deploy/local-cluster.sh), compared with one node on
# SQLite in the same run; then, with SOAK=1, a soak at one connection count. The demo patient has a year of diary;
# the mix is /Plan, /Diary, /Progress and a check-in POST in turn (bench/load/mix.lua). Issue 14; results in
# docs/benchmarks.md.
#
#   bench/load/cluster.sh                    8 and 64 connections, DURATION (20s) each, both set-ups
#   SOAK=1 SOAK_CONNECTIONS=4 SOAK_DURATION=600 bench/load/cluster.sh   the soak only (two nodes, PostgreSQL),
#                                            sampling node memory and database connections every 30 s
#
# Needs wrk and nginx (Debian), a Release build, and a PostgreSQL server: BACKCARE_TEST_POSTGRES (an Npgsql
# connection string) or, if unset, a throwaway one started here as ./test.sh does.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$(pwd)"
command -v wrk >/dev/null || { echo "wrk is required (apt-get install wrk)" >&2; exit 2; }
export PATH="$PATH:/usr/sbin"
WORK="$(mktemp -d /tmp/backcare-load.XXXXXX)"
cleanup=()
on_exit() { for ((i = ${#cleanup[@]} - 1; i >= 0; i--)); do eval "${cleanup[$i]}" || true; done; rm -rf "$WORK"; }
trap on_exit EXIT

if [ -z "${BACKCARE_TEST_POSTGRES:-}" ]; then
  PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  PG_PORT=55700; while (echo >"/dev/tcp/127.0.0.1/$PG_PORT") 2>/dev/null; do PG_PORT=$((PG_PORT + 1)); done
  RUN_PG=(); if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$WORK"; chmod 711 "$WORK"; mkdir "$WORK/pg"; chown postgres "$WORK/pg"; RUN_PG=(runuser -u postgres --); else mkdir "$WORK/pg"; fi
  "${RUN_PG[@]}" "$PG_BIN/initdb" -D "$WORK/pg/data" -A trust -U backcare >/dev/null
  # Settings of a small production server rather than test.sh's fsync=off: commits are durable here.
  "${RUN_PG[@]}" "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/server.log" -w \
    -o "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c shared_buffers=256MB -c max_connections=200" start >/dev/null
  cleanup+=('"${RUN_PG[@]}" "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -m fast stop >/dev/null 2>&1')
  export BACKCARE_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=backcare;Database=postgres"
fi

# Signs in as the demo patient at $1; sets COOKIE and TOKEN for mix.lua.
sign_in() {
  local base=$1 jar="$WORK/jar" token
  rm -f "$jar"
  token="$(curl -s -c "$jar" "$base/Account/Login" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | sed 's/.*value="//; s/"$//')"
  curl -s -b "$jar" -c "$jar" -o /dev/null -d "Email=patient@demo.backcare" -d "Password=backcare-demo-2026" \
    --data-urlencode "__RequestVerificationToken=$token" "$base/Account/Login"
  TOKEN="$(curl -s -b "$jar" -c "$jar" "$base/Diary" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')"
  COOKIE="$(awk '$6 ~ /^(backcare|\.AspNetCore\.Antiforgery)/ {printf "%s=%s; ", $6, $7}' "$jar")"
  [ -n "$TOKEN" ] && [[ "$COOKIE" == *backcare=* ]] || { echo "could not sign in at $base" >&2; exit 1; }
}

run() { # label connections duration url
  sign_in "$4"
  local line threads=$(( $2 < 2 ? $2 : 2 ))
  # 5 s of the same load first, unmeasured: JIT compilation and cold caches are not what is being measured.
  BC_COOKIE="$COOKIE" BC_TOKEN="$TOKEN" wrk -t"$threads" -c"$2" -d5s --timeout 10s -s bench/load/mix.lua "$4" >/dev/null
  line="$(BC_COOKIE="$COOKIE" BC_TOKEN="$TOKEN" wrk -t"$threads" -c"$2" -d"$3" --timeout 10s -s bench/load/mix.lua "$4" | tail -1)"
  printf '| %s | %s | %s |\n' "$1" "$2" "$(sed 's/rps=\([^ ]*\) p50=\([^ ]*\) p99=\([^ ]*\) requests=\([^ ]*\) errors=\([^ ]*\)/\1 | \2 | \3 | \4 | \5/' <<<"$line")"
}

CLUSTER="$WORK/cluster"
cleanup+=('deploy/local-cluster.sh down "$CLUSTER"')
DEMO_DAYS=365 deploy/local-cluster.sh up "$CLUSTER" 2>/dev/null
set -a; . "$CLUSTER/cluster.env"; set +a
PROXY="$BACKCARE_MULTINODE_URL"

if [ "${SOAK:-0}" = 1 ]; then
  connections="${SOAK_CONNECTIONS:-4}"; seconds="${SOAK_DURATION:-600}"
  database="$(sed -n 's/.*Database=\([^;]*\).*/\1/p' <<<"$BACKCARE_MULTINODE_DATABASE")"
  pg_host="$(sed -n 's/.*Host=\([^;]*\).*/\1/p' <<<"$BACKCARE_TEST_POSTGRES")"; pg_port="$(sed -n 's/.*Port=\([^;]*\).*/\1/p' <<<"$BACKCARE_TEST_POSTGRES")"
  sample() {
    local rss=() pid
    for pid in ${BACKCARE_MULTINODE_PIDS//,/ }; do rss+=("$(($(ps -o rss= -p "$pid") / 1024)) MB"); done
    printf '| %s | %s | %s |\n' "$1" "${rss[*]}" \
      "$(psql -At "host=$pg_host port=$pg_port user=backcare dbname=postgres" -c "SELECT count(*) FROM pg_stat_activity WHERE datname = '$database'")"
  }
  sign_in "$PROXY"
  echo "| elapsed | node memory (RSS) | database connections |"
  echo "| ---: | --- | ---: |"
  sample "0 s"
  BC_COOKIE="$COOKIE" BC_TOKEN="$TOKEN" wrk -t"$(( connections < 2 ? connections : 2 ))" -c"$connections" -d"${seconds}s" --timeout 10s -s bench/load/mix.lua "$PROXY" >"$WORK/soak.txt" &
  wrk_pid=$!
  for ((t = 30; t <= seconds; t += 30)); do sleep 30; sample "$t s"; done
  wait "$wrk_pid"
  echo
  echo "| set-up | connections | requests/s | p50 | p99 | requests | errors |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
  printf '| soak %s s, 2 nodes + nginx, PostgreSQL | %s | %s |\n' "$seconds" "$connections" \
    "$(tail -1 "$WORK/soak.txt" | sed 's/rps=\([^ ]*\) p50=\([^ ]*\) p99=\([^ ]*\) requests=\([^ ]*\) errors=\([^ ]*\)/\1 | \2 | \3 | \4 | \5/')"
  exit 0
fi

# One node on SQLite, started the same way (demo patient, a year of diary), addressed directly.
SQLITE_PORT=18190; while (echo >"/dev/tcp/127.0.0.1/$SQLITE_PORT") 2>/dev/null; do SQLITE_PORT=$((SQLITE_PORT + 1)); done
( cd "$CLUSTER/app" && ASPNETCORE_ENVIRONMENT=Production exec dotnet BackCare.Web.dll --urls "http://127.0.0.1:$SQLITE_PORT" \
    --demo --BackCare:Demo:Days 365 --BackCare:Storage:DataDirectory "$WORK/sqlite" --BackCare:Hosting:AllowHttp true \
    --BackCare:Hosting:PublicBaseUrl "http://127.0.0.1:$SQLITE_PORT" --Logging:LogLevel:Default Warning ) >"$WORK/sqlite.log" 2>&1 &
SQLITE_PID=$!
cleanup+=('kill $SQLITE_PID')
for _ in $(seq 1 600); do curl -fs -o /dev/null "http://127.0.0.1:$SQLITE_PORT/healthz/ready" && break; sleep 0.2; done

DURATION="${DURATION:-20s}"
echo "| set-up | connections | requests/s | p50 | p99 | requests | errors |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
for c in ${CONNECTIONS:-8 64}; do
  run "2 nodes + nginx, PostgreSQL" "$c" "$DURATION" "$PROXY"
  run "1 node, SQLite" "$c" "$DURATION" "http://127.0.0.1:$SQLITE_PORT"
done
