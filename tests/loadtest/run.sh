#!/usr/bin/env bash
# Load test: for each client count, starts a fresh gateway (Release, embedded MongoDB, loopback only), runs the load
# tool against it and prints its report. Usage: tests/loadtest/run.sh [CLIENTS...]   (default: 100 1000 5000)
# Environment: RATE (writes/s, default 100), PER_EVENT (clients each write reaches, default 100), DURATION (s, default 20),
# GC_SERVER (1 = server GC, the ASP.NET default; 0 = workstation GC, smaller heaps).
set -euo pipefail
cd "$(dirname "$0")/../.."
art="${ARTIFACTS:-/tmp/pushgateway-loadtest}"
rate="${RATE:-100}"; per_event="${PER_EVENT:-100}"; duration="${DURATION:-20}"
key="loadtest-signing-key-0123456789-abcdefghijklmnop"
port=5099; mongo_port=27099

dotnet build src/PushGateway -c Release --artifacts-path "$art" -v q -nologo
dotnet build tests/loadtest -c Release --artifacts-path "$art" -v q -nologo

sizes=("$@"); [ ${#sizes[@]} -gt 0 ] || sizes=(100 1000 5000)
for clients in "${sizes[@]}"; do
  tenants=$(( clients / per_event )); [ "$tenants" -ge 1 ] || tenants=1
  echo "=== $clients clients, $tenants tenants, $rate writes/s for ${duration}s"
  DOTNET_gcServer="${GC_SERVER:-1}" ASPNETCORE_URLS="http://127.0.0.1:$port" ASPNETCORE_ENVIRONMENT=Production \
  Auth__SigningKey="$key" Auth__Issuer=pushgateway Auth__Audience=pushgateway \
  EmbeddedMongo__Port="$mongo_port" Demo__Enabled=false Logging__LogLevel__Default=Warning \
  Gateway__Watch__0__Database=load Gateway__Watch__0__Collection=events \
    dotnet "$art/bin/PushGateway/release/PushGateway.dll" >"$art/gateway-$clients.log" 2>&1 &
  gateway=$!
  trap 'kill $gateway 2>/dev/null || true' EXIT
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break
    sleep 0.5
  done
  dotnet "$art/bin/PushGateway.LoadTest/release/PushGateway.LoadTest.dll" \
    --gateway "http://127.0.0.1:$port" --mongo "mongodb://127.0.0.1:$mongo_port/?directConnection=true" \
    --signing-key "$key" --collection load.events --clients "$clients" --tenants "$tenants" \
    --rate "$rate" --duration "$duration" --gateway-pid "$gateway" || echo "load tool failed (exit $?)"
  kill "$gateway" 2>/dev/null || true
  wait "$gateway" 2>/dev/null || true
  trap - EXIT
done
