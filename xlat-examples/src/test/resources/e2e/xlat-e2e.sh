#!/usr/bin/env bash
# End-to-end 464XLAT test in network namespaces (DESIGN.md "End-to-end test topology").
#
#  [v4host] --IPv4--> [cpe: xlat clat on TUN, xlat dns64 as DNS proxy] --IPv6 (MTU 1280)--> [plat: xlat plat on TUN
#  192.0.0.2/29        192.0.0.1/29 | 2001:db8:2::2                      2001:db8:2::/64      + xlat dns64] --IPv4-->
#                                                    [v6host 2001:db8:2::100] --^             [server 198.51.100.10]
#
# Usage: xlat-e2e.sh JAR MODE(siit|nat64) WORKDIR
# Needs root, ip, python3, curl, dig, socat, ping, sha256sum. Only documentation addresses; no link to the host
# namespace and no default route out; every namespace is deleted on exit (trap), even when a check fails.
# Prints "CHECK <name>: PASS|FAIL ..." lines and exits 0 only when every check passed.
set -u
JAR=${1:?jar}
MODE=${2:-siit}
WORK=${3:-$(mktemp -d)}
JAVA=${JAVA:-java}
HERE=$(cd "$(dirname "$0")" && pwd)
S=$$
V4H=xe-v4h-$S; CPE=xe-cpe-$S; PLAT=xe-plat-$S; SRV=xe-srv-$S; V6H=xe-v6h-$S
NSS="$V4H $CPE $PLAT $SRV $V6H"
JOPTS="-Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto"
LOG_TAG=e2e
. "$HERE/../ns-lib.sh"

log "namespaces (suffix $S), mode $MODE"
for ns in $NSS; do ip netns add "$ns" || die "netns add $ns"; ip -n "$ns" link set lo up; done
for ns in $V4H $V6H; do mkdir -p "/etc/netns/$ns"; done
echo "nameserver 192.0.0.1" >"/etc/netns/$V4H/resolv.conf"
echo "nameserver 2001:db8:2::1" >"/etc/netns/$V6H/resolv.conf"
for ns in $CPE $PLAT; do
    inns "$ns" sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1 || die sysctl
done

# v4host <-> cpe (IPv4 LAN, RFC 7335 range)
ip link add v4h netns $V4H type veth peer name lan netns $CPE || die veth
ip -n $V4H addr add 192.0.0.2/29 dev v4h && ip -n $V4H link set v4h up
ip -n $CPE addr add 192.0.0.1/29 dev lan && ip -n $CPE link set lan up
ip -n $V4H route add default via 192.0.0.1
# the IPv6 network: a bridge in plat with cpe and v6host on it, MTU 1280 everywhere
ip -n $PLAT link add br6 mtu 1280 type bridge && ip -n $PLAT link set br6 up
ip link add wan netns $CPE mtu 1280 type veth peer name p-cpe netns $PLAT mtu 1280 || die veth
ip link add v6 netns $V6H mtu 1280 type veth peer name p-v6h netns $PLAT mtu 1280 || die veth
for l in p-cpe p-v6h; do ip -n $PLAT link set $l master br6 up; done
ip -n $PLAT addr add 2001:db8:2::1/64 dev br6 nodad
ip -n $CPE addr add 2001:db8:2::2/64 dev wan nodad && ip -n $CPE link set wan up
ip -n $V6H addr add 2001:db8:2::100/64 dev v6 nodad && ip -n $V6H link set v6 up
ip -n $CPE -6 route add default via 2001:db8:2::1
ip -n $V6H -6 route add default via 2001:db8:2::1
# plat <-> server (IPv4)
ip link add p-srv netns $PLAT type veth peer name srv netns $SRV || die veth
ip -n $PLAT addr add 198.51.100.1/24 dev p-srv && ip -n $PLAT link set p-srv up
ip -n $SRV addr add 198.51.100.10/24 dev srv && ip -n $SRV link set srv up
ip -n $SRV route add 192.0.2.0/24 via 198.51.100.1
# the CLAT's IPv6 range (a delegated /64, RFC 6877 6.3) is routed to the cpe
ip -n $PLAT -6 route add 2001:db8:464::/64 via 2001:db8:2::2

log "servers in $SRV"
mkdir -p "$WORK/www" && head -c 1048576 /dev/urandom >"$WORK/www/blob"
EXPECTED=$(sha256sum <"$WORK/www/blob" | cut -d' ' -f1)
start http $SRV python3 -m http.server 8080 --bind 198.51.100.10 --directory "$WORK/www"
start authdns $SRV python3 "$HERE/authdns.py" 198.51.100.10 53
start udpecho $SRV python3 "$HERE/udpecho.py" 198.51.100.10 7007
wait_for 10 inns $SRV curl -s -o /dev/null http://198.51.100.10:8080/ || die "http server"

