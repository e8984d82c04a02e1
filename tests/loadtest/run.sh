#!/usr/bin/env bash
# Load test: for each client count, starts a fresh gateway (Release, embedded MongoDB, loopback only), runs the load
# tool against it and prints its report. Usage: tests/loadtest/run.sh [CLIENTS...]   (default: 100 1000 5000)
# Environment: RATE (writes/s, default 100), PER_EVENT (clients each write reaches, default 100), DURATION (measured
# seconds, default 20), WARMUP (seconds of writes before the measured phase, reported apart, default 15),
# GC_SERVER (1 = server GC, the ASP.NET default; 0 = workstation GC, smaller heaps), DLL (gateway assembly to run,
# e.g. a ReadyToRun publish), HOLD (seconds to keep the idle clients connected after the idle heap measurement, to take
# a dump of the idle gateway with dotnet-dump collect -p PID; default 0), QUERY_TOKEN (1 = clients pass their token as
# the access_token query value, as browsers do, instead of the Authorization header). Ports are picked free for every run; the live heap per idle connection needs
# dotnet-gcdump (dotnet tool install -g dotnet-gcdump).
set -euo pipefail
cd "$(dirname "$0")/../.."
art="${ARTIFACTS:-/tmp/pushgateway-loadtest}"
rate="${RATE:-100}"; per_event="${PER_EVENT:-100}"; duration="${DURATION:-20}"; warmup="${WARMUP:-15}"
key="loadtest-signing-key-0123456789-abcdefghijklmnop"
export PATH="$PATH:$HOME/.dotnet/tools"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

dotnet build src/PushGateway -c Release --artifacts-path "$art" -v q -nologo
dotnet build tests/loadtest -c Release --artifacts-path "$art" -v q -nologo

sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(100 1000 5000)
for clients in "${sizes[@]}"; do
  tenants=$(( clients / per_event )); [ "$tenants" -ge 1 ] || tenants=1
  port=$(free_port); mongo_port=$(free_port)
  echo "=== $clients clients, $tenants tenants, $rate writes/s, ${warmup}s warm-up + ${duration}s measured; ports $port/$mongo_port; load average $(cut -d' ' -f1-3 /proc/loadavg)"
  DOTNET_gcServer="${GC_SERVER:-1}" ASPNETCORE_URLS="http://127.0.0.1:$port" ASPNETCORE_ENVIRONMENT=Production \
  Auth__SigningKey="$key" Auth__Issuer=pushgateway Auth__Audience=pushgateway \
  EmbeddedMongo__Port="$mongo_port" Mongo__AllowEmbeddedInProduction=true Demo__Enabled=false Logging__LogLevel__Default=Warning \
  Gateway__Watch__0__Database=load Gateway__Watch__0__Collection=events \
    dotnet "${DLL:-$art/bin/PushGateway/release/PushGateway.dll}" >"$art/gateway-$clients.log" 2>&1 &
  gateway=$!
  started=$(date +%s.%N)
  trap 'kill $gateway 2>/dev/null || true' EXIT
  for _ in $(seq 1 600); do
    curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break
    sleep 0.1
  done
  echo "gateway ready after $(python3 -c "print(f'{$(date +%s.%N) - $started:.1f}')") s (process start to /health/ready healthy)"
  dotnet "$art/bin/PushGateway.LoadTest/release/PushGateway.LoadTest.dll" \
    --gateway "http://127.0.0.1:$port" --mongo "mongodb://127.0.0.1:$mongo_port/?directConnection=true" \
    --signing-key "$key" --collection load.events --clients "$clients" --tenants "$tenants" \
    --rate "$rate" --duration "$duration" --warmup "$warmup" --gateway-pid "$gateway" --hold "${HOLD:-0}" --token-in-query "${QUERY_TOKEN:-0}" || echo "load tool failed (exit $?)"
  kill "$gateway" 2>/dev/null || true
  wait "$gateway" 2>/dev/null || true
  trap - EXIT
done
