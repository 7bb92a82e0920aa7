#!/usr/bin/env bash
# The HTTP benchmark: ApiStudio side by side with a hand-written ASP.NET Core minimal API
# (Tests/Benchmarks/Baseline) doing the same work, under the same load generator (wrk) on this machine.
#
#   Tests/Benchmarks/http-bench.sh [--duration S] [--connections N] [--threads N] [--rounds N] [--warmup S] [--resources N]
#   (defaults: 15 s, 32 connections, 2 threads, 2 rounds, 5 s warm-up per host and scenario, 1,000 resources)
#
# Scenarios (resources in Tests/Benchmarks/Http, the greeting is the shipped example):
#   greeting  GET  /api/bench/http/greeting?name=Ada     a query parameter into a text (5 nodes)
#   order     POST /api/bench/http/order                 a JSON body validated and transformed
#   items     GET  /api/bench/http/items?after=40        10 rows from a SQLite table of 1,000
#   scripted  GET  /api/bench/http/scripted?name=Ada     the greeting behind a trivial JavaScript pre-process script,
#                                                        measured against the greeting on ApiStudio (a script's cost)
# Both hosts are Release builds, started fresh on loopback; the script checks that they answer each scenario with the
# same bytes, warms both up, then runs wrk against them in alternation (A B A B ...: same connections, threads and
# duration) and prints one table: requests/s, p50 and p99 latency of each, and the ApiStudio/baseline ratios; a second
# table puts the scripted greeting beside the greeting, both on ApiStudio.
# Then: start-up time to the first served request with --resources published resources (restarts of a host whose
# database already holds them: median of 3) and the idle resident memory (VmRSS) of that host.
# A scenario answering anything but 2xx, or answering differently from the baseline, stops the script (exit 1).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
duration=15 connections=32 threads=2 rounds=2 warmup=5 startup_resources=1000
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --resources) startup_resources=$2; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 ASPNETCORE_ENVIRONMENT=Production

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
for tool in wrk curl; do
  if ! command -v "$tool" >/dev/null; then
    echo "Installing $tool (Debian package)..." >&2
    # A fresh machine may have no package lists yet: read them once when the package is not found.
    as_root apt-get install -y -qq "$tool" >/dev/null 2>&1 || { as_root apt-get update -qq && as_root apt-get install -y -qq "$tool" >/dev/null; }
  fi
done

echo "Building ApiStudio and the baseline (Release)..." >&2
dotnet build -c Release -v q -nologo "$root/Studio/ApiStudio.Studio.csproj" >/dev/null
dotnet build -c Release -v q -nologo "$root/Tests/Benchmarks/Baseline/ApiStudio.Benchmarks.Baseline.csproj" >/dev/null
studio="$root/Studio/bin/Release/net10.0/apistudio.dll"
baseline="$root/Tests/Benchmarks/Baseline/bin/Release/net10.0/baseline.dll"

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Waits until $1 answers 200; prints nothing, fails after 60 s.
wait_for() {
  for _ in $(seq 1 6000); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$1" || true)" = 200 ]; then return 0; fi
    sleep 0.01
  done
  echo "no answer from $1" >&2
  return 1
}

shipped=$(find "$root/resources" -name '*.yaml' -o -name '*.yml' -o -name '*.json' | wc -l)

# ApiStudio's configuration for this run: a fresh SQLite system database, the shipped resources, the data database
# of the sql scenario; the administrator's password is set so nothing is printed.
studio_env() { # system database file: sets the array senv
  senv=(ApiStudio__Database__Provider=sqlite
    "ApiStudio__Database__ConnectionString=Data Source=$1"
    "ApiStudio__ResourcesPath=$root/resources"
    "ApiStudio__Admin__Password=bench-$RANDOM-$RANDOM"
    ApiStudio__Sql__Connections__default__Provider=sqlite
    "ApiStudio__Sql__Connections__default__ConnectionString=Data Source=$work/data.db"
    ApiStudio__Sql__Connections__default__Applications__0=bench/http)
}

dotnet "$baseline" seed "$work/data.db" "$root/Tests/Benchmarks/Http/items.sql"
studio_env "$work/apistudio.db"
(cd "$work" && env "${senv[@]}" dotnet "$studio" import \
  "$root/resources/examples/greeting.yaml" "$root/Tests/Benchmarks/Http" --account bench --application http --create >/dev/null)

