package io.xlat.core.nat64;

import io.xlat.core.addr.Ipv4Addresses;
import io.xlat.core.addr.Ipv6Addresses;
import io.xlat.core.stats.DropReason;

/**
 * The state of one stateful NAT64 shard (RFC 6146 3.5): BIB, sessions, per-subscriber counts and pool4 allocation,
 * single-threaded, fixed capacity, allocation-free on every lookup, creation, refresh and expiry.
 * <p>
 * The translator calls {@link #outbound} for each IPv6 packet and {@link #inbound} for each IPv4 packet, after
 * parsing; both return a session index ({@code >= 0}) whose fields it reads with the accessors ({@link
 * #sessionBib(int)}, {@link #bibV4Address(int)}, ...), or {@code -}{@link DropReason} ({@code NO_BIB_ENTRY},
 * {@code POOL4_EXHAUSTED}, {@code SESSION_LIMIT}, {@code TABLE_FULL}, {@code FILTERED}, {@code BAD_TCP_STATE}).
 * A refusal never modifies existing entries. {@link #outcome()} says what a successful call did:
 * {@link #FOUND}, {@link #CREATED}, {@link #HELD} (an unsolicited IPv4 SYN to keep, not translate) or
 * {@link #RELEASED} (the IPv6 SYN of a simultaneous open arrived for a held SYN).
 * <p>
 * ICMP query sessions use the identifier as the port on both sides and ignore the remote port (RFC 6146 3.5.3:
 * the remote "port" of an ICMP session is the identifier itself), so callers may pass anything there.
 * <p>
 * Time is the caller's clock in milliseconds (the pcap timestamp in replays). A monotonic guard keeps the largest
 * value seen: a clock that steps back freezes time until it catches up, so nothing expires early and no lifetime
 * goes negative; a jump ahead expires what is due, {@code budget} sessions per {@link #expire} call. Values are
 * clamped to 0..2^62 so sums never overflow. Entries live until {@link #expire} removes them; the translator calls
 * it once per duty cycle (or before each packet for exact replays).
 * <p>
 * Tables ({@link #allocatedBytes()}): sessions 32 bytes each ({@code Nat64Sessions}), BIB entries 28
 * ({@code Nat64Bib}), IPv6 hosts 36 ({@code Nat64Hosts}: each address stored once, the BIB refers to it by index;
 * at /128 it also counts the subscriber's sessions), subscribers 28 ({@code Nat64Subscribers}, only for prefixes
 * shorter than /128): 48.25 bytes per session with the default sizing, 62.25 with one BIB entry per session.
 * {@link #outbound} and {@link #inbound} each remember the last session they returned, so the packets of a burst
 * skip the lookups.
 */
public final class Nat64State
{
    /** Outcome: an existing session matched. */
    public static final int FOUND = 0;
    /** Outcome: a session (and perhaps a BIB entry) was created. */
    public static final int CREATED = 1;
    /** Outcome: an unsolicited IPv4 SYN created a held V4 INIT session; store the packet, do not translate it. */
    public static final int HELD = 2;
    /** Outcome: the IPv6 SYN of a simultaneous open matched a held SYN; the session is now ESTABLISHED. */
    public static final int RELEASED = 3;

    /** Most packets {@link #prefetchOutbound} and {@link #prefetchInbound} queue before issuing their reads. */
    public static final int PREFETCH_BURST = 32;
    /** The prefetch queue: seven int and six long arrays of {@link #PREFETCH_BURST}. */
    private static final int PREFETCH_BYTES = (7 * 4 + 6 * 8) * PREFETCH_BURST;

    private static final long MAX_TIME = 1L << 62;

    private final Nat64Config config;
    private final Pool4 pool;
    private final int shard;
    private final Nat64Hosts hosts;
    private final Nat64Bib bib;
    private final Nat64Sessions sessions;
    private final Nat64Subscribers subscribers;
    private final Nat64PortAllocator allocator;
    private final PortOwners owners;
    private final long[] timeouts;
    private final int maxPerSubscriber;
    /** /128 subscribers: the host table counts sessions, the subscriber table is empty. */
    private final boolean perHost;
    private final boolean addressDependent;
    private final Nat64Counters counters = new Nat64Counters();
    private Nat64ExpiryHandler expiryHandler = Nat64ExpiryHandler.NONE;
    private long now;
    private int outcome;
    // The last session found or created by outbound() and by inbound(), with its tuple: consecutive packets of one
    // flow (a burst, a bulk transfer) skip the hashing and the table walks. Forgotten when the session goes.
    private int lastOut = -1;
    private int lastOutProtocol;
    private long lastOutHigh;
    private long lastOutLow;
    private int lastOutPort;
    private int lastOutRemote;
    private int lastOutRemotePort;
    /** Where {@link #issuePrefetch} leaves the words it read, so that the JIT keeps the reads. */
    private int prefetched;
    private int prefetchCount;
    /** Issued prefetches whose hashes {@link #outbound} may take, in order, for the packets they were made for. */
    private int prefetchReady;
    private int prefetchNext;
    private final int[] prefetchProtocol = new int[PREFETCH_BURST];
    private final long[] prefetchHigh = new long[PREFETCH_BURST];
    private final long[] prefetchLow = new long[PREFETCH_BURST];
    private final int[] prefetchPort = new int[PREFETCH_BURST];
    private final int[] prefetchRemote = new int[PREFETCH_BURST];
    private final long[] prefetchHostHash = new long[PREFETCH_BURST];
    private final long[] prefetchHash6 = new long[PREFETCH_BURST];
    private final long[] prefetchCandidate = new long[PREFETCH_BURST];
    private final long[] prefetchSessionBucket = new long[PREFETCH_BURST];
    private final int[] prefetchHost = new int[PREFETCH_BURST];
    private final int[] prefetchBib6 = new int[PREFETCH_BURST];
    private final int[] prefetchBib4 = new int[PREFETCH_BURST];
    private final int[] prefetchSession = new int[PREFETCH_BURST];
    private int lastIn = -1;
    private int lastInProtocol;
    private int lastInPoolAddress;
    private int lastInPoolPort;
    private int lastInRemote;
    private int lastInRemotePort;

