#!/usr/bin/env bash
# The CLAT following the network, and SIGHUP reload, with real peers in network namespaces.
#
# Usage: xlat-reload.sh JAR SCENARIO(ra|rfc7050|sighup|nat64|dns64) WORKDIR
#   ra       [router: ra-sender.py] --veth-- [cpe: xlat clat --ra-interface wan]: prefix learned from a real RA,
#            changed by the router, withdrawn with lifetime 0; each checked in the metrics and by a translated packet
#            seen with tcpdump on the TUN device.
#   rfc7050  [cpe: unbound on 127.0.0.1 (ipv4only.arpa with TTL 2 s) + xlat clat --dns]: the answer changes, the
#            CLAT switches within TTL + slack; the resolver stops, the CLAT keeps the prefix; SIGHUP with a changed
#            --mtu6 in the config file is applied, a broken file is refused.
#   sighup   [plat: xlat plat --mode siit --config FILE]: pool6 changed in the file + SIGHUP to the exact PID: the next
#            packet is translated under the new pool6; a broken file is refused, the daemon stays up with the old.
#   nat64    [plat: xlat plat --mode nat64 --config FILE]: a UDP session, then --udp-timeout changed + SIGHUP is
#            applied to the live state; a pool4 change is logged as needing a restart.
#   dns64    [cpe: unbound (an A-only name) + xlat dns64 --config FILE]: prefix changed + SIGHUP: the next AAAA is
#            synthesized under it, counters continue; a broken file is refused.
# Needs root, ip, python3, tcpdump, curl, ping, unbound and dig (rfc7050). Only documentation addresses (2001:db8::/32, fe80::,
# 192.0.0.0/29, 192.0.2.0/24, 198.51.100.0/24); namespaces deleted by a trap. Prints "CHECK <name>: PASS|FAIL".
set -u
JAR=${1:?jar}
SCENARIO=${2:?scenario}
WORK=${3:-$(mktemp -d)}
JAVA=${JAVA:-java}
HERE=$(cd "$(dirname "$0")" && pwd)
S=$$
R=xr-rtr-$S; C=xr-cpe-$S; P=xr-plat-$S
NSS="$R $C $P"
JOPTS="-Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto"
LOG_TAG=reload
. "$HERE/../ns-lib.sh"
metrics() { ip netns exec "$1" curl -s --max-time 2 "http://127.0.0.1:$2/metrics"; }
has_metric() { metrics "$1" "$2" | grep -qF "$3"; }
# capture NS DEV NET SRC4: pings 198.51.100.7 from SRC4 and prints the first translated IPv6 packet to NET on DEV
capture() {
    local ns=$1 dev=$2 net=$3 src=$4 cap="$WORK/cap-$RANDOM.txt"
    ip netns exec "$ns" timeout 8 tcpdump -i "$dev" -n -l -c 1 "ip6 and dst net $net" >"$cap" 2>/dev/null &
    local tpid=$!
    sleep 1.5
    for _ in 1 2 3 4 5; do ip netns exec "$ns" ping -c 1 -W 1 -I "$src" 198.51.100.7 >/dev/null 2>&1; done
    wait "$tpid"
    cat "$cap"
}
# packet_to NS DEV NET SRC4: the ping to 198.51.100.7 came out translated to NET::198.51.100.7 (RFC 6052 /96)
packet_to() {
    local out; out=$(capture "$@")
    echo "$out" | grep -q "> ${3%%::*}::c633:6407" || { echo "no packet to $3: $out"; return 1; }
}
# no_packet_to NS DEV NET SRC4: nothing translated into NET at all
no_packet_to() {
    local out; out=$(capture "$@")
    ! echo "$out" | grep -q "IP6" || { echo "translated although it should not: $out"; return 1; }
}
alive() { kill -0 "$1"; }
logged() { grep -qF -e "$2" "$WORK/$1.log"; }

for ns in $NSS; do ip netns add "$ns" || die "netns add $ns"; ip -n "$ns" link set lo up; done
for ns in $NSS; do ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0; done

clat_setup() { # the CLAT's TUN and a LAN address for the pings (the CLAT's host range, RFC 7335)
    ip -n $C tuntap add dev clat0 mode tun || die tuntap
    ip -n $C addr add 192.0.0.2/32 dev lo
}
clat_up() {
    wait_for 30 logged clat "running" || die "clat did not start"
    ip -n $C link set clat0 up
    ip -n $C route add default dev clat0
    ip -n $C -6 route add 2001:db8:464::/64 dev clat0
}

