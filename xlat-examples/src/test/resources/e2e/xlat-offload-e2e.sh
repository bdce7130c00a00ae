#!/usr/bin/env bash
# TUN offloads end to end (issue 5): xlat clat and xlat plat run with their default offloads (IFF_VNET_HDR +
# TUNSETOFFLOAD), multi-MiB TCP transfers cross both translators in both directions, sha256 verified, and the
# metrics endpoints must show GSO super-packets translated once (xlat_io_total{event="offloaded_superpackets"}).
#
#  [v4host] --IPv4--> [cpe: xlat clat on clat0] --IPv6 (MTU 1500)--> [plat: xlat plat on plat0] --IPv4--> [server]
#  192.0.0.2/29        192.0.0.1/29 | 2001:db8:2::2       2001:db8:2::/64    2001:db8:2::1 | 198.51.100.1   .10
#
# The senders' TCP stacks hand 64 KiB super-packets to a veth, which carries them unsegmented into the next
# namespace, where the kernel forwards them into the TUN device as they are (the device announces TSO). All MTUs are
# 1500, so the first full-size segments (1500 bytes of IPv4, 1520 once translated) draw Fragmentation Needed and
# the senders learn 1480 (RFC 7915 4.1): the offload path must give those verdicts per segment too.
#
# Usage: xlat-offload-e2e.sh JAR MODE(nat64|siit) WORKDIR
# Needs root, ip, socat, ping, sha256sum, curl, timeout. Only documentation addresses; no link to the host
# namespace; every namespace is deleted on exit (trap). Prints "CHECK <name>: PASS|FAIL" and exits 0 only when every
# check passed.
set -u
JAR=${1:?jar}
MODE=${2:-nat64}
WORK=${3:-$(mktemp -d)}
JAVA=${JAVA:-java}
HERE=$(cd "$(dirname "$0")" && pwd)
MIB=${MIB:-8}
S=$$
V4H=xo-v4h-$S; CPE=xo-cpe-$S; PLAT=xo-plat-$S; SRV=xo-srv-$S
NSS="$V4H $CPE $PLAT $SRV"
JOPTS="-Xmx128m -XX:+UseSerialGC -Xshare:auto"
LOG_TAG=offload-e2e
. "$HERE/../ns-lib.sh"

log "namespaces (suffix $S), mode $MODE"
for ns in $NSS; do ip netns add "$ns" || die "netns add $ns"; ip -n "$ns" link set lo up; done
for ns in $CPE $PLAT; do
    inns "$ns" sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1 || die sysctl
done
ip link add v4h netns $V4H type veth peer name lan netns $CPE || die veth
ip -n $V4H addr add 192.0.0.2/29 dev v4h && ip -n $V4H link set v4h up
ip -n $CPE addr add 192.0.0.1/29 dev lan && ip -n $CPE link set lan up
ip -n $V4H route add default via 192.0.0.1
ip link add wan netns $CPE type veth peer name p-cpe netns $PLAT || die veth
ip -n $CPE addr add 2001:db8:2::2/64 dev wan nodad && ip -n $CPE link set wan up
ip -n $PLAT addr add 2001:db8:2::1/64 dev p-cpe nodad && ip -n $PLAT link set p-cpe up
ip -n $CPE -6 route add default via 2001:db8:2::1
ip link add p-srv netns $PLAT type veth peer name srv netns $SRV || die veth
ip -n $PLAT addr add 198.51.100.1/24 dev p-srv && ip -n $PLAT link set p-srv up
ip -n $SRV addr add 198.51.100.10/24 dev srv && ip -n $SRV link set srv up
ip -n $SRV route add 192.0.2.0/24 via 198.51.100.1
ip -n $PLAT -6 route add 2001:db8:464::/64 via 2001:db8:2::2

log "CLAT in $CPE"
ip -n $CPE tuntap add dev clat0 mode tun || die tuntap
start clat $CPE $JAVA $JOPTS -jar "$JAR" clat --tun clat0 --clat-ipv4 192.0.0.1/29 --clat-ipv6 2001:db8:464::/64 \
    --plat-prefix 64:ff9b::/96 --allow-wkp-non-global --metrics 9464
wait_for 30 grep -q "running" "$WORK/clat.log" || die "clat did not start"
CLAT6=$(grep -o '<-> [0-9a-f:]*/125' "$WORK/clat.log" | head -1 | cut -d' ' -f2)
[ -n "$CLAT6" ] || die "no CLAT range in clat.log"
ip -n $CPE link set clat0 up
inns $CPE sysctl -qw net.ipv4.conf.clat0.accept_local=1
ip -n $CPE route add default dev clat0
ip -n $CPE -6 route add 2001:db8:464::/64 dev clat0

