# Shared by the namespace test scripts (e2e/xlat-e2e.sh, e2e/xlat-offload-e2e.sh, reload/xlat-reload.sh): checks,
# background processes and clean-up. Source it after setting NSS (the namespaces this run creates), WORK (its
# directory) and LOG_TAG; it installs the EXIT trap that kills every process started with `start` (by PID) and
# deletes exactly those namespaces (and their /etc/netns files), also when a check fails or the run is interrupted.
PIDS=""
FAILED=0
mkdir -p "$WORK"

log() { echo "[$LOG_TAG $(date +%T)] $*"; }
check() { # name, then a command; PASS when it exits 0
    local name=$1; shift
    local out
    if out=$("$@" 2>&1); then
        echo "CHECK $name: PASS"
    else
        echo "CHECK $name: FAIL"; echo "$out" | tail -20 | sed 's/^/    /'; FAILED=1
    fi
}
inns() { local ns=$1; shift; ip netns exec "$ns" "$@"; }
cleanup() {
    set +e
    for p in $PIDS; do kill "$p" 2>/dev/null; done
    sleep 0.3
    for p in $PIDS; do kill -9 "$p" 2>/dev/null; done
    for ns in $NSS; do ip netns del "$ns" 2>/dev/null; rm -rf "/etc/netns/$ns"; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM
start() { # name ns command...: background process, pid in PID_name, output appended to WORK/name.log
    local name=$1 ns=$2; shift 2
    ip netns exec "$ns" "$@" >>"$WORK/$name.log" 2>&1 &
    PIDS="$PIDS $!"
    eval "PID_$name=$!"
}
stop() { local pid; eval "pid=\$PID_$1"; kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; }
wait_for() { # seconds, command: poll every 0.2 s
    local deadline=$((SECONDS + $1)); shift
    until "$@" >/dev/null 2>&1; do
        if ((SECONDS >= deadline)); then return 1; fi
        sleep 0.2
    done
}
die() { echo "SETUP FAILED: $*"; for f in "$WORK"/*.log; do echo "--- $f"; tail -15 "$f"; done; exit 2; }