case "$SCENARIO" in
ra)
    ip link add r-wan netns $R type veth peer name wan netns $C || die veth
    ip -n $R link set r-wan up && ip -n $C link set wan up
    ip -n $R addr add 2001:db8:1::1/64 dev r-wan nodad && ip -n $C addr add 2001:db8:1::2/64 dev wan nodad
    wait_for 10 sh -c "ip -n $R -6 addr show dev r-wan scope link | grep -q fe80" || die "no link-local on r-wan"
    clat_setup
    start ra $R python3 "$HERE/ra-sender.py" r-wan 2001:db8:64::/96 1800 0 1
    start clat $C $JAVA $JOPTS -jar "$JAR" clat --tun clat0 --clat-ipv4 192.0.0.1/29 --clat-ipv6 2001:db8:464::/64 \
        --ra-interface wan --metrics 9464
    clat_up
    check "ra: prefix learned from the RA" wait_for 15 has_metric $C 9464 \
        'xlat_clat_plat_prefix_info{prefix="2001:db8:64::/96",source="ra"} 1'
    check "ra: IPv4 translated to the advertised prefix" packet_to $C clat0 2001:db8:64::/96 192.0.0.2
    stop ra
    start ra $R python3 "$HERE/ra-sender.py" r-wan 2001:db8:65::/96 1800 0 1
    check "ra: router changed its prefix, the CLAT followed" wait_for 15 has_metric $C 9464 \
        'xlat_clat_plat_prefix_info{prefix="2001:db8:65::/96",source="ra"} 1'
    check "ra: IPv4 translated to the new prefix" packet_to $C clat0 2001:db8:65::/96 192.0.0.2
    check "ra: change logged once" test "$(grep -c 'PLAT prefix 2001:db8:64::/96 -> 2001:db8:65::/96' "$WORK/clat.log")" = 1
    stop ra
    # the router withdraws both prefixes it advertised (RFC 8781 5: lifetime 0, no longer to be used)
    start ra $R python3 "$HERE/ra-sender.py" r-wan 2001:db8:65::/96,2001:db8:64::/96 0 3 0.5
    check "ra: lifetime 0 withdraws the prefix" wait_for 15 has_metric $C 9464 \
        'xlat_clat_plat_prefix_info{prefix="none",source="none"} 1'
    check "ra: nothing translated after the withdrawal" no_packet_to $C clat0 2001:db8::/32 192.0.0.2
    check "ra: the withdrawal was logged" logged clat "PLAT prefix 2001:db8:65::/96 -> none"
    check "ra: clat still running" alive $PID_clat
    ;;
rfc7050)
    clat_setup
    unbound_conf() { # TTL 2 s, the prefix's first 48 bits in $1
        cat >"$WORK/unbound.conf" <<CONF
server:
  interface: 127.0.0.1
  port: 5353
  do-ip6: no
  username: ""
  chroot: ""
  directory: "$WORK"
  pidfile: "$WORK/unbound.pid"
  use-syslog: no
  do-daemonize: no
  access-control: 127.0.0.0/8 allow
  num-threads: 1
  local-zone: "ipv4only.arpa." static
  local-data: "ipv4only.arpa. 2 IN AAAA $1::c000:aa"
  local-data: "ipv4only.arpa. 2 IN AAAA $1::c000:ab"
CONF
    }
    unbound_conf 2001:db8:64
    start unbound $C /usr/sbin/unbound -d -c "$WORK/unbound.conf"
    wait_for 10 ip netns exec $C dig +time=1 +tries=1 +short -p 5353 AAAA ipv4only.arpa @127.0.0.1 || die unbound
    printf 'mtu6 = 1500\n' >"$WORK/clat.conf"
    start clat $C $JAVA $JOPTS -jar "$JAR" clat --config "$WORK/clat.conf" --tun clat0 --clat-ipv4 192.0.0.1/29 \
        --clat-ipv6 2001:db8:464::/64 --dns 127.0.0.1:5353 --dns-min-refresh 2s --metrics 9464
    clat_up
    check "rfc7050: prefix discovered at start" has_metric $C 9464 \
        'xlat_clat_plat_prefix_info{prefix="2001:db8:64::/96",source="dns"} 1'
    check "rfc7050: IPv4 translated to the discovered prefix" packet_to $C clat0 2001:db8:64::/96 192.0.0.2
    stop unbound
    unbound_conf 2001:db8:66
    start unbound $C /usr/sbin/unbound -d -c "$WORK/unbound.conf"
    # TTL 2 s (bounded by --dns-min-refresh 2s): the switch is due within 2 s of the answer, plus query time; 10 s slack
    check "rfc7050: answer changed, CLAT switched within TTL + slack" wait_for 12 has_metric $C 9464 \
        'xlat_clat_plat_prefix_info{prefix="2001:db8:66::/96",source="dns"} 1'
    check "rfc7050: IPv4 translated to the rediscovered prefix" packet_to $C clat0 2001:db8:66::/96 192.0.0.2
    stop unbound
    check "rfc7050: resolver gone, failures counted" wait_for 20 sh -c \
        "ip netns exec $C curl -s http://127.0.0.1:9464/metrics | grep -q '^xlat_clat_rfc7050_failures_total [1-9]'"
    check "rfc7050: last known prefix kept" packet_to $C clat0 2001:db8:66::/96 192.0.0.2
    printf 'mtu6 = 1400\n' >"$WORK/clat.conf"
    kill -HUP "$PID_clat"
    check "rfc7050: SIGHUP applies --mtu6" wait_for 10 logged clat "reload: applied [--mtu6 (1500 -> 1400)]"
    printf 'mtu6 = 99\n' >"$WORK/clat.conf"
    kill -HUP "$PID_clat"
    check "rfc7050: SIGHUP with a bad --mtu6 is refused, naming it" wait_for 10 logged clat "--mtu6 99"
    check "rfc7050: ... and the reload was rejected" logged clat "reload rejected, old settings kept"
    check "rfc7050: clat still running and translating" packet_to $C clat0 2001:db8:66::/96 192.0.0.2
    ;;
