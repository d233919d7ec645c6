#!/usr/bin/env bash
# Cold start of the backcare CLI as a user runs it: whole processes, median of RUNS runs each (hyperfine), beside a
# .NET "hello world" built the same way. Results go in docs/benchmarks.md ("CLI cold start").
#
#   dotnet build src/BackCare.Cli -c Release && bench/cold/cli-startup.sh
#   BACKCARE=~/.dotnet/tools/backcare bench/cold/cli-startup.sh      # an installed copy instead of bin/Release
#   dotnet publish src/BackCare.Cli -c Release -r linux-x64 -p:PublishAot=true -o artifacts/native \
#     && BACKCARE=artifacts/native/backcare bench/cold/cli-startup.sh  # the README's native form (ADR 0019)
#
# Needs hyperfine (apt-get install hyperfine) and python3. RUNS (default 10) and WARMUP (default 1) change the counts.
set -euo pipefail
cd "$(dirname "$0")/../.."

BACKCARE=${BACKCARE:-src/BackCare.Cli/bin/Release/net10.0/backcare}
RUNS=${RUNS:-10}
WARMUP=${WARMUP:-1}
command -v hyperfine >/dev/null || { echo "hyperfine is needed (apt-get install hyperfine)" >&2; exit 2; }
[ -x "$BACKCARE" ] || { echo "no $BACKCARE: run dotnet build src/BackCare.Cli -c Release first" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The yardstick: the smallest .NET program, built in Release like the CLI.
mkdir "$work/hello"
cat > "$work/hello/hello.csproj" <<'XML'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><InvariantGlobalization>true</InvariantGlobalization></PropertyGroup>
</Project>
XML
echo 'System.Console.WriteLine("hello");' > "$work/hello/Program.cs"
dotnet build "$work/hello" -c Release -nologo -v quiet -o "$work/hello/out" >/dev/null

echo '{"age": 72, "alcohol": true, "medications": ["Xanax 0.5mg", "oxycodone"]}' > "$work/meds.json"
echo '{"age": 54, "durationDays": 10, "findings": ["saddle_numbness"]}' > "$work/triage.json"
cat > "$work/plan.json" <<'JSON'
{"age": 45, "durationWeeks": 16, "findings": [],
 "answers": {"startback": [1,1,1,1,1,1,0,1,3], "gad7": [2,2,2,2,1,1,1], "phq9": [1,1,2,1,1,1,1,0,0]},
 "sleep": {"hoursPerNight": 5, "quality": 3}, "medications": ["diazepam", {"name": "tramadol", "durationWeeks": 8}],
 "conditions": [], "preferences": {"activities": ["walking", "yoga"], "accessToPhysiotherapy": true, "timePerDayMinutes": 30}}
JSON

# A database for the storage commands: made once by the RxNorm import (the companion, in the native form; not timed).
"$BACKCARE" terminology import tests/fixtures/rxnorm-sample --data-dir "$work/data" >/dev/null

# Every run starts without the backup file (backup refuses to overwrite one); the removal is not timed.
hyperfine -N --runs "$RUNS" --warmup "$WARMUP" --style basic --export-json "$work/result.json" --prepare "rm -f $work/backup.db" \
  -n "hello world" "$work/hello/out/hello" \
  -n "backcare --version" "$BACKCARE --version" \
  -n "backcare score gad7 --json" "$BACKCARE score gad7 --answers 1,1,1,1,1,1,1 --json" \
  -n "backcare meds check" "$BACKCARE meds check --input $work/meds.json" \
  -n "backcare meds check --json" "$BACKCARE meds check --input $work/meds.json --json" \
  -n "backcare triage" "$BACKCARE triage --input $work/triage.json" \
  -n "backcare plan" "$BACKCARE plan --input $work/plan.json" \
  -n "backcare evidence show diazepam" "$BACKCARE evidence show diazepam" \
  -n "backcare evidence validate" "$BACKCARE evidence validate" \
  -n "backcare evidence validate --data data (parses the YAML)" "$BACKCARE evidence validate --data data" \
  -n "backcare questionnaire gad7 (a file the build wrote; the .NET tool has none)" "$BACKCARE questionnaire gad7" \
  -n "backcare check-article (synthetic diazepam article)" "$BACKCARE check-article --input tests/fixtures/article-gold/synthetic/diazepam-for-back-pain.md" \
  -n "backcare cds overrides (SQLite)" "$BACKCARE cds overrides --data-dir $work/data" \
  -n "backcare backup (SQLite)" "$BACKCARE backup --to $work/backup.db --data-dir $work/data" >&2

# The commands whose libraries generate code at run time (EF Core, the Firely SDK): in the native form they run in the
# JIT companion in storage/ (ADR 0019). COMPANION=0 leaves them out.
if [ "${COMPANION:-1}" != 0 ]; then
  "$BACKCARE" account create --role admin --email ops@example.org --data-dir "$work/data" >/dev/null
  hyperfine -N --runs "$RUNS" --warmup "$WARMUP" --style basic --export-json "$work/companion.json" \
    -n "backcare account reset-token (EF Core, Identity)" "$BACKCARE account reset-token --email ops@example.org --data-dir $work/data" \
    -n "backcare terminology import (EF Core)" "$BACKCARE terminology import tests/fixtures/rxnorm-sample --data-dir $work/data" \
    -n "backcare fhir validate (Firely SDK)" "$BACKCARE fhir validate tests/fixtures/external/fhir-r4/official-examples-via-fhir-test-cases/medicationrequest0301.json" \
    -n "backcare score gad7 --observation (Firely SDK)" "$BACKCARE score gad7 --answers 1,1,1,1,1,1,1 --observation" \
    -n "backcare questionnaire --out-dir (Firely SDK)" "$BACKCARE questionnaire --out-dir $work/questionnaires" >&2
fi

# The median of the runs (hyperfine's own table shows the mean), with the spread.
python3 - "$work/result.json" "$work/companion.json" <<'PY'
import json, os, sys
print("| command | median (ms) | min (ms) | max (ms) |")
print("| --- | ---: | ---: | ---: |")
for path in sys.argv[1:]:
    if not os.path.exists(path): continue
    for r in json.load(open(path))["results"]:
        print(f"| {r['command']} | {r['median'] * 1000:.0f} | {r['min'] * 1000:.0f} | {r['max'] * 1000:.0f} |")
PY
