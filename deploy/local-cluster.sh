#!/usr/bin/env bash
# Two (or NODES) BackCare web nodes on one PostgreSQL database behind nginx, all on loopback, from the files in
# deploy/ (backcare.env.sample, nginx/backcare.conf). Used by ./test.sh for the multi-node test and by
# bench/load/cluster.sh; see docs/deploy.md.
#
#   deploy/local-cluster.sh up DIR      start; writes DIR/cluster.env (BACKCARE_MULTINODE_URL, _NODES, _PIDS)
#   deploy/local-cluster.sh down DIR    stop nginx and every node
#
# Needs: the built web app (dotnet build -c Release), nginx (Debian's nginx-light), a PostgreSQL server named by
# BACKCARE_TEST_POSTGRES (an Npgsql connection string to a database the user may CREATE DATABASE from).
# Optional: NODES (2), DEMO_DAYS (seed the demo patient with that many days of diary; none by default),
# DATABASE (a fresh backcare_cluster_<random> by default).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cmd="${1:-}"; DIR="${2:-}"
[ -n "$cmd" ] && [ -n "$DIR" ] || { sed -n '2,13p' "$0" >&2; exit 2; }
mkdir -p "$DIR"; DIR="$(cd "$DIR" && pwd)"

free_port() {
  local port=$1
  while (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null || grep -qx "$port" "$DIR/ports" 2>/dev/null; do port=$((port + 1)); done
  echo "$port" >>"$DIR/ports"; echo "$port"
}

# Reads Key=Value out of the Npgsql connection string in BACKCARE_TEST_POSTGRES.
pg_part() { tr ';' '\n' <<<"$BACKCARE_TEST_POSTGRES" | sed -n "s/^[[:space:]]*$1[[:space:]]*=//Ip" | head -1; }

wait_ready() {
  for _ in $(seq 1 600); do
    curl -fs -o /dev/null "$1/healthz/ready" && return 0
    kill -0 "$2" 2>/dev/null || { echo "node $1 exited during start-up; its log: $3" >&2; tail -20 "$3" >&2; return 1; }
    sleep 0.2
  done
  echo "node $1 not ready after 120 s" >&2; return 1
}

down() {
  if [ -f "$DIR/nginx.pid" ]; then kill "$(cat "$DIR/nginx.pid")" 2>/dev/null || true; fi
  for pidfile in "$DIR"/node*.pid; do
    [ -e "$pidfile" ] || continue
    kill "$(cat "$pidfile")" 2>/dev/null || true
  done
  for pidfile in "$DIR"/node*.pid; do
    [ -e "$pidfile" ] || continue
    for _ in $(seq 1 50); do kill -0 "$(cat "$pidfile")" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$(cat "$pidfile")" 2>/dev/null || true
    rm -f "$pidfile"
  done
  rm -f "$DIR/nginx.pid"
}

up() {
  : "${BACKCARE_TEST_POSTGRES:?set BACKCARE_TEST_POSTGRES to an Npgsql connection string (./test.sh does)}"
  command -v nginx >/dev/null || { echo "nginx is required (apt-get install nginx-light)" >&2; exit 2; }
  local dll="$ROOT/src/BackCare.Web/bin/Release/net10.0/BackCare.Web.dll"
  [ -f "$dll" ] || { echo "build first: dotnet build -c Release ($dll missing)" >&2; exit 2; }
  rm -f "$DIR/ports"
  # The nodes run from a copy of the build, as from a published folder, so rebuilding meanwhile cannot disturb them.
  rm -rf "$DIR/app"; cp -r "$(dirname "$dll")" "$DIR/app"; dll="$DIR/app/BackCare.Web.dll"
  local nodes="${NODES:-2}" database="${DATABASE:-backcare_cluster_$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')}"
  local host port user
  host="$(pg_part Host)"; port="$(pg_part Port)"; user="$(pg_part Username)"
  psql -q "host=$host port=${port:-5432} user=$user dbname=$(pg_part Database)" -c "CREATE DATABASE $database" >/dev/null
  local connection="Host=$host;Port=${port:-5432};Username=$user;Database=$database;Maximum Pool Size=40"
  local proxy_port; proxy_port="$(free_port 18080)"
  local proxy="http://127.0.0.1:$proxy_port"

  local urls=() pids=() i
  for i in $(seq 1 "$nodes"); do
    local node_port; node_port="$(free_port $((18100 + i)))"
    local url="http://127.0.0.1:$node_port" extra=()
    if [ "$i" = 1 ] && [ -n "${DEMO_DAYS:-}" ]; then extra=(--demo --BackCare:Demo:Days "$DEMO_DAYS"); fi
    # The shipped sample settings, then only what a loopback test must change: the database, the addresses, plain
    # HTTP (no TLS on loopback), console logs at Warning, and rate limits a test client from one address can live with.
    (
      set -a; . "$ROOT/deploy/backcare.env.sample"; set +a
      export ASPNETCORE_URLS="$url" BackCare__Storage__ConnectionString="$connection" \
        BackCare__Hosting__PublicBaseUrl="$proxy" BackCare__Hosting__AllowHttp=true \
        BackCare__Metrics__Enabled="${METRICS:-false}" \
        BackCare__RateLimits__PerIpPerMinute="${RATE_LIMIT:-100000}" BackCare__RateLimits__PerAccountPerMinute="${RATE_LIMIT:-100000}"
      cd "$(dirname "$dll")"
      exec dotnet "$dll" "${extra[@]}"
    ) >"$DIR/node$i.log" 2>&1 &
    echo $! >"$DIR/node$i.pid"
    urls+=("$url"); pids+=("$!")
  done
  for i in $(seq 1 "$nodes"); do wait_ready "${urls[$((i - 1))]}" "${pids[$((i - 1))]}" "$DIR/node$i.log"; done

  # nginx: the deploy file with this run's ports, inside a minimal main configuration of its own.
  local servers="" u
  for u in "${urls[@]}"; do servers+="    server ${u#http://} max_fails=1 fail_timeout=10s;\n"; done
  mkdir -p "$DIR/nginx-tmp"; chmod 777 "$DIR/nginx-tmp"; chmod 711 "$DIR"
  awk -v servers="$servers" -v listen="127.0.0.1:$proxy_port" '
    /^[[:space:]]*server 127\.0\.0\.1:500[0-9]/ { if (!done) { printf "%s", servers; done = 1 } next }
    /^[[:space:]]*listen 127\.0\.0\.1:8080;/ { print "    listen " listen ";"; next }
    { print }' "$ROOT/deploy/nginx/backcare.conf" >"$DIR/backcare.conf"
  cat >"$DIR/nginx.conf" <<CONF
worker_processes 1;
pid $DIR/nginx.pid;
error_log $DIR/nginx-error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $DIR/nginx-tmp/body;
    proxy_temp_path $DIR/nginx-tmp/proxy;
    fastcgi_temp_path $DIR/nginx-tmp/fastcgi;
    uwsgi_temp_path $DIR/nginx-tmp/uwsgi;
    scgi_temp_path $DIR/nginx-tmp/scgi;
    include $DIR/backcare.conf;
}
CONF
  nginx -p "$DIR" -c "$DIR/nginx.conf"
  for _ in $(seq 1 50); do curl -fs -o /dev/null "$proxy/healthz/ready" && break; sleep 0.2; done

  local IFS=,
  cat >"$DIR/cluster.env" <<ENV
BACKCARE_MULTINODE_URL='$proxy'
BACKCARE_MULTINODE_NODES='${urls[*]}'
BACKCARE_MULTINODE_PIDS='${pids[*]}'
BACKCARE_MULTINODE_DATABASE='$connection'
ENV
  echo "BackCare cluster: $proxy -> ${urls[*]} (database $database)" >&2
}

case "$cmd" in
  up) up ;;
  down) down ;;
  *) sed -n '2,13p' "$0" >&2; exit 2 ;;
esac