    /**
     * Creates the state of a single-shard NAT64.
     *
     * @param config sizing and policy.
     * @param pool   pool4.
     */
    public Nat64State(final Nat64Config config, final Pool4 pool)
    {
        this(config, pool, PortOwners.single(), 0);
    }

    /**
     * Creates the state of one shard.
     *
     * @param config sizing and policy of this shard.
     * @param pool   pool4, shared by all shards.
     * @param owners which shard owns which pool4 transport address.
     * @param shard  this shard's number.
     */
    public Nat64State(final Nat64Config config, final Pool4 pool, final PortOwners owners, final int shard)
    {
        this.config = config;
        this.pool = pool;
        this.shard = shard;
        final long seed = config.seed();
        this.hosts = new Nat64Hosts(config.hostCapacity(), Nat64Hash.splitMix(seed, 5));
        this.bib = new Nat64Bib(config.bibCapacity(), Nat64Hash.splitMix(seed, 1), hosts);
        this.sessions = new Nat64Sessions(config.sessionCapacity(), Nat64Hash.splitMix(seed, 2), bib);
        this.perHost = config.subscriberPrefixLength() == 128;
        this.subscribers = new Nat64Subscribers(
            perHost ? 0 : config.subscriberCapacity(), config.subscriberPrefixLength(), Nat64Hash.splitMix(seed, 3));
        this.owners = owners;
        this.allocator = new Nat64PortAllocator(
            pool, owners, shard, bib, Nat64Hash.splitMix(seed, 4), config.preservePort());
        this.timeouts = config.timeouts().copy();
        this.maxPerSubscriber = config.maxSessionsPerSubscriber();
        this.addressDependent = config.filtering() == Nat64Config.ADDRESS_DEPENDENT;
    }

    /**
     * Whether this shard owns a pool4 transport address (a port, or an ICMP identifier), that is, whether an IPv4
     * packet to it belongs here. Always true with one shard.
     *
     * @param address a pool4 address.
     * @param port    the port or identifier.
     * @return true when this shard owns it.
     */
    public boolean owns(final int address, final int port)
    {
        return owners.owner(address, port) == shard;
    }

    /**
     * Sets the handler told about expiring sessions.
     *
     * @param handler the handler, or {@link Nat64ExpiryHandler#NONE}.
     */
    public void expiryHandler(final Nat64ExpiryHandler handler)
    {
        this.expiryHandler = null == handler ? Nat64ExpiryHandler.NONE : handler;
    }

    /**
     * Finds or creates the session of an IPv6 packet (RFC 6146 3.5.1 UDP, 3.5.2 TCP, 3.5.3 ICMP), creating the BIB
     * entry on first use with a pool4 transport address (3.5.1.1), and runs the TCP state machine (3.5.2.2).
     *
     * @param protocol   a {@link Nat64Protocol} constant.
     * @param srcHigh    IPv6 source address, high 64 bits.
     * @param srcLow     IPv6 source address, low 64 bits.
     * @param srcPort    source port, or ICMP identifier.
     * @param dstAddress the IPv4 address embedded in the destination (the remote).
     * @param dstPort    destination port (ignored for ICMP).
     * @param tcpEvent   for TCP, a V6 event of {@link Nat64Tcp#event(boolean, int)}; ignored otherwise.
     * @param nowMillis  the clock.
     * @return the session index, or {@code -DropReason}: BAD_TCP_STATE (TCP without SYN and no session),
     *         SESSION_LIMIT, TABLE_FULL, POOL4_EXHAUSTED.
     */
    public int outbound(
        final int protocol, final long srcHigh, final long srcLow, final int srcPort, final int dstAddress,
        final int dstPort, final int tcpEvent, final long nowMillis)
    {
        if (prefetchCount != 0)
        {
            issuePrefetch();
        }
        // The hashes a prefetch computed for this packet, if it was the next one prefetched.
        final int p = prefetchNext;
        final boolean prefetchedHere = p < prefetchReady && prefetchLow[p] == srcLow && prefetchPort[p] == srcPort &&
            prefetchHigh[p] == srcHigh && prefetchRemote[p] == dstAddress && prefetchProtocol[p] == protocol;
        if (prefetchedHere)
        {
            prefetchNext = p + 1;
        }
        final long t = clock(nowMillis);
        final int remotePort = protocol == Nat64Protocol.ICMP ? 0 : dstPort;
        if (lastOut >= 0 && srcLow == lastOutLow && srcHigh == lastOutHigh && srcPort == lastOutPort &&
            dstAddress == lastOutRemote && remotePort == lastOutRemotePort && protocol == lastOutProtocol)
        {
            return update(lastOut, protocol, tcpEvent, t);
        }
        // The BIB bucket is read before the host lookup, so that the two cache misses overlap. The host's index is what
        // a BIB entry holds, and a new host has no entry to look for.
        final long hash6 = prefetchedHere ? prefetchHash6[p] : bib.hash6(protocol, srcHigh, srcLow, srcPort);
        final int word6 = bib.word6(hash6);
        final long hostHash = prefetchedHere ? prefetchHostHash[p] : hosts.hash(srcHigh, srcLow);
        final int host = hosts.find(hostHash, srcHigh, srcLow);
        final int b = host < 0 ? -1 : bib.find6(protocol, host, srcPort, hash6, word6);
        final int found = b < 0 ? -1 : sessions.find(b, dstAddress, remotePort);
        if (found < 0 && protocol == Nat64Protocol.TCP && tcpEvent != Nat64Tcp.V6_SYN)
        {
            return refuse(DropReason.BAD_TCP_STATE);
        }
        final int s = found >= 0 ? found :
            createOutbound(protocol, b, host, hostHash, srcHigh, srcLow, srcPort, hash6, word6, dstAddress, remotePort,
                prefetchedHere ? p : -1, t);
        if (s < 0)
        {
            return s;
        }
        lastOut = s;
        lastOutProtocol = protocol;
        lastOutHigh = srcHigh;
        lastOutLow = srcLow;
        lastOutPort = srcPort;
        lastOutRemote = dstAddress;
        lastOutRemotePort = remotePort;
        return found >= 0 ? update(s, protocol, tcpEvent, t) : s;
    }

