package io.xlat.core.nat64;

import io.xlat.core.addr.AddressMapper;
import io.xlat.core.addr.SiitAddressMapper;
import io.xlat.core.codec.Icmpv4Message;
import io.xlat.core.codec.Icmpv6Message;
import io.xlat.core.codec.Ipv4Header;
import io.xlat.core.codec.Ipv6Header;
import io.xlat.core.siit.Icmpv4ErrorWriter;
import io.xlat.core.siit.Icmpv6ErrorWriter;
import io.xlat.core.siit.SiitConfig;
import io.xlat.core.siit.SiitTranslator;
import io.xlat.core.siit.TranslationResult;
import io.xlat.core.stats.DropReason;
import io.xlat.core.stats.TranslatorCounters;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Stateful NAT64 packet translator (RFC 6146), one per shard and thread, over a {@link Nat64State}.
 * <p>
 * Per packet: the incoming tuple is read (3.4), the state finds or creates the session (3.5), and the stateless
 * translator ({@link SiitTranslator}, RFC 7915) rewrites the headers with the session's addresses, supplied through
 * a per-packet {@link AddressMapper} (3.6, 3.7); the ports or ICMP identifier are then rewritten in the translated
 * packet with an incremental checksum update (RFC 1624). Packets of the common shape (no extension headers, options
 * or fragmentation) take {@link Nat64FastPath} instead, which writes the same bytes in one pass. TTL/hop limit,
 * MTU, Packet Too Big, fragmentation and the ICMP type/code tables are SIIT's. ICMP errors find their session
 * through the inner packet (3.5.3), whose port or identifier is rewritten consistently with the inner and outer
 * checksums. Hairpinning (3.8) translates an IPv6
 * packet addressed to pool4 out and straight back in. Non-first fragments follow the session of their first
 * fragment through {@link Nat64FragmentCache}; earlier ones are dropped ({@code UNMATCHED_FRAGMENT}).
 * <pre>{@code
 * Nat64Translator nat64 = new Nat64Translator(state, pool6, SiitConfig.builder().self4(a).self6(h, l));
 * int verdict = nat64.translate(buffer, offset, length, result, nowMillis);  // count, or -DropReason
 * int errors = nat64.expire(nowMillis, expiryResult);                         // e.g. once per duty cycle
 * }</pre>
 * Nothing here allocates, logs or throws per packet; every drop is counted in {@link #counters()}.
 */
public final class Nat64Translator
{
    /** Sessions acted on per {@link #expire} call at most. */
    public static final int EXPIRY_BUDGET = 4096;
    /** Held unsolicited SYNs that can be answered at once. */
    public static final int HELD_SYN_SLOTS = 64;
    /** Fragmented datagrams remembered at once. */
    public static final int FRAGMENT_CACHE_SIZE = 1024;

    private static final int ICMP_ID_OFFSET = 4;
    /** IPv4 and ICMPv4 headers in front of a quoted packet. */
    private static final int ICMP_ERROR_OVERHEAD = 28;

    private final Nat64State state;
    private final Pool4 pool;
    private final Nat64AddressMapper mapper;
    private final SiitAddressMapper pool6;
    private final SiitTranslator siit;
    private final Nat64FastPath fastPath;
    private final TranslatorCounters counters;
    private final Nat64Tuple tuple = new Nat64Tuple();
    private final Nat64Tuple prefetchTuple = new Nat64Tuple();
    private final Nat64FragmentCache fragments = new Nat64FragmentCache(FRAGMENT_CACHE_SIZE);
    private final Nat64HeldSyns held = new Nat64HeldSyns(HELD_SYN_SLOTS);
    private final Icmpv4ErrorWriter errors4;
    private final Icmpv6ErrorWriter errors6;
    private final TranslationResult hairpin = new TranslationResult(64 * 1024 + 1024);
    private final Nat64ExpiryHandler onExpiry = this::onSessionExpiry;
    private final boolean dropExternalTcp;
    private final long incomingSynMillis;
    private volatile Nat64Timeouts pendingTimeouts;
    private TranslationResult expiryOut;
    /** Lowest and highest pool4 address, xor Integer.MIN_VALUE (unsigned order). */
    private final int poolLowest;
    private final int poolHighest;
    private long now;

    /**
     * Creates a translator with its own counters.
     *
     * @param state    the NAT64 state of this shard.
     * @param pool6    the NAT64 prefix (a pool6-only mapper, any RFC 6052 length).
     * @param settings SIIT settings (self4/self6, MTUs, ...); its mapper is replaced by the NAT64 one.
     */
    public Nat64Translator(final Nat64State state, final SiitAddressMapper pool6, final SiitConfig.Builder settings)
    {
        this(state, pool6, settings, new TranslatorCounters());
    }

    /**
     * Creates a translator.
     *
     * @param state    the NAT64 state of this shard (the translator installs itself as its expiry handler).
     * @param pool6    the NAT64 prefix (a pool6-only mapper, any RFC 6052 length).
     * @param settings SIIT settings (self4/self6, MTUs, ...); its mapper is replaced by the NAT64 one.
     * @param counters counters, written only by the thread using this translator.
     */
    public Nat64Translator(
        final Nat64State state, final SiitAddressMapper pool6, final SiitConfig.Builder settings,
        final TranslatorCounters counters)
    {
        if (null == pool6.pool6())
        {
            throw new IllegalArgumentException("pool6=null: a NAT64 needs its prefix");
        }
        this.state = state;
        this.pool = state.pool();
        this.poolLowest = pool.address(0) ^ Integer.MIN_VALUE;
        this.poolHighest = pool.address(pool.addressCount() - 1) ^ Integer.MIN_VALUE;
        this.pool6 = pool6;
        this.mapper = new Nat64AddressMapper(pool6);
        this.counters = counters;
        final SiitConfig config = settings.mapper(mapper).build();
        this.siit = new SiitTranslator(config, counters);
        this.fastPath = new Nat64FastPath(config, counters);
        this.errors4 = new Icmpv4ErrorWriter(config);
        this.errors6 = new Icmpv6ErrorWriter(config);
        this.dropExternalTcp = state.config().dropExternalTcp();
        this.incomingSynMillis = state.config().timeouts().millis(Nat64Timeouts.TCP_INCOMING_SYN);
        state.expiryHandler(onExpiry);
    }

    /**
     * Translates one packet: IPv6 outbound, IPv4 inbound, by its version nibble.
     *
     * @param buffer    holding the packet; may be modified (treat as consumed).
     * @param offset    of the IP header.
     * @param length    bytes of the packet.
     * @param result    reset, then filled with the packets to emit.
     * @param nowMillis the clock.
     * @return the number of packets in {@code result} (0 for a held SYN), or {@code -DropReason}.
     */
    public int translate(
        final MutableDirectBuffer buffer, final int offset, final int length, final TranslationResult result,
        final long nowMillis)
    {
        final int version = length < 1 ? 0 : (buffer.getByte(offset) >> 4) & 0xF;
        if (version == 6)
        {
            return translate6to4(buffer, offset, length, result, nowMillis);
        }
        if (version == 4)
        {
            return translate4to6(buffer, offset, length, result, nowMillis);
        }
        result.reset();
        return drop(length < 1 ? DropReason.TRUNCATED : DropReason.BAD_VERSION);
    }

    /**
     * Reads ahead the table entries a packet's translation will start with ({@link Nat64State#prefetchOutbound},
     * {@link Nat64State#prefetchInbound}), without translating it or changing anything. A caller holding a burst of
     * packets calls this for each of them, then {@link #translate} for each, in the same order: the burst's cache
     * misses then overlap (docs/benchmarks.md: session creation at 1M live sessions, 209 ns per packet in bursts of 32
     * against 385 one at a time). Packets that are not a first fragment or plain transport of an IPv6 source under
     * pool6 or to a pool4 address (ICMP errors, later fragments, malformed packets) are skipped here; translate
     * handles them as always.
     *
     * @param buffer holding the packet.
     * @param offset of the IP header.
     * @param length bytes of the packet.
     */
    public void prefetch(final MutableDirectBuffer buffer, final int offset, final int length)
    {
        final int version = length < 1 ? 0 : (buffer.getByte(offset) >> 4) & 0xF;
        final Nat64Tuple t = prefetchTuple;
        if (version == 6)
        {
            if (t.parse6(buffer, offset, length) >= 0 && !t.icmpError && t.first)
            {
                final long destination = pool6.ipv6ToIpv4(t.dstHigh, t.dstLow, false);
                if (destination != AddressMapper.NOT_MAPPED)
                {
                    state.prefetchOutbound(t.protocol, t.srcHigh, t.srcLow, t.srcPort, (int)destination);
                }
            }
        }
        else if (version == 4)
        {
            if (t.parse4(buffer, offset, length) >= 0 && !t.icmpError && t.first && isPool4(t.dst4))
            {
                state.prefetchInbound(t.protocol, t.dst4, t.dstPort, t.src4);
            }
        }
    }

    /**
     * Translates an IPv6 packet to IPv4 (RFC 6146 3.4-3.7), or back to IPv6 when hairpinned (3.8).
     *
     * @param buffer    holding the packet.
     * @param offset    of the IPv6 header.
     * @param length    bytes of the packet.
     * @param result    reset, then filled with the packets to emit.
     * @param nowMillis the clock.
     * @return packet count, or {@code -DropReason}.
     */
    public int translate6to4(
        final MutableDirectBuffer buffer, final int offset, final int length, final TranslationResult result,
        final long nowMillis)
    {
        result.reset();
        if (buffer == result.buffer())
        {
            // The packet is in the result's own buffer: what is written goes after it (SIIT may translate in place).
            result.reserveTo(offset + length);
        }
        now = nowMillis;
        final Nat64Tuple t = tuple;
        if (!fastPath.parseOutbound(buffer, offset, length, result, t))
        {
            final int parsed = t.parse6(buffer, offset, length);
            if (parsed < 0)
            {
                return drop(-parsed);
            }
            if (t.icmpError)
            {
                return icmpError6(buffer, offset, length, result);
            }
        }
        final long destination = pool6.ipv6ToIpv4(t.dstHigh, t.dstLow, false);
        if (destination == AddressMapper.NOT_MAPPED)
        {
            return drop(DropReason.UNTRANSLATABLE_DESTINATION);
        }
        if (!t.first)
        {
            if (!fragments.find(t.srcHigh, t.srcLow, t.dstHigh, t.dstLow, t.fragmentId, t.protocol, nowMillis))
            {
                return drop(DropReason.UNMATCHED_FRAGMENT);
            }
            mapper.bind(fragments.foundPool4, fragments.foundHigh, fragments.foundLow);
            return siit.translate6to4(buffer, offset, length, result);
        }
        final boolean hairpinned = isPool4((int)destination);
        final int event = t.protocol == Nat64Protocol.TCP ? Nat64Tcp.event(true, t.tcpFlags) : 0;
        final int s = state.outbound(
            t.protocol, t.srcHigh, t.srcLow, t.srcPort, (int)destination, t.dstPort, event, nowMillis);
        if (s < 0)
        {
            return refused6(s, buffer, offset, length, result);
        }
        if (state.outcome() == Nat64State.RELEASED)
        {
            // RFC 6146 3.5.2.2 simultaneous open: the IPv6 SYN goes through; the stored IPv4 SYN is discarded (the
            // IPv4 peer's retransmission now finds the ESTABLISHED session).
            final int slot = held.find(s);
            if (slot >= 0)
            {
                held.release(slot);
            }
        }
        final int bib = state.sessionBib(s);
        final int pool4Address = state.bibV4Address(bib);
        final int pool4Port = state.bibV4Port(bib);
        if (held.unbound() > 0 && event == Nat64Tcp.V6_SYN)
        {
            // RFC 6146 3.5.2.2: the IPv6 SYN of a simultaneous open towards a SYN stored without a BIB entry; the
            // stored one is discarded (the IPv4 peer's retransmission then finds the session).
            final int slot = held.findUnbound(pool4Address, pool4Port, (int)destination, t.dstPort);
            if (slot >= 0)
            {
                held.release(slot);
                state.counters().increment(Nat64Counters.SIMULTANEOUS_OPENS);
            }
        }
        if (t.fragmented)
        {
            fragments.put(t.srcHigh, t.srcLow, t.dstHigh, t.dstLow, t.fragmentId, t.protocol, pool4Address, t.srcHigh,
                t.srcLow, nowMillis);
        }
        if (!hairpinned && !t.fragmented)
        {
            // The common case with the session's addresses passed directly (no per-packet mapper).
            final int fast = fastPath.outbound(
                buffer, offset, length, result, pool4Address, (int)destination, t.srcPort, pool4Port);
            if (fast != Nat64FastPath.NOT_HANDLED)
            {
                return fast;
            }
        }
        mapper.bind(pool4Address, t.srcHigh, t.srcLow);
        if (hairpinned)
        {
            return hairpin(buffer, offset, length, result, t.protocol, t.srcPort, pool4Port, nowMillis);
        }
        final int verdict = siit.translate6to4(buffer, offset, length, result);
        if (verdict > 0)
        {
            Nat64Rewriter.outbound(result, t.protocol, t.srcPort, pool4Port);
        }
        return verdict;
    }

    /**
     * Translates an IPv4 packet to IPv6 (RFC 6146 3.4-3.7): to the IPv6 host of the BIB entry of its destination
     * transport address, from pool6 + its source.
     *
     * @param buffer    holding the packet.
     * @param offset    of the IPv4 header.
     * @param length    bytes of the packet.
     * @param result    reset, then filled with the packets to emit.
     * @param nowMillis the clock.
     * @return packet count (0 when an unsolicited SYN is held), or {@code -DropReason}.
     */
    public int translate4to6(
        final MutableDirectBuffer buffer, final int offset, final int length, final TranslationResult result,
        final long nowMillis)
    {
        result.reset();
        if (buffer == result.buffer())
        {
            // The packet is in the result's own buffer: what is written goes after it (SIIT may translate in place).
            result.reserveTo(offset + length);
        }
        now = nowMillis;
        final Nat64Tuple t = tuple;
        final int parsed = t.parse4(buffer, offset, length);
        if (parsed < 0)
        {
            return drop(-parsed);
        }
        if (t.icmpError)
        {
            final int s = state.findInbound(t.innerProtocol, t.innerSrc4, t.innerSrcPort, t.innerDst4,
                t.innerDstPort);
            if (s < 0)
            {
                return drop(DropReason.NO_BIB_ENTRY);
            }
            final int bib = state.sessionBib(s);
            mapper.bind(t.innerSrc4, state.bibV6High(bib), state.bibV6Low(bib));
            final int verdict = siit.translate4to6(buffer, offset, length, result);
            if (verdict > 0)
            {
                Nat64Rewriter.innerInbound(result, t.innerProtocol, t.innerSrcPort, state.bibV6Port(bib));
            }
            return verdict;
        }
        if (!t.first)
        {
            if (!fragments.find(0, t.src4, 0, t.dst4, t.fragmentId, t.protocol, nowMillis))
            {
                return drop(DropReason.UNMATCHED_FRAGMENT);
            }
            mapper.bind(fragments.foundPool4, fragments.foundHigh, fragments.foundLow);
            return siit.translate4to6(buffer, offset, length, result);
        }
        return inbound(buffer, offset, length, result, nowMillis);
    }

    private int inbound(
        final MutableDirectBuffer buffer, final int offset, final int length, final TranslationResult result,
        final long nowMillis)
    {
        final Nat64Tuple t = tuple;
        final int event = t.protocol == Nat64Protocol.TCP ? Nat64Tcp.event(false, t.tcpFlags) : 0;
        if (event == Nat64Tcp.V4_SYN && !dropExternalTcp && !t.fragmented && isPool4(t.dst4) &&
            state.findBib4(Nat64Protocol.TCP, t.dst4, t.dstPort) < 0)
        {
            return holdUnbound(buffer, offset, result, nowMillis);
        }
        final int s = state.inbound(t.protocol, t.dst4, t.dstPort, t.src4, t.srcPort, event, nowMillis);
        if (s < 0)
        {
            return drop(-s);
        }
        if (state.outcome() == Nat64State.HELD)
        {
            // RFC 6146 3.5.2.2: keep the unsolicited SYN for TCP_INCOMING_SYN; nothing is emitted now.
            held.store(s, buffer, offset, Ipv4Header.totalLength(buffer, offset));
            return 0;
        }
        final int bib = state.sessionBib(s);
        final long high = state.bibV6High(bib);
        final long low = state.bibV6Low(bib);
        if (t.fragmented)
        {
            fragments.put(0, t.src4, 0, t.dst4, t.fragmentId, t.protocol, t.dst4, high, low, nowMillis);
        }
        else
        {
            // The common case with the session's addresses passed directly (no per-packet mapper).
            final int fast = fastPath.inbound(
                buffer, offset, length, result, pool6, high, low, t.dstPort, state.bibV6Port(bib));
            if (fast != Nat64FastPath.NOT_HANDLED)
            {
                return fast;
            }
        }
        mapper.bind(t.dst4, high, low);
        final int verdict = siit.translate4to6(buffer, offset, length, result);
        if (verdict > 0)
        {
            Nat64Rewriter.inbound(result, t.protocol, t.dstPort, state.bibV6Port(bib));
        }
        return verdict;
    }

    /**
     * RFC 6146 3.5.2.2, CLOSED state, V4 SYN to a transport address "not in use in the TCP BIB": unless the policy
     * drops externally initiated connections, the SYN is stored for TCP_INCOMING_SYN (6 s) in case the IPv6 host
     * opens the same connection (simultaneous open), and answered with ICMP Port Unreachable when the time passes
     * ({@link #expire(long, TranslationResult)}). With every slot busy it is answered at once, as if the time had
     * passed (Jool does the same), so a SYN flood never goes unanswered and never grows memory.
     */
    private int holdUnbound(
        final MutableDirectBuffer buffer, final int offset, final TranslationResult result, final long nowMillis)
    {
        final int totalLength = Ipv4Header.totalLength(buffer, offset);
        if (held.storeUnbound(buffer, offset, totalLength, nowMillis + incomingSynMillis))
        {
            state.counters().increment(Nat64Counters.SYNS_HELD);
            return 0;
        }
        if (errors4.write(buffer, offset, totalLength, tuple.dst4, Icmpv4Message.TYPE_DEST_UNREACHABLE,
            Icmpv4Message.CODE_PORT_UNREACHABLE, 0, result))
        {
            counters.increment(TranslatorCounters.ICMPV4_ERRORS_SENT);
            return result.count();
        }
        return drop(DropReason.NO_BIB_ENTRY);
    }

    /**
     * RFC 6146 3.8: the outbound half is translated into a scratch result, then fed back as an inbound packet.
     */
    private int hairpin(
        final MutableDirectBuffer buffer, final int offset, final int length, final TranslationResult result,
        final int protocol, final int hostPort, final int pool4Port, final long nowMillis)
    {
        final TranslationResult scratch = hairpin;
        final int verdict = siit.translate6to4(buffer, offset, length, scratch);
        if (verdict <= 0)
        {
            return verdict;
        }
        if (verdict != 1 || scratch.kind(0) != TranslationResult.KIND_TRANSLATED)
        {
            // An ICMPv6 error for the sender (hop limit, Packet Too Big): pass it on as is.
            for (int i = 0; i < scratch.count(); i++)
            {
                if (scratch.kind(i) == TranslationResult.KIND_ICMP_ERROR && result.remaining() >= scratch.length(i))
                {
                    result.buffer().putBytes(result.limit(), scratch.buffer(), scratch.offset(i), scratch.length(i));
                    result.commit(scratch.length(i), TranslationResult.KIND_ICMP_ERROR);
                }
            }
            return result.count() > 0 ? result.count() : drop(DropReason.PACKET_TOO_BIG);
        }
        Nat64Rewriter.outbound(scratch, protocol, hostPort, pool4Port);
        final int inner = tuple.parse4(scratch.buffer(), scratch.offset(0), scratch.length(0));
        if (inner < 0)
        {
            return drop(-inner);
        }
        if (!state.owns(tuple.dst4, tuple.dstPort))
        {
            // The destination's BIB entry lives in another shard: the IPv4 half goes out as it is, the kernel
            // routes pool4 back into the translator, and the shard router hands it to the owner, which
            // translates it like any inbound packet (RFC 6146 3.8 across shards).
            final int n = scratch.length(0);
            if (result.remaining() < n)
            {
                return drop(DropReason.OUTPUT_TOO_SMALL);
            }
            result.buffer().putBytes(result.limit(), scratch.buffer(), scratch.offset(0), n);
            result.commit(n, TranslationResult.KIND_TRANSLATED);
            return 1;
        }
        return inbound(scratch.buffer(), scratch.offset(0), scratch.length(0), result, nowMillis);
    }

    private int icmpError6(
        final MutableDirectBuffer buffer, final int offset, final int length, final TranslationResult result)
    {
        final Nat64Tuple t = tuple;
        // The inner packet went IPv4 -> IPv6: its destination is the IPv6 host, its source pool6 + the remote.
        final long remote = pool6.ipv6ToIpv4(t.innerSrcHigh, t.innerSrcLow, false);
        final int s = remote == AddressMapper.NOT_MAPPED ? -1 : state.findOutbound(
            t.innerProtocol, t.innerDstHigh, t.innerDstLow, t.innerDstPort, (int)remote, t.innerSrcPort);
        if (s < 0)
        {
            return drop(DropReason.NO_BIB_ENTRY);
        }
        final int bib = state.sessionBib(s);
        mapper.bind(state.bibV4Address(bib), t.innerDstHigh, t.innerDstLow);
        final int verdict = siit.translate6to4(buffer, offset, length, result);
        if (verdict > 0)
        {
            Nat64Rewriter.innerOutbound(result, t.innerProtocol, t.innerDstPort, state.bibV4Port(bib));
        }
        return verdict;
    }

    private int refused6(
        final int verdict, final MutableDirectBuffer buffer, final int offset, final int length,
        final TranslationResult result)
    {
        final int reason = -verdict;
        counters.drop(reason);
        if (reason == DropReason.POOL4_EXHAUSTED && errors6.write(buffer, offset,
            Ipv6Header.HEADER_LENGTH + (buffer.getShort(offset + 4, ByteOrder.BIG_ENDIAN) & 0xFFFF), false,
            Icmpv6Message.TYPE_DEST_UNREACHABLE, Icmpv6Message.CODE_ADDRESS_UNREACHABLE, 0, result))
        {
            // RFC 6146 3.5.1.1: "SHOULD send an ICMPv6 Destination Unreachable error message with Code 3
            // (Address Unreachable)" (sent when self6 is configured).
            counters.increment(TranslatorCounters.ICMPV6_ERRORS_SENT);
            return result.count();
        }
        return verdict;
    }

    /**
     * Expires sessions (budgeted), discarding any packet the timers produce.
     *
     * @param nowMillis the clock.
     * @return sessions removed.
     */
    public int expire(final long nowMillis)
    {
        return expire(nowMillis, null);
    }

    /**
     * Expires sessions (at most {@link #EXPIRY_BUDGET}) and writes what the timers produce into {@code out}: the
     * probe of every established TCP session that idled out ({@link TranslationResult#KIND_TRANSLATED}, an ACK with
     * sequence and acknowledgment numbers 0 towards its IPv6 endpoint, RFC 6146 3.5.2.2), and an
     * ICMPv4 Port Unreachable (type 3 code 3, from the pool4 address it was sent to) for every held unsolicited
     * SYN whose TCP_INCOMING_SYN passed without an IPv6 SYN (RFC 6146 3.5.2.2), as
     * {@link TranslationResult#KIND_ICMP_ERROR}.
     *
     * @param nowMillis the clock.
     * @param out       reset, then filled; or null to discard.
     * @return the number of packets in {@code out} (sessions removed when {@code out} is null).
     */
    public int expire(final long nowMillis, final TranslationResult out)
    {
        if (null != out)
        {
            out.reset();
        }
        final Nat64Timeouts reload = pendingTimeouts;
        if (null != reload)
        {
            pendingTimeouts = null;
            state.timeouts(reload);
        }
        expiryOut = out;
        final int removed = state.expire(nowMillis, EXPIRY_BUDGET);
        expiryOut = null;
        expireUnbound(nowMillis, out);
        return null == out ? removed : out.count();
    }

    /**
     * Asks for new session timeouts (a configuration reload), from any thread: the owning thread applies them at its
     * next {@link #expire(long, TranslationResult)}, so the hot path never sees a half-applied change.
     *
     * @param values the new timeouts.
     */
    public void requestTimeouts(final Nat64Timeouts values)
    {
        pendingTimeouts = values;
    }

    private void expireUnbound(final long nowMillis, final TranslationResult out)
    {
        int slot;
        while ((slot = held.nextExpiredUnbound(nowMillis)) >= 0)
        {
            if (null != out && out.remaining() < Nat64HeldSyns.SLOT_BYTES + ICMP_ERROR_OVERHEAD)
            {
                return; // the rest goes out with the next call
            }
            if (null != out && errors4.write(held.buffer(), held.offset(slot), held.length(slot),
                held.destination(slot), Icmpv4Message.TYPE_DEST_UNREACHABLE, Icmpv4Message.CODE_PORT_UNREACHABLE, 0,
                out))
            {
                counters.increment(TranslatorCounters.ICMPV4_ERRORS_SENT);
            }
            state.counters().increment(Nat64Counters.HELD_SYN_TIMEOUTS);
            held.release(slot);
        }
    }

    private void onSessionExpiry(final Nat64State expiring, final int session, final int kind)
    {
        if (kind == Nat64ExpiryHandler.PROBE)
        {
            // RFC 6146 3.5.2.2: an idle established connection is probed (towards its IPv6 endpoint).
            if (null != expiryOut && Nat64Probe.write(expiring, session, pool6, expiryOut))
            {
                counters.increment(TranslatorCounters.TCP_PROBES_SENT);
            }
            return;
        }
        final int slot = held.find(session);
        if (slot < 0)
        {
            return;
        }
        final TranslationResult out = expiryOut;
        if (kind == Nat64ExpiryHandler.HELD_SYN_TIMEOUT && null != out && errors4.write(held.buffer(),
            held.offset(slot), held.length(slot), expiring.bibV4Address(expiring.sessionBib(session)),
            Icmpv4Message.TYPE_DEST_UNREACHABLE, Icmpv4Message.CODE_PORT_UNREACHABLE, 0, out))
        {
            counters.increment(TranslatorCounters.ICMPV4_ERRORS_SENT);
        }
        held.release(slot);
    }

    /**
     * Whether an address is in pool4 (RFC 6146 3.8 hairpinning), with the common answer, outside the pool's span,
     * from two compares instead of a binary search.
     */
    private boolean isPool4(final int address)
    {
        final int biased = address ^ Integer.MIN_VALUE;
        return biased >= poolLowest && biased <= poolHighest && pool.indexOf(address) >= 0;
    }

    private int drop(final int reason)
    {
        counters.drop(reason);
        return -reason;
    }

    /**
     * The NAT64 state this translator runs on.
     *
     * @return the state.
     */
    public Nat64State state()
    {
        return state;
    }

    /**
     * The drop and event counters (NAT64 refusals are also in {@link Nat64State#counters()}).
     *
     * @return the counters.
     */
    public TranslatorCounters counters()
    {
        return counters;
    }

    /**
     * Held unsolicited SYNs waiting for their timer.
     *
     * @return the count.
     */
    public int heldSyns()
    {
        return held.used();
    }

    /**
     * Held SYNs that found no free slot (held by the state, but their timeout cannot be answered).
     *
     * @return the count.
     */
    public long heldSynOverflows()
    {
        return held.overflows();
    }

    /**
     * Bytes preallocated by the translator itself (fragment cache, held-SYN slots, scratch), beyond the state's.
     *
     * @return the bytes.
     */
    public long allocatedBytes()
    {
        return fragments.allocatedBytes() + held.allocatedBytes() + hairpin.buffer().capacity();
    }
}