log "PLAT in $PLAT"
ip -n $PLAT tuntap add dev plat0 mode tun || die tuntap
if [ "$MODE" = nat64 ]; then
    start plat $PLAT $JAVA $JOPTS -jar "$JAR" plat --mode nat64 --tun plat0 --pool6 64:ff9b::/96 \
        --pool4 192.0.2.0/28 --allow-wkp-non-global --rfc6791v4 203.0.113.1/32 --metrics 9464
else
    start plat $PLAT $JAVA $JOPTS -jar "$JAR" plat --mode siit --tun plat0 --pool6 64:ff9b::/96 \
        --eamt "$CLAT6=192.0.2.0/29" --allow-wkp-non-global --rfc6791v4 203.0.113.1/32 --metrics 9464
fi
wait_for 30 grep -q "running" "$WORK/plat.log" || die "plat did not start"
ip -n $PLAT link set plat0 up
ip -n $PLAT -6 route add 64:ff9b::/96 dev plat0
ip -n $PLAT route add 192.0.2.0/24 dev plat0
wait_for 20 inns $V4H ping -c 1 -W 1 198.51.100.10 || die "no ping through CLAT and PLAT"
log "setup done"

head -c $((MIB * 1048576)) /dev/urandom >"$WORK/blob"
EXPECTED=$(sha256sum <"$WORK/blob" | cut -d' ' -f1)

download() { # the server sends, v4host receives: super-packets 4->6 at the PLAT, 6->4 at the CLAT
    ip netns exec $SRV timeout 60 socat -u "FILE:$WORK/blob" TCP4-LISTEN:9001,reuseaddr &
    local tx=$!
    sleep 0.5
    local got
    got=$(ip netns exec $V4H timeout 60 socat -u TCP4:198.51.100.10:9001 - | sha256sum | cut -d' ' -f1)
    wait $tx
    [ "$got" = "$EXPECTED" ] || { echo "sha256 $got != $EXPECTED"; return 1; }
}
upload() { # v4host sends, the server receives: super-packets 4->6 at the CLAT, 6->4 at the PLAT
    rm -f "$WORK/received"
    ip netns exec $SRV timeout 60 socat -u TCP4-LISTEN:9002,reuseaddr "CREATE:$WORK/received" &
    local rx=$!
    sleep 0.5
    ip netns exec $V4H timeout 60 socat -u "FILE:$WORK/blob" TCP4:198.51.100.10:9002 || return 1
    wait $rx
    local got
    got=$(sha256sum <"$WORK/received" | cut -d' ' -f1)
    [ "$got" = "$EXPECTED" ] || { echo "sha256 $got != $EXPECTED"; return 1; }
}
metric() { ip netns exec "$1" curl -s --max-time 5 http://127.0.0.1:9464/metrics; }
event_sum() { # ns event -> the sum over queues
    metric "$1" | grep "^xlat_io_total{" | grep "event=\"$2\"" | awk '{s += $2} END {print s + 0}'
}
moved() { # ns event label: the counter is above zero
    local n
    n=$(event_sum "$1" "$2")
    echo "$3 $2 = $n"
    [ "$n" -gt 0 ]
}

check "plat and clat opened their TUN with offloads" \
    sh -c "grep -q 'with offloads' '$WORK/plat.log' && grep -q 'with offloads' '$WORK/clat.log'"
check "download ${MIB} MiB server -> v4host through PLAT and CLAT, sha256 equal" download
check "upload ${MIB} MiB v4host -> server through CLAT and PLAT, sha256 equal" upload
check "plat translated GSO super-packets once (offloaded_superpackets > 0)" \
    moved $PLAT offloaded_superpackets plat
check "clat translated GSO super-packets once (offloaded_superpackets > 0)" \
    moved $CPE offloaded_superpackets clat
log "plat: offloaded $(event_sum $PLAT offloaded_superpackets), segmented $(event_sum $PLAT segmented_superpackets)," \
    "received $(event_sum $PLAT received), sent $(event_sum $PLAT sent), dropped $(event_sum $PLAT offload_dropped)"
log "clat: offloaded $(event_sum $CPE offloaded_superpackets), segmented $(event_sum $CPE segmented_superpackets)," \
    "received $(event_sum $CPE received), sent $(event_sum $CPE sent), dropped $(event_sum $CPE offload_dropped)"
none_dropped() { [ "$(event_sum $PLAT offload_dropped)" = 0 ] && [ "$(event_sum $CPE offload_dropped)" = 0 ]; }
check "no packet with a virtio-net header was dropped as unusable" none_dropped

if [ "$FAILED" != 0 ]; then
    for f in clat plat; do echo "--- $f.log"; tail -20 "$WORK/$f.log"; done
fi
exit $FAILED