    /**
     * Queues the reads {@link #outbound} will start with for this flow: the bucket words of the host and BIB
     * lookups and, should the flow be new, of the pool4 port the allocator would pick and of the session. Queue every
     * packet of a burst (up to {@link #PREFETCH_BURST}; more issues the queue early), then translate them: the first
     * {@link #outbound} or {@link #inbound} call issues the queued reads back to back, in one short loop. With tables
     * far larger than the caches each read is a cache miss, and Java has no prefetch instruction: a load holds up
     * everything after it until it completes, so only loads close together in the instruction stream overlap. The
     * loop puts a whole burst's loads within the processor's reorder window, so their misses overlap instead of
     * following one another (one miss costs 175-230 ns on the benchmark machine; docs/benchmarks.md). Changes nothing
     * that a lookup can see. A flow that exists wastes its port and session guesses: reads, not writes.
     *
     * @param protocol   a {@link Nat64Protocol} constant.
     * @param srcHigh    IPv6 source, high 64 bits.
     * @param srcLow     IPv6 source, low 64 bits.
     * @param srcPort    source port, or ICMP identifier.
     * @param dstAddress IPv4 destination (the remote).
     */
    public void prefetchOutbound(
        final int protocol, final long srcHigh, final long srcLow, final int srcPort, final int dstAddress)
    {
        final int n = queued();
        final long hostHash = hosts.hash(srcHigh, srcLow);
        final long hash6 = bib.hash6(protocol, srcHigh, srcLow, srcPort);
        final long candidate = allocator.firstCandidate(protocol, srcHigh, srcLow, srcPort);
        final int address = pool.address(candidate < 0 ? 0 : (int)(candidate >>> 16));
        final int port = (int)candidate & 0xFFFF;
        final long sessionBucket = sessions.bucketHash(protocol, address, port, dstAddress);
        prefetchProtocol[n] = protocol;
        prefetchHigh[n] = srcHigh;
        prefetchLow[n] = srcLow;
        prefetchPort[n] = srcPort;
        prefetchRemote[n] = dstAddress;
        prefetchHostHash[n] = hostHash;
        prefetchHash6[n] = hash6;
        prefetchCandidate[n] = candidate;
        prefetchSessionBucket[n] = sessionBucket;
        prefetchHost[n] = hosts.bucketIndex(hostHash);
        prefetchBib6[n] = bib.bucketIndex6(hash6);
        prefetchBib4[n] = bib.bucketIndex4(protocol, address, port);
        prefetchSession[n] = sessions.bucketIndex(sessionBucket);
    }

    /**
     * Queues the reads {@link #inbound} will start with for this packet: the bucket words of the BIB's IPv4 side and
     * of the session (which hashes by the pool4 transport address and the remote address), as
     * {@link #prefetchOutbound} does for the other direction.
     *
     * @param protocol    a {@link Nat64Protocol} constant.
     * @param poolAddress the destination address (in pool4).
     * @param poolPort    the destination port, or ICMP identifier.
     * @param srcAddress  the IPv4 source (the remote).
     */
    public void prefetchInbound(final int protocol, final int poolAddress, final int poolPort, final int srcAddress)
    {
        final int n = queued();
        prefetchProtocol[n] = -1;
        prefetchHost[n] = 0;
        prefetchBib6[n] = 0;
        prefetchBib4[n] = bib.bucketIndex4(protocol, poolAddress, poolPort);
        prefetchSession[n] = sessions.bucketIndex(sessions.bucketHash(protocol, poolAddress, poolPort, srcAddress));
    }

    private int queued()
    {
        if (prefetchCount == PREFETCH_BURST)
        {
            issuePrefetch();
        }
        prefetchReady = 0;
        return prefetchCount++;
    }

