#!/usr/bin/env bash
# iperf3 through the xlat PLAT and through TAYGA in the same topology (issue 5; results in docs/benchmarks.md).
#
#   [client6] 2001:db8:1::2/64 --veth c6-- IPv6 --p-c6-- [plat: translator on a TUN] --p-s4-- IPv4 --veth s4--
#   [server4] 198.51.100.10/24, iperf3 -s
#
# The client reaches the server as 2001:db8:64::198.51.100.10 (RFC 6052 /96 prefix inside 2001:db8::/32, so no
# --allow-wkp-non-global is needed and TAYGA accepts it too); the client appears on the IPv4 side as 192.0.2.x.
# Cases, one after the other, same namespaces and links:
#   xlat-nat64     xlat plat --mode nat64 --pool4 192.0.2.0/28 (1 queue: NAT64 runs one shard)
#   xlat-siit-q1   xlat plat --mode siit --eamt 2001:db8:1::2/128=192.0.2.8/32, 1 queue
#   xlat-siit-q2   the same with --queues 2 (multi-queue TUN, one worker thread per queue)
#   xlat-nat64-nooff, xlat-siit-q1-nooff, xlat-siit-q2-nooff
#                  the same with --offload=false (the xlat cases above run with the default TUN offloads: GSO
#                  super-packets translated once, see docs/deployment.md "TUN devices")
#   tayga          TAYGA 0.9.x (Debian), static map 192.0.2.8 <-> 2001:db8:1::2, dynamic pool 192.0.2.128/25
# Per case: a 3 s TCP warm-up (JIT), then TCP 1 stream -t 10, TCP -P 2 -t 10, TCP -R -t 10, UDP -u -b 1G -t 5 and
# UDP -R. Results: a table on stdout and RESULTS (TSV) in WORK.
#
# Usage: sudo benchmarks/iperf3-plat.sh [CASE...]      (default: the four cases without -nooff)
# Env:   XLAT_JAR (default xlat-examples/target/xlat.jar), JAVA (default $JAVA_HOME/bin/java; needs JDK 25),
#        JVM_OPTS (extra JVM flags, e.g.
#        -Dagrona.disable.bounds.checks=true), WORK (default a new temp dir), TCP_SECS (10), UDP_SECS (5),
#        UDP_RATE (1G), QUICK=1 (skip the -R runs).
# Needs root, ip, iperf3, tayga, python3. Only documentation addresses; no link to the host namespace; every
# namespace is deleted by name and every started process is killed by PID on exit.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
XLAT_JAR=${XLAT_JAR:-$ROOT/xlat-examples/target/xlat.jar}
JAVA=${JAVA:-${JAVA_HOME:+$JAVA_HOME/bin/}java}
JVM_OPTS=${JVM_OPTS:-}
WORK=${WORK:-$(mktemp -d /tmp/iperf3-plat.XXXXXX)}
TCP_SECS=${TCP_SECS:-10}
UDP_SECS=${UDP_SECS:-5}
UDP_RATE=${UDP_RATE:-1G}
QUICK=${QUICK:-0}
CASES=("$@")
if ((${#CASES[@]} == 0)); then CASES=(xlat-nat64 xlat-siit-q1 xlat-siit-q2 tayga); fi

S=$$
C6=ip3-c6-$S; PL=ip3-plat-$S; S4=ip3-s4-$S
NSS=("$C6" "$PL" "$S4")
CREATED=()
PIDS=()
RESULTS=$WORK/results.tsv
CLIENT6=2001:db8:1::2
SERVER4=198.51.100.10
PREFIX6=2001:db8:64::/96
TARGET6=2001:db8:64::c633:640a   # 2001:db8:64::198.51.100.10, RFC 6052 2.2 /96
TUNDEV=xlt0

log() { echo "[iperf3-plat $(date +%T)] $*" >&2; }
inns() { local ns=$1; shift; ip netns exec "$ns" "$@"; }
cleanup() {
    set +e
    local p
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
    sleep 0.5
    for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null; done
    for ns in "${CREATED[@]}"; do ip netns del "$ns" 2>/dev/null; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_for() { # seconds, command: poll every 0.2 s
    local deadline=$((SECONDS + $1)); shift
    until "$@" >/dev/null 2>&1; do
        if ((SECONDS >= deadline)); then return 1; fi
        sleep 0.2
    done
}
die() { echo "FAILED: $*" >&2; for f in "$WORK"/*.log; do [ -f "$f" ] && { echo "--- $f" >&2; tail -15 "$f" >&2; }; done; exit 2; }
start() { # name ns command...: background process, PID recorded, output in WORK/name.log
    local name=$1 ns=$2; shift 2
    ip netns exec "$ns" "$@" >"$WORK/$name.log" 2>&1 &
    PIDS+=("$!")
    LAST_PID=$!
}
stop() { # pid: TERM, wait up to 5 s, then KILL
    local pid=$1 i
    kill -TERM "$pid" 2>/dev/null || return 0
    for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

for tool in ip iperf3 tayga python3; do command -v "$tool" >/dev/null || die "$tool not installed"; done
[ -f "$XLAT_JAR" ] || die "no jar at $XLAT_JAR (XLAT_JAR=...)"
mkdir -p "$WORK"
: >"$RESULTS"

log "namespaces $C6 $PL $S4, work dir $WORK"
for ns in "${NSS[@]}"; do
    ip netns add "$ns" || die "netns add $ns"
    CREATED+=("$ns")
    ip -n "$ns" link set lo up
done
inns "$PL" sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
ip link add c6 netns "$C6" type veth peer name p-c6 netns "$PL" || die veth
ip link add p-s4 netns "$PL" type veth peer name s4 netns "$S4" || die veth
ip -n "$C6" addr add "$CLIENT6/64" dev c6 nodad && ip -n "$C6" link set c6 up
ip -n "$PL" addr add 2001:db8:1::1/64 dev p-c6 nodad && ip -n "$PL" link set p-c6 up
ip -n "$PL" addr add 198.51.100.1/24 dev p-s4 && ip -n "$PL" link set p-s4 up
ip -n "$S4" addr add "$SERVER4/24" dev s4 && ip -n "$S4" link set s4 up
ip -n "$C6" -6 route add "$PREFIX6" via 2001:db8:1::1
ip -n "$S4" route add 192.0.2.0/24 via 198.51.100.1

start iperf3-server "$S4" iperf3 -s -B "$SERVER4"
wait_for 10 inns "$S4" sh -c "ss -ltn | grep -q ':5201'" || die "iperf3 server"

# translator lifecycle: the TUN device lives in the plat namespace, routes point the prefixes into it
TPID=""
start_xlat() { # mode queues [offload]
    local mode=$1 queues=$2 offload=${3:-true} mq=""
    ((queues > 1)) && mq=multi_queue
    ip -n "$PL" tuntap add dev "$TUNDEV" mode tun $mq || die tuntap
    local args=(plat --tun "$TUNDEV" --queues "$queues" --pool6 "$PREFIX6" --mtu4 1500 --mtu6 1500
        "--offload=$offload" --metrics 9464)
    if [ "$mode" = nat64 ]; then
        args+=(--mode nat64 --pool4 192.0.2.0/28)
    else
        args+=(--mode siit --eamt "$CLIENT6/128=192.0.2.8/32")
    fi
    # shellcheck disable=SC2086
    start "xlat-$mode-q$queues-$offload" "$PL" "$JAVA" -Xms256m -Xmx256m $JVM_OPTS -jar "$XLAT_JAR" "${args[@]}"
    TPID=$LAST_PID
    wait_for 30 grep -q running "$WORK/xlat-$mode-q$queues-$offload.log" || die "xlat plat did not start"
}
start_tayga() {
    local dir=$WORK/tayga
    mkdir -p "$dir/data"
    cat >"$dir/tayga.conf" <<EOF
tun-device $TUNDEV
ipv4-addr 192.0.2.1
prefix $PREFIX6
dynamic-pool 192.0.2.128/25
data-dir $dir/data
map 192.0.2.8 $CLIENT6
EOF
    inns "$PL" tayga -c "$dir/tayga.conf" --mktun >"$WORK/tayga-mktun.log" 2>&1 || die "tayga --mktun"
    start tayga "$PL" tayga -c "$dir/tayga.conf" --nodetach
    TPID=$LAST_PID
    sleep 1
    kill -0 "$TPID" 2>/dev/null || die "tayga did not start"
}
route_up() {
    ip -n "$PL" link set "$TUNDEV" mtu 1500 up
    ip -n "$PL" -6 route add "$PREFIX6" dev "$TUNDEV"
    ip -n "$PL" route add 192.0.2.0/24 dev "$TUNDEV"
    wait_for 10 inns "$C6" ping -6 -c 1 -W 1 "$TARGET6" || die "no ping through the translator"
}
stop_translator() {
    # the xlat worker I/O counters (offloaded/segmented super-packets), when a metrics endpoint runs
    inns "$PL" sh -c "curl -s --max-time 2 http://127.0.0.1:9464/metrics 2>/dev/null | grep '^xlat_io_total'" \
        >"$WORK/$CASE.io.txt" || true
    if [ -s "$WORK/$CASE.io.txt" ]; then
        log "$CASE: $(grep -E 'event="(received|offloaded_superpackets|segmented_superpackets)"' "$WORK/$CASE.io.txt" \
            | sed 's/.*event=//' | tr '\n' ' ')"
    fi
    stop "$TPID"
    ip -n "$PL" link del "$TUNDEV" 2>/dev/null || true
}

# one iperf3 run -> "Mbit/s<TAB>loss%<TAB>retransmits"; bounded by -t and by timeout
measure() { # label, iperf3 client args...
    local label=$1; shift
    local json=$WORK/$CASE.$label.json
    if ! inns "$C6" timeout 60 iperf3 -6 -c "$TARGET6" -J "$@" >"$json" 2>&1; then
        log "$CASE $label: iperf3 failed: $(tail -3 "$json" | tr '\n' ' ')"
        printf '%s\t%s\tfail\t-\t-\t%s\n' "$CASE" "$label" "$(uptime_load)" | tee -a "$RESULTS"
        return 0
    fi
    # iperf3 may exit 0 with only an error in its JSON ("the server is busy"): a failed row, not the end of the run
    python3 - "$json" "$CASE" "$label" "$(uptime_load)" <<'EOF' | tee -a "$RESULTS" \
        || printf '%s\t%s\tfail\t-\t-\t%s\n' "$CASE" "$label" "$(uptime_load)" | tee -a "$RESULTS"
import json, sys
d = json.load(open(sys.argv[1]))
end = d["end"]
if d["start"]["test_start"]["protocol"] == "TCP":  # receiver-side goodput
    mbps = end["sum_received"]["bits_per_second"] / 1e6
    loss = "-"
    retr = str(end.get("sum_sent", {}).get("retransmits", "-"))
else:  # UDP: end.sum is the sender's rate with the receiver's loss count (iperf3 3.12)
    s = end["sum"]
    mbps = s["bits_per_second"] * (1 - s["lost_percent"] / 100.0) / 1e6
    loss = "%.2f%%" % s["lost_percent"]
    retr = "-"
print("%s\t%s\t%.0f\t%s\t%s\t%s" % (sys.argv[2], sys.argv[3], mbps, loss, retr, sys.argv[4]))
EOF
}
uptime_load() { cut -d' ' -f1 /proc/loadavg; }

run_suite() {
    log "$CASE: warm-up (uptime: $(uptime))"
    inns "$C6" timeout 30 iperf3 -6 -c "$TARGET6" -t 3 >/dev/null 2>&1 || true
    measure tcp-1 -t "$TCP_SECS"
    measure tcp-P2 -t "$TCP_SECS" -P 2
    if [ "$QUICK" != 1 ]; then measure tcp-1-R -t "$TCP_SECS" -R; fi
    measure udp -u -b "$UDP_RATE" -t "$UDP_SECS"
    if [ "$QUICK" != 1 ]; then measure udp-R -u -b "$UDP_RATE" -t "$UDP_SECS" -R; fi
}

for CASE in "${CASES[@]}"; do
    log "=== $CASE (uptime: $(uptime))"
    case $CASE in
        xlat-nat64) start_xlat nat64 1 ;;
        xlat-siit-q1) start_xlat siit 1 ;;
        xlat-siit-q2) start_xlat siit 2 ;;
        xlat-nat64-nooff) start_xlat nat64 1 false ;;
        xlat-siit-q1-nooff) start_xlat siit 1 false ;;
        xlat-siit-q2-nooff) start_xlat siit 2 false ;;
        tayga) start_tayga ;;
        *) die "unknown case $CASE" ;;
    esac
    route_up
    run_suite
    stop_translator
done

echo
echo "case	test	Mbit/s	loss	tcp-retransmits	load1"
cat "$RESULTS"
log "done; JSON and logs in $WORK"