studio_port=$(free_port)
baseline_port=$(free_port)
(cd "$work" && exec env "${senv[@]}" dotnet "$studio" --urls "http://127.0.0.1:$studio_port" >"$work/studio.log" 2>&1) &
studio_pid=$!
pids+=("$studio_pid")
(cd "$work" && exec dotnet "$baseline" --urls "http://127.0.0.1:$baseline_port" --Data "$work/data.db" \
  --Logging:LogLevel:Default=Warning >"$work/baseline.log" 2>&1) &
pids+=($!)
wait_for "http://127.0.0.1:$studio_port/health"
wait_for "http://127.0.0.1:$baseline_port/api/bench/http/greeting"

cat >"$work/order.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"customer":"Ada","price":2.5,"qty":3}'
wrk.headers["Content-Type"] = "application/json"
LUA
scenarios=(greeting order items)
declare -A path=([greeting]="/api/bench/http/greeting?name=Ada" [order]="/api/bench/http/order" [items]="/api/bench/http/items?after=40"
  [scripted]="/api/bench/http/scripted?name=Ada")
declare -A script=([greeting]="" [order]="$work/order.lua" [items]="" [scripted]="")

fetch() { # host-port scenario: the body, failing on anything but 200
  if [ "$2" = order ]; then
    curl -sf -H 'Content-Type: application/json' --data '{"customer":"Ada","price":2.5,"qty":3}' "http://127.0.0.1:$1${path[$2]}"
  else
    curl -sf "http://127.0.0.1:$1${path[$2]}"
  fi
}

# The greeting behind a trivial JavaScript pre-process script answers as the greeting does.
a=$(fetch "$studio_port" scripted) || { echo "ApiStudio does not answer scripted with 200: $(tail -5 "$work/studio.log")" >&2; exit 1; }
[ "$a" = "$(fetch "$studio_port" greeting)" ] || { echo "The scripted greeting answers otherwise: $a" >&2; exit 1; }

for s in "${scenarios[@]}"; do
  a=$(fetch "$studio_port" "$s") || { echo "ApiStudio does not answer $s with 200: $(tail -5 "$work/studio.log")" >&2; exit 1; }
  b=$(fetch "$baseline_port" "$s") || { echo "the baseline does not answer $s with 200" >&2; exit 1; }
  if [ "$a" != "$b" ]; then
    printf 'The two hosts answer %s differently:\n  ApiStudio: %s\n  baseline:  %s\n' "$s" "$a" "$b" >&2
    exit 1
  fi
done

# wrk's latency as milliseconds.
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; u = v; sub(/^[0-9.]+/, "", u);
  if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000; printf "%.3f", n }'; }

# Runs wrk once; prints "requests/s p50_ms p99_ms"; fails on errors or non-2xx answers.
run_wrk() { # port scenario seconds
  local args=(-t"$threads" -c"$connections" -d"$3s" --latency)
  [ -n "${script[$2]}" ] && args+=(-s "${script[$2]}")
  local out
  out=$(wrk "${args[@]}" "http://127.0.0.1:$1${path[$2]}")
  if grep -qE 'Non-2xx|Socket errors' <<<"$out"; then
    echo "wrk reported errors for $2 on port $1:" >&2
    echo "$out" >&2
    return 1
  fi
  local rps p50 p99
  rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")
  echo "$rps $p50 $p99"
}

echo "Warming up..." >&2
for s in "${scenarios[@]}"; do
  run_wrk "$studio_port" "$s" "$warmup" >/dev/null
  run_wrk "$baseline_port" "$s" "$warmup" >/dev/null
done
run_wrk "$studio_port" scripted "$warmup" >/dev/null

declare -A results
for s in "${scenarios[@]}"; do
  for r in $(seq 1 "$rounds"); do
    echo "Round $r of $s: ApiStudio, then the baseline ($duration s each)..." >&2
    results[$s,studio,$r]=$(run_wrk "$studio_port" "$s" "$duration")
    results[$s,baseline,$r]=$(run_wrk "$baseline_port" "$s" "$duration")
  done
done
# A script's cost: the scripted greeting against the greeting without a script, both on ApiStudio, rounds interleaved.
for r in $(seq 1 "$rounds"); do
  echo "Round $r of the script's cost: the greeting with, then without its pre-process script ($duration s each)..." >&2
  results[scripted,studio,$r]=$(run_wrk "$studio_port" scripted "$duration")
  results[scripted,plain,$r]=$(run_wrk "$studio_port" greeting "$duration")