    /**
     * Issues the queued reads: four loads per packet and nothing else in between, so a burst's worth fits the
     * processor's reorder window. The XOR keeps the JIT from dropping the loads.
     */
    private void issuePrefetch()
    {
        final int[] host = hosts.bucketWords();
        final int[] bib6 = bib.bucketWords6();
        final int[] bib4 = bib.bucketWords4();
        final int[] session = sessions.bucketWords();
        int words = prefetched;
        for (int i = 0; i < prefetchCount; i++)
        {
            words ^= host[prefetchHost[i]] ^ bib6[prefetchBib6[i]] ^ bib4[prefetchBib4[i]] ^
                session[prefetchSession[i]];
        }
        prefetched = words;
        prefetchReady = prefetchCount;
        prefetchNext = 0;
        prefetchCount = 0;
    }

    private int createOutbound(
        final int protocol, final int existingBib, final int host, final long hostHash, final long srcHigh,
        final long srcLow, final int srcPort, final long hash6, final int word6, final int dstAddress,
        final int remotePort, final int prefetchSlot, final long t)
    {
        // Read the session's bucket first, before anything that depends on it: with tables far larger than the
        // caches each read misses, and misses issued together overlap instead of adding up. For a new BIB entry the
        // bucket follows from the pool4 port, so the allocator's first candidate (what it picks unless the pool is
        // crowded) gives it before the allocation has probed the BIB. The session table does not change before the
        // insert, so the word stays valid.
        final boolean newBib = existingBib < 0;
        final long candidate = !newBib ? -1 : prefetchSlot >= 0 ? prefetchCandidate[prefetchSlot] :
            allocator.firstCandidate(protocol, srcHigh, srcLow, srcPort);
        long sessionHash = !newBib ? sessions.hash(existingBib, dstAddress) : prefetchSlot >= 0 ?
            sessions.withFilter(prefetchSessionBucket[prefetchSlot], bib.nextFree(), dstAddress) :
            sessions.hash(protocol, pool.address(candidate < 0 ? 0 : (int)(candidate >>> 16)), (int)candidate & 0xFFFF,
            bib.nextFree(), dstAddress);
        int sessionWord = sessions.word(sessionHash);
        final int subscriber = perHost ? host : subscribers.find(srcHigh, srcLow);
        if ((perHost ? hosts.sessions(host) : subscribers.count(subscriber)) >= maxPerSubscriber ||
            (existingBib >= 0 && bib.sessions(existingBib) >= Nat64Bib.MAX_SESSIONS_PER_ENTRY))
        {
            return refuse(DropReason.SESSION_LIMIT);
        }
        if (sessions.isFull() || (!perHost && subscriber < 0 && subscribers.isFull()) ||
            (existingBib < 0 && (bib.isFull() || (host < 0 && hosts.isFull()))))
        {
            return refuse(DropReason.TABLE_FULL);
        }
        int b = existingBib;
        if (b < 0)
        {
            final long slot = allocator.allocate(protocol, srcHigh, srcLow, srcPort, candidate);
            if (slot < 0)
            {
                return refuse(DropReason.POOL4_EXHAUSTED);
            }
            final int address = pool.address((int)(slot >>> 16));
            final int port = (int)slot & 0xFFFF;
            if (slot != candidate)
            {
                sessionHash = sessions.hash(protocol, address, port, bib.nextFree(), dstAddress);
                sessionWord = sessions.word(sessionHash);
            }
            b = bib.insert(protocol, hosts.acquire(host, hostHash, srcHigh, srcLow), srcPort, address, port, false,
                hash6, word6);
            allocator.acquiredAt(protocol, (int)(slot >>> 16));
            counters.increment(Nat64Counters.BIB_CREATED);
        }
        final boolean tcp = protocol == Nat64Protocol.TCP;
        final int s = sessions.insert(sessionHash, sessionWord,
            b, dstAddress, remotePort, tcp ? Nat64Tcp.V6_INIT : Nat64Tcp.CLOSED,
            tcp ? Nat64Timeouts.TCP_TRANS : Nat64Timeouts.classOf(protocol), false, t);
        bib.addSessions(b, 1);
        countSession(subscriber, bib.host(b), srcHigh, srcLow);
        counters.increment(Nat64Counters.SESSIONS_CREATED);
        outcome = CREATED;
        return s;
    }