sighup)
    ip -n $P tuntap add dev plat0 mode tun || die tuntap
    ip -n $P addr add 192.0.2.1/32 dev lo
    printf '# plat under test\nmode = siit\ntun = plat0\npool6 = 2001:db8:64::/96\n' >"$WORK/plat.conf"
    start plat $P $JAVA $JOPTS -jar "$JAR" plat --config "$WORK/plat.conf" --metrics 9465
    wait_for 30 logged plat "running" || die "plat did not start"
    ip -n $P link set plat0 up
    ip -n $P route add 198.51.100.0/24 dev plat0
    check "sighup: translated under the first pool6" packet_to $P plat0 2001:db8:64::/96 192.0.2.1
    before=$(metrics $P 9465 | grep 'xlat_packets_total{daemon="plat",queue="0",event="translated_4to6"}' | awk '{print $2}')
    printf '# plat under test\nmode = siit\ntun = plat0\npool6 = 2001:db8:65::/96\n' >"$WORK/plat.conf"
    kill -HUP "$PID_plat"
    check "sighup: reload logged with the change" wait_for 10 logged plat \
        "reload: applied [--pool6 (2001:db8:64::/96 -> 2001:db8:65::/96)]"
    check "sighup: translated under the new pool6" packet_to $P plat0 2001:db8:65::/96 192.0.2.1
    after=$(metrics $P 9465 | grep 'xlat_packets_total{daemon="plat",queue="0",event="translated_4to6"}' | awk '{print $2}')
    check "sighup: counters continued across the swap ($before -> $after)" test "${after:-0}" -gt "${before:-0}"
    printf 'mode = siit\ntun = plat0\npool6 = 2001:db8:66::/95\n' >"$WORK/plat.conf"
    kill -HUP "$PID_plat"
    check "sighup: broken file refused, naming the bad value" wait_for 10 logged plat "2001:db8:66::/95"
    check "sighup: daemon alive" alive "$PID_plat"
    check "sighup: still translating under the last good pool6" packet_to $P plat0 2001:db8:65::/96 192.0.2.1
    printf 'mode = siit\ntun = plat0\npool6 = 2001:db8:65::/96\nqueues = 2\n' >"$WORK/plat.conf"
    kill -HUP "$PID_plat"
    check "sighup: queue change needs a restart" wait_for 10 logged plat "restart needed for [--queues (null -> 2)]"
    ;;