done
rss() { awk '/^VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$1/status"; }
studio_rss_loaded=$(rss "$studio_pid")

# Mean of column $2 over the rounds of scenario $1 on host $3.
mean() { local sum=0; for r in $(seq 1 "$rounds"); do sum=$(awk -v a="$sum" -v b="$(cut -d' ' -f"$2" <<<"${results[$1,$3,$r]}")" 'BEGIN { print a + b }'); done
  awk -v s="$sum" -v n="$rounds" 'BEGIN { printf "%.3f", s / n }'; }

for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
wait 2>/dev/null || true
pids=()

# Start-up with many published resources: each a 5-node tree at its own uri, imported once; then the host is
# restarted and timed from launch to the first 200 of the last resource.
echo "Publishing $startup_resources resources for the start-up measurement..." >&2
mkdir -p "$work/many"
for i in $(seq 1 "$startup_resources"); do
  cat >"$work/many/r$i.yaml" <<YAML
name: Resource $i
description: One of the resources of the start-up measurement.
account: bench
application: startup
uri: r/$i
method: get
ttl: 0
process:
  processor: concatenate
  id: text
  items:
    - "Resource $i for "
    - processor: if_then_else
      id: has_name
      lhs: {processor: var_get, id: name_or_nothing, key: name, nullable: true}
      rhs: ""
      operator: "!="
      then: {processor: var_get, id: name, key: name}
      else: nobody
YAML
done
studio_env "$work/startup.db"
(cd "$work" && env "${senv[@]}" dotnet "$studio" import "$work/many" --account bench --application startup --create >"$work/import.log" || { tail -5 "$work/import.log" >&2; exit 1; })
startups=()
for attempt in 1 2 3; do
  port=$(free_port)
  begin=$(date +%s%N)
  (cd "$work" && exec env "${senv[@]}" dotnet "$studio" --urls "http://127.0.0.1:$port" >"$work/startup.log" 2>&1) &
  pid=$!
  pids+=("$pid")
  wait_for "http://127.0.0.1:$port/api/bench/startup/r/$startup_resources?name=Ada"
  startups+=($(( ($(date +%s%N) - begin) / 1000000 )))
  if [ "$attempt" = 3 ]; then
    sleep 10
    idle_rss=$(rss "$pid")
  fi
  kill "$pid"; wait "$pid" 2>/dev/null || true
  pids=()
done
startup_ms=$(printf '%s\n' "${startups[@]}" | sort -n | sed -n 2p)

runtime=$(dotnet --list-runtimes | awk '/^Microsoft.AspNetCore.App/ { version = $2 } END { print version }')
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
memory=$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
echo
echo "$(date -u +%Y-%m-%d), $(nproc) cores ($cpu), $memory, ASP.NET Core $runtime, wrk -t$threads -c$connections -d${duration}s, $rounds rounds A B A B"
echo
echo "| scenario | ApiStudio req/s | baseline req/s | ratio (≥ 0.90) | ApiStudio p50 | baseline p50 | ApiStudio p99 | baseline p99 | p99 ratio (≤ 1.5) |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
for s in "${scenarios[@]}"; do
  sr=$(mean "$s" 1 studio); br=$(mean "$s" 1 baseline)
  s50=$(mean "$s" 2 studio); b50=$(mean "$s" 2 baseline)
  s99=$(mean "$s" 3 studio); b99=$(mean "$s" 3 baseline)
  awk -v s="$s" -v sr="$sr" -v br="$br" -v s50="$s50" -v b50="$b50" -v s99="$s99" -v b99="$b99" 'BEGIN {
    printf "| %s | %.0f | %.0f | %.2f | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %.2f |\n", s, sr, br, sr / br, s50, b50, s99, b99, s99 / b99 }'
done
echo
echo "| scenario | with the script req/s | without req/s | ratio (≥ 0.75) | with p99 | without p99 |"
echo "|---|---:|---:|---:|---:|---:|"
awk -v sr="$(mean scripted 1 studio)" -v pr="$(mean scripted 1 plain)" -v s99="$(mean scripted 3 studio)" -v p99="$(mean scripted 3 plain)" 'BEGIN {
  printf "| greeting behind a trivial JavaScript pre-process script | %.0f | %.0f | %.2f | %.2f ms | %.2f ms |\n", sr, pr, sr / pr, s99, p99 }'
echo
echo "| measurement | value | target |"
echo "|---|---:|---|"
echo "| start-up to the first served request, $((startup_resources + shipped)) resources (median of ${startups[*]} ms) | $startup_ms ms | ≤ 2,000 ms |"
echo "| idle RSS 10 s after start-up, $((startup_resources + shipped)) resources | $idle_rss MB | ≤ 150 MB |"
echo "| RSS after the load runs (4 scenarios, $((shipped + 4)) resources) | $studio_rss_loaded MB | |"