    /**
     * Finds or creates the session of an IPv4 packet sent to a pool4 transport address (RFC 6146 3.5.1, 3.5.2,
     * 3.5.3): no BIB entry means no translation; with one, a new remote is admitted by the filtering policy
     * (endpoint-independent, or address-dependent: a session with the same remote address must exist). An
     * unsolicited TCP SYN the filter refuses is held (outcome {@link #HELD}) for TCP_INCOMING_SYN.
     *
     * @param protocol    a {@link Nat64Protocol} constant.
     * @param poolAddress the destination address (in pool4).
     * @param poolPort    the destination port, or ICMP identifier.
     * @param srcAddress  the IPv4 source (the remote).
     * @param srcPort     the source port (ignored for ICMP).
     * @param tcpEvent    for TCP, a V4 event of {@link Nat64Tcp#event(boolean, int)}; ignored otherwise.
     * @param nowMillis   the clock.
     * @return the session index, or {@code -DropReason}: NO_BIB_ENTRY, FILTERED, BAD_TCP_STATE, SESSION_LIMIT,
     *         TABLE_FULL.
     */
    public int inbound(
        final int protocol, final int poolAddress, final int poolPort, final int srcAddress, final int srcPort,
        final int tcpEvent, final long nowMillis)
    {
        if (prefetchCount != 0)
        {
            issuePrefetch();
        }
        if (prefetchNext < prefetchReady && prefetchProtocol[prefetchNext] < 0)
        {
            // This packet's prefetch (an inbound one has no hashes to hand over): keep the outbound ones in step.
            prefetchNext++;
        }
        final long t = clock(nowMillis);
        final int remotePort = protocol == Nat64Protocol.ICMP ? 0 : srcPort;
        if (lastIn >= 0 && srcAddress == lastInRemote && poolPort == lastInPoolPort && remotePort == lastInRemotePort &&
            poolAddress == lastInPoolAddress && protocol == lastInProtocol)
        {
            return update(lastIn, protocol, tcpEvent, t);
        }
        final int b = bib.find4(protocol, poolAddress, poolPort);
        if (b < 0)
        {
            return refuse(DropReason.NO_BIB_ENTRY);
        }
        final int s = sessions.find(b, srcAddress, remotePort);
        if (s >= 0)
        {
            lastIn = s;
            lastInProtocol = protocol;
            lastInPoolAddress = poolAddress;
            lastInPoolPort = poolPort;
            lastInRemote = srcAddress;
            lastInRemotePort = remotePort;
            return update(s, protocol, tcpEvent, t);
        }
        final boolean allowed = !addressDependent || sessions.findAnyPort(b, srcAddress) >= 0;
        final boolean tcp = protocol == Nat64Protocol.TCP;
        if (tcp)
        {
            if (tcpEvent != Nat64Tcp.V4_SYN)
            {
                return refuse(DropReason.BAD_TCP_STATE);
            }
            if (config.dropExternalTcp())
            {
                return refuse(DropReason.FILTERED);
            }
        }
        else if (!allowed)
        {
            return refuse(DropReason.FILTERED);
        }
        return createInbound(protocol, b, srcAddress, remotePort, tcp && !allowed, t);
    }

    private int createInbound(
        final int protocol, final int b, final int srcAddress, final int remotePort, final boolean hold, final long t)
    {
        final int host = bib.host(b);
        final long high = hosts.high(host);
        final long low = hosts.low(host);
        final int subscriber = perHost ? host : subscribers.find(high, low);
        if ((perHost ? hosts.sessions(host) : subscribers.count(subscriber)) >= maxPerSubscriber ||
            bib.sessions(b) >= Nat64Bib.MAX_SESSIONS_PER_ENTRY)
        {
            return refuse(DropReason.SESSION_LIMIT);
        }
        if (sessions.isFull() || (!perHost && subscriber < 0 && subscribers.isFull()))
        {
            return refuse(DropReason.TABLE_FULL);
        }
        final boolean tcp = protocol == Nat64Protocol.TCP;
        final int timeoutClass = tcp ?
            (hold ? Nat64Timeouts.TCP_INCOMING_SYN : Nat64Timeouts.TCP_TRANS) : Nat64Timeouts.classOf(protocol);
        final int s = sessions.insert(
            b, srcAddress, remotePort, tcp ? Nat64Tcp.V4_INIT : Nat64Tcp.CLOSED, timeoutClass, hold, t);
        bib.addSessions(b, 1);
        countSession(subscriber, host, high, low);
        counters.increment(Nat64Counters.SESSIONS_CREATED);
        if (hold)
        {
            counters.increment(Nat64Counters.SYNS_HELD);
        }
        outcome = hold ? HELD : CREATED;
        return s;
    }

    private int update(final int s, final int protocol, final int tcpEvent, final long t)
    {
        outcome = FOUND;
        if (protocol != Nat64Protocol.TCP)
        {
            sessions.refresh(s, Nat64Timeouts.classOf(protocol), t);
            return s;
        }
        if (sessions.isHeld(s))
        {
            if (tcpEvent == Nat64Tcp.V6_SYN)
            {
                sessions.clearHeld(s);
                counters.increment(Nat64Counters.SIMULTANEOUS_OPENS);
                outcome = RELEASED;
            }
            else if (!Nat64Tcp.isFromIpv6(tcpEvent))
            {
                // The held SYN's retransmissions stay untranslated until the IPv6 side speaks (RFC 6146 3.5.2.2).
                return refuse(DropReason.FILTERED);
            }
        }
        final int state = sessions.state(s);
        sessions.state(s, Nat64Tcp.next(state, tcpEvent));
        final int timer = Nat64Tcp.timer(state, tcpEvent);
        if (timer != Nat64Tcp.KEEP_TIMER)
        {
            sessions.refresh(s, timer, t);
        }
        return s;
    }

    /**
     * Replaces the timeouts (a reload). Every session of a class shares its timeout, so the FIFO order of each class's
     * list stays an order by deadline: the next {@link #expire(long, int)} applies the new values to every session,
     * old and new. Only the thread that owns this state may call it.
     *
     * @param values the new timeouts.
     */
    public void timeouts(final Nat64Timeouts values)
    {
        final long[] next = values.copy();
        System.arraycopy(next, 0, timeouts, 0, timeouts.length);
    }

