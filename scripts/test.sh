#!/usr/bin/env bash
# The test command (README "Run the tests"): builds the solution in Release and runs every test project.
# CI runs exactly this (.ci/run). Everything the tests need is installed here, never by hand.
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

dotnet build RecsysBatch.sln -c Release -warnaserror -nologo -v minimal

# The PostgreSQL warehouse tests need a real server: a private one (installed from Debian when missing, on a Unix
# socket in a temp folder) for this run only, named in RECSYS_TEST_POSTGRES and stopped on exit.
source scripts/postgres.sh
recsys_pg_start
trap recsys_pg_stop EXIT
trap 'exit 130' INT TERM

# The dashboard browser tests need headless Chromium and chromedriver (Debian's, installed when missing).
source scripts/chromium.sh
recsys_chromium_install

log=$(mktemp)
status=0
dotnet test RecsysBatch.sln -c Release --no-build --nologo 2>&1 | tee "$log" || status=$?

# One closing line for the whole suite, summed over the test assemblies.
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -oE 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
