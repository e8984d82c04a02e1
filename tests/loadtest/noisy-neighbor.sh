#!/usr/bin/env bash
# Noisy neighbour (issue 10, cost isolation): starts a fresh gateway (Release, Production settings, embedded MongoDB,
# free loopback ports, one watched collection load.events with TenantField tenantId) and runs the load tool's
# --noisy-neighbor scenario against it: the victim tenant's write→receive latency without and with an attacker tenant
# (many expensive filters, adversarial documents). Extra arguments go to the load tool, e.g.
#   tests/loadtest/noisy-neighbor.sh --attacker-rate 5 --attacker-churn 10
# Environment: DURATION (measured seconds per phase, default 30), WARMUP (seconds per warm-up phase, default 10).
set -euo pipefail
cd "$(dirname "$0")/../.."
art="${ARTIFACTS:-/tmp/pushgateway-loadtest}"
duration="${DURATION:-30}"; warmup="${WARMUP:-10}"
key="loadtest-signing-key-0123456789-abcdefghijklmnop"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

dotnet build src/PushGateway -c Release --artifacts-path "$art" -v q -nologo
dotnet build tests/loadtest -c Release --artifacts-path "$art" -v q -nologo

port=$(free_port); mongo_port=$(free_port)
echo "=== noisy neighbour; ports $port/$mongo_port; load average $(cut -d' ' -f1-3 /proc/loadavg); args: $*"
ASPNETCORE_URLS="http://127.0.0.1:$port" ASPNETCORE_ENVIRONMENT=Production \
Auth__SigningKey="$key" Auth__Issuer=pushgateway Auth__Audience=pushgateway \
EmbeddedMongo__Port="$mongo_port" Mongo__AllowEmbeddedInProduction=true Webhooks__AllowedHosts__0=127.0.0.1 Demo__Enabled=false Logging__LogLevel__Default=Warning \
Gateway__Watch__0__Database=load Gateway__Watch__0__Collection=events Gateway__Watch__0__TenantField=tenantId \
  dotnet "${DLL:-$art/bin/PushGateway/release/PushGateway.dll}" >"$art/gateway-noisy.log" 2>&1 &
gateway=$!
trap 'kill $gateway 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break
  kill -0 $gateway 2>/dev/null || { echo "gateway exited:"; tail -5 "$art/gateway-noisy.log"; exit 1; }
  sleep 0.5
done
dotnet "$art/bin/PushGateway.LoadTest/release/PushGateway.LoadTest.dll" --noisy-neighbor \
  --gateway "http://127.0.0.1:$port" --mongo "mongodb://127.0.0.1:$mongo_port/?directConnection=true" \
  --signing-key "$key" --collection load.events --duration "$duration" --warmup "$warmup" --gateway-pid "$gateway" "$@" \
  || echo "load tool failed (exit $?)"
kill "$gateway" 2>/dev/null || true
wait "$gateway" 2>/dev/null || true
trap - EXIT