    /**
     * Removes expired sessions, oldest first, and BIB entries left without sessions (static ones stay). An
     * ESTABLISHED TCP session is not removed but moved to TRANS (RFC 6146 3.5.2.2); the handler hears about every
     * session acted on, before the action.
     *
     * @param nowMillis the clock.
     * @param budget    most sessions to act on in this call (removed or moved), to bound the pause.
     * @return number of sessions removed.
     */
    public int expire(final long nowMillis, final int budget)
    {
        final long t = clock(nowMillis);
        int acted = 0;
        int removed = 0;
        for (int c = 0; c < Nat64Timeouts.CLASS_COUNT && acted < budget; c++)
        {
            final long timeout = timeouts[c];
            while (acted < budget)
            {
                final int s = sessions.head(c);
                if (s < 0 || t - sessions.seen(s) < timeout)
                {
                    break;
                }
                acted++;
                if (c == Nat64Timeouts.TCP_EST && sessions.state(s) == Nat64Tcp.ESTABLISHED)
                {
                    expiryHandler.onSessionExpiry(this, s, Nat64ExpiryHandler.PROBE);
                    sessions.state(s, Nat64Tcp.TRANS);
                    sessions.refresh(s, Nat64Timeouts.TCP_TRANS, t);
                    counters.increment(Nat64Counters.TCP_PROBES);
                    continue;
                }
                final boolean held = sessions.isHeld(s);
                expiryHandler.onSessionExpiry(
                    this, s, held ? Nat64ExpiryHandler.HELD_SYN_TIMEOUT : Nat64ExpiryHandler.EXPIRED);
                if (held)
                {
                    counters.increment(Nat64Counters.HELD_SYN_TIMEOUTS);
                }
                removeSession(s);
                removed++;
            }
        }
        return removed;
    }

    private void removeSession(final int s)
    {
        if (s == lastOut)
        {
            lastOut = -1;
        }
        if (s == lastIn)
        {
            lastIn = -1;
        }
        final int b = sessions.bib(s);
        final int host = bib.host(b);
        sessions.remove(s);
        bib.addSessions(b, -1);
        if (perHost)
        {
            hosts.addSessions(host, -1);
        }
        else
        {
            subscribers.decrement(hosts.high(host), hosts.low(host));
        }
        counters.increment(Nat64Counters.SESSIONS_EXPIRED);
        if (bib.sessions(b) == 0 && !bib.isStatic(b))
        {
            allocator.released(bib.protocol(b), bib.v4(b), bib.port4(b));
            bib.remove(b);
            hosts.release(host);
            counters.increment(Nat64Counters.BIB_REMOVED);
        }
    }

    /**
     * Adds a static BIB entry (cold; at start). Its pool4 transport address, if in pool4, is never allocated to
     * anyone else; the entry never expires.
     *
     * @param entry the entry.
     * @return the BIB index.
     * @throws IllegalArgumentException when either side is already mapped or the BIB is full.
     */
    public int addStaticBib(final StaticBibEntry entry)
    {
        final int p = entry.protocol();
        if (findBib6(p, entry.v6High(), entry.v6Low(), entry.v6Port()) >= 0 ||
            bib.find4(p, entry.v4Address(), entry.v4Port()) >= 0)
        {
            throw new IllegalArgumentException("static-bib=" + entry + ": conflicts with an existing BIB entry");
        }
        if (bib.isFull())
        {
            throw new IllegalArgumentException("static-bib=" + entry + ": BIB full (bibCapacity)");
        }
        final int host = hosts.find(entry.v6High(), entry.v6Low());
        if (host < 0 && hosts.isFull())
        {
            throw new IllegalArgumentException("static-bib=" + entry + ": host table full (hostCapacity)");
        }
        final int b = bib.insert(
            p, hosts.acquire(host, entry.v6High(), entry.v6Low()), entry.v6Port(), entry.v4Address(),
            entry.v4Port(), true);
        allocator.acquired(p, entry.v4Address(), entry.v4Port());
        counters.increment(Nat64Counters.BIB_CREATED);
        return b;
    }

    private void countSession(final int subscriber, final int host, final long high, final long low)
    {
        if (perHost)
        {
            hosts.addSessions(host, 1);
        }
        else
        {
            subscribers.increment(subscriber, high, low);
        }
    }

    private int refuse(final int reason)
    {
        counters.refused(reason);
        return -reason;
    }

    private long clock(final long nowMillis)
    {
        final long t = nowMillis < 0 ? 0 : Math.min(nowMillis, MAX_TIME);
        if (t > now)
        {
            now = t;
        }
        return now;
    }

    // ----- lookups without side effects (ICMP errors' inner packets, hairpinning) -----

    /**
     * Finds a BIB entry by its IPv6 side.
     *
     * @param protocol a {@link Nat64Protocol} constant.
     * @param high     IPv6 address, high 64 bits.
     * @param low      IPv6 address, low 64 bits.
     * @param port     port or ICMP identifier.
     * @return the BIB index, or -1.
     */
    public int findBib6(final int protocol, final long high, final long low, final int port)
    {
        return bib.find6(protocol, high, low, port);
    }

    /**
     * Finds a BIB entry by its pool4 side.
     *
     * @param protocol a {@link Nat64Protocol} constant.
     * @param address  pool4 address.
     * @param port     port or ICMP identifier.
     * @return the BIB index, or -1.
     */
    public int findBib4(final int protocol, final int address, final int port)
    {
        return bib.find4(protocol, address, port);
    }

