#!/usr/bin/env bash
# Page load test: the demo patient with one year of daily diary data, each page measured with wrk on
# loopback for 10 s with CONNECTIONS concurrent connections (default 1: latency = server time), p95 and page weight.
# Targets: p95 < 50 ms server time, < 150 KB. CONNECTIONS=8 shows behaviour when the 2 cores are saturated.
# Usage: bench/load/pages.sh   (PAGES="/Diary /Progress" measures only those; needs wrk: apt-get install wrk). Writes a Markdown table to stdout.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v wrk >/dev/null || { echo "wrk is required (apt-get install wrk)" >&2; exit 2; }
PORT="${PORT:-5199}"
DATA="$(mktemp -d)"
JAR="$(mktemp)"
trap 'kill "$PID" 2>/dev/null || true; rm -rf "$DATA" "$JAR"' EXIT
if curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; then
  echo "something already listens on port $PORT; stop it or set PORT" >&2; exit 2
fi
dotnet build src/BackCare.Web -c Release -nologo -v quiet >/dev/null
# exec: $! is then the server itself, so the EXIT trap stops it (not just a subshell around it).
( cd src/BackCare.Web && ASPNETCORE_ENVIRONMENT=Production exec dotnet bin/Release/net10.0/BackCare.Web.dll \
    --urls "http://127.0.0.1:$PORT" --demo --BackCare:Demo:Days 365 --BackCare:Storage:DataDirectory "$DATA" \
    --BackCare:Hosting:AllowHttp true --Logging:LogLevel:Default Warning >/dev/null 2>&1 ) &
PID=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.3; done
BASE="http://127.0.0.1:$PORT"
TOKEN="$(curl -s -c "$JAR" "$BASE/Account/Login" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | sed 's/.*value="//; s/"$//')"
curl -s -b "$JAR" -c "$JAR" -o /dev/null -d "Email=patient@demo.backcare" -d "Password=backcare-demo-2026" \
  --data-urlencode "__RequestVerificationToken=$TOKEN" "$BASE/Account/Login"
COOKIE="$(awk '$6 ~ /^(backcare|\.AspNetCore\.Antiforgery)/ {printf "%s=%s; ", $6, $7}' "$JAR")"
echo "| page | bytes | p50 | p95 | p99 | requests in 10 s |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
CONNECTIONS="${CONNECTIONS:-1}"
PAGES="${PAGES:-/ /Assessment /Plan /Diary /Progress /Guides /Medicines /Learn /Reminders /Account/Export /Account/Export?handler=Pdf}"
for page in $PAGES; do
  bytes="$(curl -s -H "Cookie: $COOKIE" "$BASE$page" | wc -c)"
  line="$(wrk -t1 -c"$CONNECTIONS" -d10s -H "Cookie: $COOKIE" -s bench/load/p95.lua "$BASE$page" | tail -1)"
  p50="$(sed 's/.*p50=\([^ ]*\).*/\1/' <<<"$line")"; p95="$(sed 's/.*p95=\([^ ]*\).*/\1/' <<<"$line")"
  p99="$(sed 's/.*p99=\([^ ]*\).*/\1/' <<<"$line")"; n="$(sed 's/.*requests=\([0-9]*\).*/\1/' <<<"$line")"
  echo "| $page | $bytes | $p50 | $p95 | $p99 | $n |"
done
