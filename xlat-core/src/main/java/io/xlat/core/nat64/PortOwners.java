package io.xlat.core.nat64;

import java.util.Arrays;

/**
 * Which shard owns a pool4 transport address: {@link Pool4#owner(int, int, int)} (64-port blocks dealt round-robin),
 * except for the transport addresses of static BIB entries, which belong to the shard of their IPv6 host so that
 * both directions of a port-forwarded flow meet in one shard. Immutable after construction; shared by all shards.
 * <p>
 * {@link #owner(int, int)} is hot-path safe: one remainder, plus one probe of a small open-addressing table when
 * static entries exist.
 */
public final class PortOwners
{
    private static final PortOwners SINGLE = new PortOwners(1, new long[0], new int[0]);

    private final int shards;
    private final long[] overrideKeys;
    private final int[] overrideShards;
    private final int overrideMask;
    private final int overrideCount;
    private final int[] addresses;
    private final int[] ports;
    private final int[] owners;

    /**
     * Creates the ownership for a number of shards with overrides.
     *
     * @param shards    the number of shards, at least 1.
     * @param addresses override addresses.
     * @param ports     override ports (same length).
     * @param owners    override owner shards (same length).
     */
    PortOwners(final int shards, final int[] addresses, final int[] ports, final int[] owners)
    {
        this.shards = shards;
        this.overrideCount = addresses.length;
        this.addresses = addresses.clone();
        this.ports = ports.clone();
        this.owners = owners.clone();
        int size = 4;
        while (size < 2 * addresses.length)
        {
            size <<= 1;
        }
        this.overrideKeys = new long[size];
        this.overrideShards = new int[size];
        this.overrideMask = size - 1;
        Arrays.fill(overrideKeys, -1L);
        for (int i = 0; i < addresses.length; i++)
        {
            final long key = key(addresses[i], ports[i]);
            int slot = slot(key);
            while (overrideKeys[slot] != -1L && overrideKeys[slot] != key)
            {
                slot = (slot + 1) & overrideMask;
            }
            if (overrideKeys[slot] == key && overrideShards[slot] != owners[i])
            {
                throw new IllegalArgumentException(
                    "static-bib=" + Pool4.format(addresses[i], ports[i]) + ": the same IPv4 transport address is " +
                    "forwarded to IPv6 hosts on different shards; use one IPv6 host per IPv4 address#port");
            }
            overrideKeys[slot] = key;
            overrideShards[slot] = owners[i];
        }
    }

    private PortOwners(final int shards, final long[] keys, final int[] owners)
    {
        this.shards = shards;
        this.overrideKeys = keys;
        this.overrideShards = owners;
        this.overrideMask = 0;
        this.overrideCount = 0;
        this.addresses = new int[0];
        this.ports = new int[0];
        this.owners = new int[0];
    }

    /**
     * Ownership for one shard, which owns everything.
     *
     * @return the shared single-shard instance.
     */
    public static PortOwners single()
    {
        return SINGLE;
    }

    /**
     * Number of shards.
     *
     * @return at least 1.
     */
    public int shards()
    {
        return shards;
    }

    /**
     * The shard owning a pool4 transport address.
     *
     * @param address the IPv4 address.
     * @param port    the port or ICMP identifier.
     * @return 0..{@link #shards()}-1.
     */
    public int owner(final int address, final int port)
    {
        if (overrideCount != 0)
        {
            final long key = key(address, port);
            int slot = slot(key);
            while (true)
            {
                final long k = overrideKeys[slot];
                if (k == key)
                {
                    return overrideShards[slot];
                }
                if (k == -1L)
                {
                    break;
                }
                slot = (slot + 1) & overrideMask;
            }
        }
        return shards == 1 ? 0 : Pool4.owner(address, port, shards);
    }

    int overrideCount()
    {
        return overrideCount;
    }

    int overrideAddress(final int i)
    {
        return addresses[i];
    }

    int overridePort(final int i)
    {
        return ports[i];
    }

    int overrideShard(final int i)
    {
        return owners[i];
    }

    private static long key(final int address, final int port)
    {
        return (address & 0xFFFF_FFFFL) << 16 | port;
    }

    private int slot(final long key)
    {
        return (int)(Nat64Hash.mix(key) & overrideMask);
    }
}