    /**
     * Finds a session by its IPv6-side 5-tuple, without refreshing it.
     *
     * @param protocol   a {@link Nat64Protocol} constant.
     * @param srcHigh    IPv6 host address, high 64 bits.
     * @param srcLow     IPv6 host address, low 64 bits.
     * @param srcPort    IPv6 host port or identifier.
     * @param dstAddress remote IPv4 address.
     * @param dstPort    remote port (ignored for ICMP).
     * @return the session index, or -1.
     */
    public int findOutbound(
        final int protocol, final long srcHigh, final long srcLow, final int srcPort, final int dstAddress,
        final int dstPort)
    {
        final int b = findBib6(protocol, srcHigh, srcLow, srcPort);
        return b < 0 ? -1 : sessions.find(b, dstAddress, protocol == Nat64Protocol.ICMP ? 0 : dstPort);
    }

    /**
     * Finds a session by its IPv4-side 5-tuple, without refreshing it.
     *
     * @param protocol      a {@link Nat64Protocol} constant.
     * @param poolAddress   pool4 address.
     * @param poolPort      pool4 port or identifier.
     * @param remoteAddress remote IPv4 address.
     * @param remotePort    remote port (ignored for ICMP).
     * @return the session index, or -1.
     */
    public int findInbound(
        final int protocol, final int poolAddress, final int poolPort, final int remoteAddress, final int remotePort)
    {
        final int b = bib.find4(protocol, poolAddress, poolPort);
        return b < 0 ? -1 : sessions.find(b, remoteAddress, protocol == Nat64Protocol.ICMP ? 0 : remotePort);
    }

    // ----- accessors -----

    /**
     * The pool4 this state allocates from.
     *
     * @return pool4.
     */
    public Pool4 pool()
    {
        return pool;
    }

    /**
     * What the last successful {@link #outbound} or {@link #inbound} did.
     *
     * @return {@link #FOUND}, {@link #CREATED}, {@link #HELD} or {@link #RELEASED}.
     */
    public int outcome()
    {
        return outcome;
    }

    /**
     * The BIB entry of a session.
     *
     * @param session a session index.
     * @return its BIB index.
     */
    public int sessionBib(final int session)
    {
        return sessions.bib(session);
    }

    /**
     * The remote IPv4 address of a session.
     *
     * @param session a session index.
     * @return the address.
     */
    public int sessionRemoteAddress(final int session)
    {
        return sessions.remote(session);
    }

    /**
     * The remote port of a session (0 for ICMP).
     *
     * @param session a session index.
     * @return the port.
     */
    public int sessionRemotePort(final int session)
    {
        return sessions.remotePort(session);
    }

    /**
     * The TCP state of a session ({@link Nat64Tcp#CLOSED} for UDP and ICMP).
     *
     * @param session a session index.
     * @return a {@link Nat64Tcp} state.
     */
    public int sessionTcpState(final int session)
    {
        return sessions.state(session);
    }

    /**
     * The timeout class of a session.
     *
     * @param session a session index.
     * @return a {@link Nat64Timeouts} class.
     */
    public int sessionTimeoutClass(final int session)
    {
        return sessions.timeoutClass(session);
    }

    /**
     * When a session expires unless refreshed.
     *
     * @param session a session index.
     * @return milliseconds on the caller's clock.
     */
    public long sessionDeadline(final int session)
    {
        return sessions.seen(session) + timeouts[sessions.timeoutClass(session)];
    }

    /**
     * Whether a session holds an unsolicited IPv4 SYN.
     *
     * @param session a session index.
     * @return true in a held V4 INIT.
     */
    public boolean sessionIsHeld(final int session)
    {
        return sessions.isHeld(session);
    }

    /**
     * The protocol of a BIB entry.
     *
     * @param bibIndex a BIB index.
     * @return a {@link Nat64Protocol} constant.
     */
    public int bibProtocol(final int bibIndex)
    {
        return bib.protocol(bibIndex);
    }

    /**
     * The IPv6 address of a BIB entry, high 64 bits.
     *
     * @param bibIndex a BIB index.
     * @return the bits.
     */
    public long bibV6High(final int bibIndex)
    {
        return hosts.high(bib.host(bibIndex));
    }

    /**
     * The IPv6 address of a BIB entry, low 64 bits.
     *
     * @param bibIndex a BIB index.
     * @return the bits.
     */
    public long bibV6Low(final int bibIndex)
    {
        return hosts.low(bib.host(bibIndex));
    }

    /**
     * The IPv6 port (or identifier) of a BIB entry.
     *
     * @param bibIndex a BIB index.
     * @return the port.
     */
    public int bibV6Port(final int bibIndex)
    {
        return bib.port6(bibIndex);
    }

    /**
     * The pool4 address of a BIB entry.
     *
     * @param bibIndex a BIB index.
     * @return the address.
     */
    public int bibV4Address(final int bibIndex)
    {
        return bib.v4(bibIndex);
    }

    /**
     * The pool4 port (or identifier) of a BIB entry.
     *
     * @param bibIndex a BIB index.
     * @return the port.
     */
    public int bibV4Port(final int bibIndex)
    {
        return bib.port4(bibIndex);
    }

    /**
     * Whether a BIB entry is static.
     *
     * @param bibIndex a BIB index.
     * @return true for configured entries.
     */
    public boolean bibIsStatic(final int bibIndex)
    {
        return bib.isStatic(bibIndex);
    }

    /**
     * Number of sessions of a BIB entry.
     *
     * @param bibIndex a BIB index.
     * @return the count.
     */
    public int bibSessionCount(final int bibIndex)
    {
        return bib.sessions(bibIndex);
    }