nat64)
    ip -n $P tuntap add dev plat0 mode tun || die tuntap
    ip -n $P addr add 2001:db8:1::1/128 dev lo
    printf 'mode = nat64\ntun = plat0\npool6 = 2001:db8:64::/96\npool4 = 192.0.2.0/30\nudp-timeout = 10m\n' \
        >"$WORK/plat.conf"
    start plat $P $JAVA $JOPTS -jar "$JAR" plat --config "$WORK/plat.conf" --metrics 9465
    wait_for 30 logged plat "running" || die "plat did not start"
    ip -n $P link set plat0 up
    ip -n $P -6 route add 2001:db8:64::/96 dev plat0
    sessions() { metrics $P 9465 | grep '^xlat_nat64_sessions{' | awk '{s += $2} END {print s + 0}'; }
    # One UDP datagram from the IPv6 side creates a session (its IPv4 translation goes nowhere: no route out).
    ip netns exec $P bash -c 'echo probe > /dev/udp/2001:db8:64::c633:6407/5353' 2>/dev/null
    check "nat64: a UDP session exists" wait_for 10 test "$(sessions)" -ge 1
    sleep 2
    check "nat64: kept under the 10 min UDP timeout" test "$(sessions)" -ge 1
    printf 'mode = nat64\ntun = plat0\npool6 = 2001:db8:64::/96\npool4 = 192.0.2.0/30\nudp-timeout = 2m\n' \
        >"$WORK/plat.conf"
    kill -HUP "$PID_plat"
    check "nat64: timeout change applied on SIGHUP" wait_for 10 logged plat "reload: applied [--udp-timeout (10m -> 2m)]"
    printf 'mode = nat64\ntun = plat0\npool6 = 2001:db8:64::/96\npool4 = 192.0.2.0/29\nudp-timeout = 2m\n' \
        >"$WORK/plat.conf"
    kill -HUP "$PID_plat"
    check "nat64: a pool4 change needs a restart" wait_for 10 logged plat "restart needed for [--pool4"
    check "nat64: daemon alive, session still live (2 min not over)" test "$(sessions)" -ge 1
    ;;
dns64)
    cat >"$WORK/unbound.conf" <<CONF
server:
  interface: 127.0.0.1
  port: 5353
  do-ip6: no
  username: ""
  chroot: ""
  directory: "$WORK"
  pidfile: "$WORK/unbound.pid"
  use-syslog: no
  do-daemonize: no
  access-control: 127.0.0.0/8 allow
  num-threads: 1
  local-zone: "v4only.example." static
  local-data: "v4only.example. 60 IN A 192.0.2.33"
CONF
    start unbound $C /usr/sbin/unbound -d -c "$WORK/unbound.conf"
    wait_for 10 ip netns exec $C dig +time=1 +tries=1 +short -p 5353 A v4only.example @127.0.0.1 || die unbound
    dns64_conf() { printf 'listen = 127.0.0.1:5300\nupstream = 127.0.0.1:5353\nallow = 127.0.0.0/8\nprefix = %s\n' "$1" >"$WORK/dns64.conf"; }
    aaaa() { ip netns exec $C dig +time=1 +tries=2 +short -p 5300 AAAA v4only.example @127.0.0.1; }
    answers() { test "$(aaaa)" = "$1"; }
    dns64_conf 2001:db8:64::/96
    start dns64 $C $JAVA $JOPTS -jar "$JAR" dns64 --config "$WORK/dns64.conf" --metrics 127.0.0.1:9153
    wait_for 30 logged dns64 "listening on" || die "dns64 did not start"
    # RFC 6052 2.2: 192.0.2.33 in the last 32 bits of the /96
    check "dns64: synthesized under the first prefix" wait_for 10 answers 2001:db8:64::c000:221
    q1=$(metrics $C 9153 | awk '/^xlat_dns64_queries_total /{print $2}')
    dns64_conf 2001:db8:65::/96
    kill -HUP "$PID_dns64"
    check "dns64: reload logged with the change" wait_for 10 logged dns64 \
        "reload: applied [--prefix ([2001:db8:64::/96] -> [2001:db8:65::/96])]"
    check "dns64: synthesized under the new prefix" wait_for 10 answers 2001:db8:65::c000:221
    q2=$(metrics $C 9153 | awk '/^xlat_dns64_queries_total /{print $2}')
    check "dns64: queries counter continued across the rebuild ($q1 -> $q2)" test "${q2:-0}" -gt "${q1:-0}"
    dns64_conf 2001:db8:66::/95
    kill -HUP "$PID_dns64"
    check "dns64: broken file refused, naming the bad value" wait_for 10 logged dns64 "--prefix 2001:db8:66::/95"
    check "dns64: still answering under the last good prefix" answers 2001:db8:65::c000:221
    check "dns64: daemon alive" alive "$PID_dns64"
    ;;
*)
    die "unknown scenario $SCENARIO"
    ;;
esac
# Each log's first warnings and errors (a stack trace's cause comes before its frames), then its end.
for f in "$WORK"/*.log; do echo "--- $f"; grep -m 8 -E "WARN|ERROR|Exception|Error:" "$f"; echo "  [...]"; tail -12 "$f"; done
exit $FAILED