log "DNS64 in $PLAT"
start dns64 $PLAT $JAVA $JOPTS -jar "$JAR" dns64 --listen '[2001:db8:2::1]:53' --upstream 198.51.100.10 \
    --prefix 64:ff9b::/96 --allow 2001:db8::/32 --timeout-ms 1000
wait_for 20 inns $V6H dig +time=1 +tries=1 +short AAAA server.example @2001:db8:2::1 || die "dns64"

log "CLAT in $CPE (prefix discovered with RFC 7050 through the DNS64)"
ip -n $CPE tuntap add dev clat0 mode tun || die tuntap
start clat $CPE $JAVA $JOPTS -jar "$JAR" clat --tun clat0 --clat-ipv4 192.0.0.1/29 --clat-ipv6 2001:db8:464::/64 \
    --dns 2001:db8:2::1 --allow-wkp-non-global --metrics 9464
wait_for 30 grep -q "running" "$WORK/clat.log" || die "clat did not start"
CLAT6=$(grep -o '<-> [0-9a-f:]*/125' "$WORK/clat.log" | head -1 | cut -d' ' -f2)
[ -n "$CLAT6" ] || die "no CLAT range in clat.log"
log "CLAT range $CLAT6"
ip -n $CPE link set clat0 up
# ICMPv4 errors the CLAT translates (e.g. Frag Needed from an IPv6 router) come out of clat0 with the CLAT's own
# address 192.0.0.1 as source (RFC 6791 pool default): the kernel must accept its local address as a source there.
inns $CPE sysctl -qw net.ipv4.conf.clat0.accept_local=1
ip -n $CPE route add default dev clat0
ip -n $CPE -6 route add 2001:db8:464::/64 dev clat0
start dnsproxy $CPE $JAVA $JOPTS -jar "$JAR" dns64 --listen 192.0.0.1:53 --upstream '[2001:db8:2::1]:53' \
    --allow 192.0.0.0/29 --timeout-ms 1000

# PTBs from IPv6 routers (the 1280 link) reach IPv4 senders as Frag Needed from the RFC 6791 address 203.0.113.1
log "PLAT in $PLAT"
# Both modes run two queues; in nat64 mode each queue's worker owns one shard and hands the other's packets over.
ip -n $PLAT tuntap add dev plat0 mode tun multi_queue || die tuntap
if [ "$MODE" = nat64 ]; then
    start plat $PLAT $JAVA $JOPTS -jar "$JAR" plat --mode nat64 --tun plat0 --queues 2 --pool6 64:ff9b::/96 \
        --pool4 192.0.2.0/28 --allow-wkp-non-global --rfc6791v4 203.0.113.1/32 --udp-timeout 4s --icmp-timeout 4s --tcp-trans-timeout 4s \
        --static-bib udp:192.0.2.1#7008=2001:db8:2::100#7008 --metrics 9464
    BACK4=192.0.2.1
else
    start plat $PLAT $JAVA $JOPTS -jar "$JAR" plat --mode siit --tun plat0 --queues 2 --pool6 64:ff9b::/96 \
        --eamt "$CLAT6=192.0.2.0/29" --eamt 2001:db8:2::100/128=192.0.2.8/32 --allow-wkp-non-global --rfc6791v4 203.0.113.1/32 --metrics 9464
    BACK4=192.0.2.8
fi
wait_for 30 grep -q "running" "$WORK/plat.log" || die "plat did not start"
ip -n $PLAT link set plat0 up
ip -n $PLAT -6 route add 64:ff9b::/96 dev plat0
ip -n $PLAT route add 192.0.2.0/24 dev plat0
wait_for 20 inns $V4H dig +time=1 +tries=1 +short A server.example @192.0.0.1 || die "dns proxy on cpe"
log "setup done"
if [ -n "${E2E_HOLD:-}" ]; then log "holding $E2E_HOLD s"; sleep "$E2E_HOLD"; fi

sha_of() { "$@" | sha256sum | cut -d' ' -f1; }
same_sha() { local got; got=$(sha_of "$@"); [ "$got" = "$EXPECTED" ] || { echo "sha256 $got != $EXPECTED"; return 1; }; }

# 1. IPv4-only host through CLAT -> PLAT, by literal
check "v4host ping 198.51.100.10 (literal, CLAT+PLAT)" inns $V4H ping -c 3 -i 0.2 -W 2 198.51.100.10
# 1b. PMTU (first, before any large packet has taught v4host the path MTU): a DF packet too big for the 1280 IPv6 link comes back as Frag Needed, mtu = 1280 - 20, and is learned
pmtu() {
    local out
    out=$(ip netns exec $V4H ping -M do -s 1400 -c 3 -i 0.3 -W 2 198.51.100.10 2>&1)
    echo "$out"
    echo "$out" | grep -q 'Frag needed and DF set (mtu = 1260)' || return 1
    ip netns exec $V4H ip route get 198.51.100.10 | tee /dev/stderr | grep -q 'mtu 1260'
}
check "v4host DF 1428-byte ping -> Frag needed mtu=1260, route cache learns mtu 1260" pmtu
check "v4host ping with a 1232-byte payload fits after PMTU" inns $V4H ping -M do -s 1232 -c 2 -i 0.2 -W 2 198.51.100.10
check "v4host HTTP 1 MiB by literal, sha256 equal" \
    same_sha inns $V4H curl -4 -sS --fail --max-time 20 http://198.51.100.10:8080/blob