    /**
     * Live sessions.
     *
     * @return the count.
     */
    public int sessionCount()
    {
        return sessions.size();
    }

    /**
     * Live BIB entries.
     *
     * @return the count.
     */
    public int bibCount()
    {
        return bib.size();
    }

    /**
     * Subscribers holding at least one session.
     *
     * @return the count.
     */
    public int subscriberCount()
    {
        return perHost ? hosts.withSessions() : subscribers.size();
    }

    /**
     * Sessions a subscriber holds.
     *
     * @param high any address of the subscriber, high 64 bits.
     * @param low  low 64 bits.
     * @return the count.
     */
    public int subscriberSessions(final long high, final long low)
    {
        return perHost ? hosts.sessions(hosts.find(high, low)) : subscribers.count(subscribers.find(high, low));
    }

    /**
     * This state's counters.
     *
     * @return the counters.
     */
    public Nat64Counters counters()
    {
        return counters;
    }

    /**
     * This state's configuration.
     *
     * @return the configuration.
     */
    public Nat64Config config()
    {
        return config;
    }

    /**
     * This state's shard number.
     *
     * @return 0 for a single-shard NAT64.
     */
    public int shard()
    {
        return shard;
    }

    /**
     * The monotonic clock value, the largest time seen so far.
     *
     * @return milliseconds.
     */
    public long now()
    {
        return now;
    }

    /**
     * Pool4 ports of a protocol this shard may allocate.
     *
     * @param protocol a {@link Nat64Protocol} constant.
     * @return the count.
     */
    public long ownedPorts(final int protocol)
    {
        return allocator.ownedPorts(protocol);
    }

    /**
     * Bytes of the preallocated tables (BIB, IPv6 hosts, sessions, subscribers), excluding the pool4 counters.
     *
     * @return the sum of the array sizes.
     */
    public long allocatedBytes()
    {
        return bib.allocatedBytes() + hosts.allocatedBytes() + sessions.allocatedBytes() +
            subscribers.allocatedBytes() + PREFETCH_BYTES;
    }

    /**
     * IPv6 hosts holding at least one BIB entry.
     *
     * @return the count.
     */
    public int hostCount()
    {
        return hosts.size();
    }

    // ----- operations (cold) -----

    /** Receives BIB entries from {@link #forEachBib(BibVisitor)}. */
    @FunctionalInterface
    public interface BibVisitor
    {
        /**
         * Visits one entry.
         *
         * @param state    the state.
         * @param bibIndex the entry.
         */
        void visit(Nat64State state, int bibIndex);
    }

    /** Receives sessions from {@link #forEachSession(SessionVisitor)}. */
    @FunctionalInterface
    public interface SessionVisitor
    {
        /**
         * Visits one session.
         *
         * @param state   the state.
         * @param session the session.
         */
        void visit(Nat64State state, int session);
    }

    /**
     * Visits every live BIB entry, in index order.
     *
     * @param visitor the visitor; it must not modify the state.
     */
    public void forEachBib(final BibVisitor visitor)
    {
        for (int b = 0; b < bib.capacity(); b++)
        {
            if (bib.isLive(b))
            {
                visitor.visit(this, b);
            }
        }
    }

    /**
     * Visits every live session, in index order.
     *
     * @param visitor the visitor; it must not modify the state.
     */
    public void forEachSession(final SessionVisitor visitor)
    {
        for (int s = 0; s < sessions.capacity(); s++)
        {
            if (sessions.isLive(s))
            {
                visitor.visit(this, s);
            }
        }
    }

    /**
     * Renders the BIB and the sessions as text, one line each (cold; allocates).
     *
     * @return lines like {@code bib udp 2001:db8::1#5000 192.0.2.3#40002 sessions=1} and
     *         {@code session udp 2001:db8::1#5000 192.0.2.3#40002 198.51.100.1#53 udp expires=300000}.
     */
    public String dump()
    {
        final StringBuilder out = new StringBuilder();
        forEachBib((state, b) -> out.append("bib ").append(Nat64Protocol.label(bib.protocol(b))).append(' ')
            .append(Ipv6Addresses.format(bibV6High(b), bibV6Low(b))).append('#').append(bib.port6(b)).append(' ')
            .append(Pool4.format(bib.v4(b), bib.port4(b)))
            .append(bib.isStatic(b) ? " static" : "").append(" sessions=").append(bib.sessions(b)).append('\n'));
        forEachSession((state, s) ->
        {
            final int b = sessions.bib(s);
            final int p = bib.protocol(b);
            out.append("session ").append(Nat64Protocol.label(p)).append(' ')
                .append(Ipv6Addresses.format(bibV6High(b), bibV6Low(b))).append('#').append(bib.port6(b))
                .append(' ').append(Pool4.format(bib.v4(b), bib.port4(b))).append(' ')
                .append(Ipv4Addresses.format(sessions.remote(s))).append('#').append(sessions.remotePort(s))
                .append(' ').append(p == Nat64Protocol.TCP ? Nat64Tcp.stateLabel(sessions.state(s)) : "-")
                .append(sessions.isHeld(s) ? " held" : "")
                .append(' ').append(Nat64Timeouts.label(sessions.timeoutClass(s)))
                .append(" expires=").append(sessionDeadline(s)).append('\n');
        });
        return out.toString();
    }
}
