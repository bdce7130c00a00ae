#!/usr/bin/env bash
# DNS64 throughput on loopback: xlat dns64 and Unbound's dns64 module side by side, both in front of the same BIND9
# authoritative server and zone, same query mix, caches warmed first, then a bounded `dnsperf -l DURATION` run each.
# Only 127.0.0.1 and high ports; everything started here is killed on exit.
#
#   benchmarks/dnsperf.sh [DURATION_SECONDS]        (default 10)
#   env: XLAT_JAR (default xlat-examples/target/xlat.jar), JAVA (default $JAVA_HOME/bin/java), CLIENTS (dnsperf -c,
#        default 4), THREADS (dnsperf -T, default 2), OUTSTANDING (dnsperf -q, default 256), ROUNDS (xlat/unbound
#        pairs, alternating, default 2), XLAT_ARGS (extra `xlat dns64` flags, e.g. "--datagram-io channel")
# Each line also shows the 1-minute load average before the run and the server's CPU time per answered query
# (utime+stime from /proc, less sensitive than QPS to other load on a shared machine).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-10}
XLAT_JAR=${XLAT_JAR:-xlat-examples/target/xlat.jar}
JAVA=${JAVA:-${JAVA_HOME:-/usr}/bin/java}
CLIENTS=${CLIENTS:-4}
THREADS=${THREADS:-2}
OUTSTANDING=${OUTSTANDING:-256}
ROUNDS=${ROUNDS:-2}
XLAT_ARGS=${XLAT_ARGS:-}
AUTH_PORT=${AUTH_PORT:-25400}
XLAT_PORT=${XLAT_PORT:-25401}
UNBOUND_PORT=${UNBOUND_PORT:-25402}
for tool in named unbound dnsperf dig; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install bind9 unbound dnsperf bind9-dnsutils)"; exit 2; }
done
[ -f "$XLAT_JAR" ] || { echo "missing $XLAT_JAR (build: ./mvnw -pl xlat-examples -am package -DskipTests)"; exit 2; }

WORK=$(mktemp -d /tmp/xlat-dnsperf.XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  sleep 0.5
  for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

cat > "$WORK/example.zone" <<ZONE
\$TTL 3600
@ 3600 IN SOA ns.example. hostmaster.example. 1 3600 600 86400 3600
@ IN NS ns.example.
ns IN A 127.0.0.1
a-only IN A 192.0.2.1
dual IN A 192.0.2.2
dual IN AAAA 2001:db8::2
cname IN CNAME a-only
multi IN A 192.0.2.10
multi IN A 192.0.2.11
multi IN A 192.0.2.12
txtonly IN TXT "no addresses"
ZONE
cat > "$WORK/named.conf" <<CONF
options {
  directory "$WORK";
  listen-on port $AUTH_PORT { 127.0.0.1; };
  listen-on-v6 { none; };
  pid-file "$WORK/named.pid";
  session-keyfile "$WORK/session.key";
  recursion no;
  dnssec-validation no;
  allow-query { 127.0.0.1; };
};
zone "example." { type primary; file "$WORK/example.zone"; };
CONF
cat > "$WORK/unbound.conf" <<CONF
server:
  interface: 127.0.0.1
  port: $UNBOUND_PORT
  do-ip6: no
  username: ""
  chroot: ""
  directory: "$WORK"
  pidfile: "$WORK/unbound.pid"
  use-syslog: no
  do-daemonize: no
  module-config: "dns64 iterator"
  dns64-prefix: 64:ff9b::/96
  do-not-query-localhost: no
  access-control: 127.0.0.0/8 allow
  local-zone: "example." nodefault
  num-threads: 1
  verbosity: 0
stub-zone:
  name: "example."
  stub-addr: 127.0.0.1@$AUTH_PORT
CONF
# Query mix: synthesized AAAA, real AAAA, CNAME + synthesis, several A, NODATA, NXDOMAIN, plain A.
cat > "$WORK/queries" <<Q
a-only.example AAAA
dual.example AAAA
cname.example AAAA
multi.example AAAA
txtonly.example AAAA
missing.example AAAA
a-only.example A
multi.example A
Q

named -g -c "$WORK/named.conf" > "$WORK/named.log" 2>&1 & PIDS+=($!)
unbound -d -c "$WORK/unbound.conf" > "$WORK/unbound.log" 2>&1 & PIDS+=($!)
UNBOUND_PID=$!
"$JAVA" --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Xms256m \
  -jar "$XLAT_JAR" dns64 --listen 127.0.0.1:$XLAT_PORT --upstream 127.0.0.1:$AUTH_PORT --prefix 64:ff9b::/96 \
  --allow 127.0.0.0/8 $XLAT_ARGS > "$WORK/xlat.log" 2>&1 & PIDS+=($!)
XLAT_PID=$!

wait_for() {
  for _ in $(seq 1 100); do
    if dig @127.0.0.1 -p "$1" +time=1 +tries=1 +short a-only.example A 2>/dev/null | grep -q 192.0.2.1; then return 0; fi
    sleep 0.1
  done
  echo "server on port $1 did not answer"; cat "$WORK"/*.log; exit 1
}
wait_for $AUTH_PORT; wait_for $UNBOUND_PORT; wait_for $XLAT_PORT

run() {  # name port seconds
  dnsperf -s 127.0.0.1 -p "$2" -d "$WORK/queries" -l "$3" -c "$CLIENTS" -T "$THREADS" -q "$OUTSTANDING" 2>&1
}
echo "== dig check (AAAA a-only.example) xlat: $(dig @127.0.0.1 -p $XLAT_PORT +short a-only.example AAAA)" \
  " unbound: $(dig @127.0.0.1 -p $UNBOUND_PORT +short a-only.example AAAA)"
for target in "xlat $XLAT_PORT" "unbound $UNBOUND_PORT"; do
  set -- $target
  run "$1" "$2" 3 > /dev/null   # warm caches (and the JIT)
done
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
for _ in $(seq 1 "$ROUNDS"); do
  for target in "xlat $XLAT_PORT $XLAT_PID" "unbound $UNBOUND_PORT $UNBOUND_PID"; do
    set -- $target
    load=$(cut -d' ' -f1 /proc/loadavg)
    before=$(cpu_ticks "$3")
    out=$(run "$1" "$2" "$DURATION")
    after=$(cpu_ticks "$3")
    qps=$(echo "$out" | awk '/Queries per second/ {print $4}')
    lost=$(echo "$out" | awk '/Queries lost/ {print $3, $4}')
    lat=$(echo "$out" | awk '/Average Latency/ {print $4}')
    done_q=$(echo "$out" | awk '/Queries completed/ {print $3}')
    cpu_us=$(awk -v t=$((after - before)) -v q="$done_q" -v hz="$(getconf CLK_TCK)" \
      'BEGIN { if (q > 0) printf "%.2f", t * 1000000 / hz / q; else print "-" }')
    echo "$1: qps=$qps lost=$lost avg_latency_s=$lat cpu_us_per_query=$cpu_us load=$load"
  done
done