# 2. by name: the CPE's DNS proxy (RFC 6877 6.3) forwards over IPv6 to the DNS64, A records come back unchanged
check "v4host resolves server.example to 198.51.100.10 via CPE DNS proxy" \
    sh -c "ip netns exec $V4H dig +time=2 +tries=2 +short A server.example @192.0.0.1 | grep -qx 198.51.100.10"
check "v4host HTTP by name (getaddrinfo, resolv.conf -> 192.0.0.1), sha256 equal" \
    same_sha inns $V4H curl -4 -sS --fail --max-time 20 http://server.example:8080/blob
# 3. IPv6-only host through DNS64 + PLAT
check "v6host dig AAAA server.example = 64:ff9b::c633:640a (DNS64)" \
    sh -c "ip netns exec $V6H dig +time=2 +tries=2 +short AAAA server.example @2001:db8:2::1 | grep -qx 64:ff9b::c633:640a"
check "v6host ping 64:ff9b::198.51.100.10" inns $V6H ping -6 -c 3 -i 0.2 -W 2 64:ff9b::198.51.100.10
check "v6host HTTP by name (curl -6), sha256 equal" \
    same_sha inns $V6H curl -6 -sS --fail --max-time 20 http://server.example:8080/blob
# 4. UDP both ways
check "v4host UDP echo via CLAT+PLAT" \
    sh -c "echo hello-v4 | ip netns exec $V4H timeout 5 socat -T 3 - UDP4:198.51.100.10:7007 | grep -qx hello-v4"
check "v6host UDP echo via PLAT" \
    sh -c "echo hello-v6 | ip netns exec $V6H timeout 5 socat -T 3 - 'UDP6:[64:ff9b::c633:640a]:7007' | grep -qx hello-v6"
udp_inbound() {
    ip netns exec $V6H timeout 6 socat -u UDP6-RECV:7008 - >"$WORK/inbound.txt" &
    local rx=$!
    sleep 0.5
    for _ in 1 2 3; do echo from-server | ip netns exec $SRV socat -u - "UDP4-SENDTO:$BACK4:7008,sourceport=7009"; sleep 0.3; done
    wait $rx
    grep -q from-server "$WORK/inbound.txt"
}
check "server-initiated UDP to v6host ($BACK4:7008 -> 2001:db8:2::100)" udp_inbound
# 6. metrics
metric() { ip netns exec "$1" curl -s --max-time 5 http://127.0.0.1:9464/metrics; }
positive() { metric "$1" | grep "$2" | grep -Eq ' [1-9][0-9]*$'; }
check "plat metrics: translated_6to4 > 0" positive $PLAT 'event="translated_6to4"'
check "plat metrics: translated_4to6 > 0" positive $PLAT 'event="translated_4to6"'
check "clat metrics: translated_4to6 > 0" positive $CPE 'event="translated_4to6"'
check "clat metrics: translated_6to4 > 0" positive $CPE 'event="translated_6to4"'
if [ "$MODE" = nat64 ]; then
    sessions_zero() { metric $PLAT | grep '^xlat_nat64_sessions{' | awk '{s += $2} END {exit !(NR > 0 && s == 0)}'; }
    check "nat64 sessions were created" positive $PLAT 'event="sessions_created"'
    handoff_metrics() { metric $PLAT | grep -q '^xlat_nat64_handoff_total{.*shard="1"'; }
    check "nat64 shard hand-off metrics exported (2 queues)" handoff_metrics
    check "nat64 sessions expire (gauge back to 0 within 30 s)" wait_for 30 sessions_zero
fi
# 7. clean shutdown on SIGTERM
stop_clean() {
    local pid=$1 logf=$2
    kill -TERM "$pid" || return 1
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    ! kill -0 "$pid" 2>/dev/null && grep -q "stopped" "$logf"
}
check "plat stops cleanly on SIGTERM" stop_clean "$PID_plat" "$WORK/plat.log"
check "clat stops cleanly on SIGTERM" stop_clean "$PID_clat" "$WORK/clat.log"

if [ "$FAILED" != 0 ]; then
    for f in clat plat dns64 dnsproxy; do echo "--- $f.log"; tail -20 "$WORK/$f.log"; done
fi
exit $FAILED
