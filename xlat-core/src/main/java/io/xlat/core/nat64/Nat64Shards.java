package io.xlat.core.nat64;

import java.util.List;

/**
 * A stateful NAT64 spread over shards without locks: each shard is a single-threaded {@link Nat64State} owning a
 * disjoint slice of pool4's ports and its own tables. The router sends an IPv6 packet to the shard of its
 * subscriber ({@link #shardForOutbound(long, long)}: a keyed hash of the source address cut to the subscriber
 * prefix, so a subscriber stays on one shard and its session limit is exact) and an IPv4 packet to the owner of its
 * destination transport address ({@link #shardForInbound(int, int)}: {@link PortOwners}). Both are O(1) and
 * allocation-free. {@link Nat64ShardRouter} applies them to raw packets (ICMP errors by their inner packet, IPv4
 * fragments by their first fragment), and {@link io.xlat.core.handoff.ShardHandoff} moves packets between the
 * shards' threads.
 * <p>
 * Static BIB entries live in the shard of their IPv6 host, and their IPv4 transport address is owned by that shard
 * (an override in {@link PortOwners}), so both directions of a port-forwarded flow meet in the same shard.
 */
public final class Nat64Shards
{
    private final Nat64State[] shards;
    private final PortOwners owners;
    private final long secret;
    private final long maskHigh;
    private final long maskLow;

    /**
     * Creates the shards; the configuration's capacities are totals, divided evenly.
     *
     * @param config     sizing and policy (totals).
     * @param pool       pool4.
     * @param shardCount number of shards, 1..1024.
     * @param statics    static BIB entries.
     * @throws IllegalArgumentException for a bad shard count or conflicting static entries.
     */
    public Nat64Shards(
        final Nat64Config config, final Pool4 pool, final int shardCount, final List<StaticBibEntry> statics)
    {
        if (shardCount < 1 || shardCount > 1024)
        {
            throw new IllegalArgumentException("shards=" + shardCount + ": must be in 1..1024");
        }
        this.secret = Nat64Hash.splitMix(config.seed(), 5);
        final int length = config.subscriberPrefixLength();
        this.maskHigh = length >= 64 ? -1L : (length == 0 ? 0 : -1L << (64 - length));
        this.maskLow = length <= 64 ? 0 : (length == 128 ? -1L : -1L << (128 - length));
        final int[] addresses = new int[statics.size()];
        final int[] ports = new int[statics.size()];
        final int[] owner = new int[statics.size()];
        for (int i = 0; i < statics.size(); i++)
        {
            final StaticBibEntry e = statics.get(i);
            addresses[i] = e.v4Address();
            ports[i] = e.v4Port();
            owner[i] = hashShard(e.v6High(), e.v6Low(), shardCount);
        }
        this.owners = shardCount == 1 && statics.isEmpty() ?
            PortOwners.single() : new PortOwners(shardCount, addresses, ports, owner);
        final Nat64Config perShard = config.perShard(shardCount);
        this.shards = new Nat64State[shardCount];
        for (int s = 0; s < shardCount; s++)
        {
            shards[s] = new Nat64State(perShard, pool, owners, s);
        }
        for (int i = 0; i < statics.size(); i++)
        {
            shards[owner[i]].addStaticBib(statics.get(i));
        }
    }

    /**
     * Number of shards.
     *
     * @return at least 1.
     */
    public int shardCount()
    {
        return shards.length;
    }

    /**
     * One shard's state; only that shard's thread may call its mutating methods.
     *
     * @param index 0..{@link #shardCount()}-1.
     * @return the state.
     */
    public Nat64State shard(final int index)
    {
        return shards[index];
    }

    /**
     * The port ownership shared by the shards.
     *
     * @return the ownership.
     */
    public PortOwners owners()
    {
        return owners;
    }

    /**
     * The shard of an IPv6 packet: a keyed hash of its source address cut to the subscriber prefix.
     *
     * @param srcHigh IPv6 source, high 64 bits.
     * @param srcLow  IPv6 source, low 64 bits.
     * @return the shard.
     */
    public int shardForOutbound(final long srcHigh, final long srcLow)
    {
        return hashShard(srcHigh, srcLow, shards.length);
    }

    /**
     * The shard of an IPv4 packet: the owner of its destination transport address.
     *
     * @param v4Address destination address (pool4).
     * @param port      destination port, or ICMP identifier.
     * @return the shard.
     */
    public int shardForInbound(final int v4Address, final int port)
    {
        return owners.owner(v4Address, port);
    }

    private int hashShard(final long high, final long low, final int count)
    {
        if (count == 1)
        {
            return 0;
        }
        return (int)Long.remainderUnsigned(Nat64Hash.mix(secret, high & maskHigh, low & maskLow), count);
    }
}
