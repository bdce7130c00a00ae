package io.xlat.core.nat64;

import io.xlat.core.addr.Ipv4Addresses;
import io.xlat.core.addr.Ipv4Prefix;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.TreeSet;

/**
 * pool4: the IPv4 transport addresses a stateful NAT64 maps IPv6 flows to (RFC 6146 3.5.1.1), as IPv4 addresses times
 * port ranges, per protocol (TCP ports, UDP ports, ICMP identifiers). Immutable; built at start.
 * <p>
 * CLI syntax, one entry per {@code --pool4}: {@code [PROTO:]V4PFX[:PORTMIN-PORTMAX]}, for example
 * {@code 192.0.2.0/28:1024-65535}, {@code udp:192.0.2.1:40000-49999} or {@code 198.51.100.7}. Without a protocol
 * the entry applies to TCP, UDP and ICMP; without ports TCP and UDP get 1024-65535 (RFC 6146 3.5.1.1 keeps
 * well-known ports for the NAT64's own use unless asked) and ICMP identifiers 0-65535.
 * <p>
 * Sharding: the ports of every address are cut into 64-port blocks dealt round-robin to the shards, starting at an
 * offset given by the address ({@link #owner(int, int, int)}), so every shard owns a disjoint slice of every
 * address, both port parities, and the owner of an (address, port) is one shift, add and remainder.
 */
public final class Pool4
{
    /** Default lowest port for TCP and UDP. */
    public static final int DEFAULT_PORT_MIN = 1024;
    /** Default highest port. */
    public static final int DEFAULT_PORT_MAX = 65535;
    /** log2 of the port block size used to deal ports to shards. */
    public static final int BLOCK_SHIFT = 6;
    /** Most addresses a pool may hold. */
    public static final int MAX_ADDRESSES = 65536;

    private final int[] addresses;
    /** The first address when the addresses are one contiguous run (a prefix), so that indexOf is a subtraction. */
    private final int contiguousBase;
    private final boolean contiguous;
    private final int[][][] ranges;
    private final int[][] portCounts;
    private final String text;

    private Pool4(final int[] addresses, final int[][][] ranges, final String text)
    {
        this.addresses = addresses;
        this.contiguous = addresses.length > 0 &&
            (long)(addresses[addresses.length - 1] - addresses[0]) == addresses.length - 1;
        this.contiguousBase = addresses.length > 0 ? addresses[0] : 0;
        this.ranges = ranges;
        this.text = text;
        this.portCounts = new int[Nat64Protocol.COUNT][addresses.length];
        for (int p = 0; p < Nat64Protocol.COUNT; p++)
        {
            for (int a = 0; a < addresses.length; a++)
            {
                int count = 0;
                final int[] r = ranges[p][a];
                for (int i = 0; i < r.length; i += 2)
                {
                    count += r[i + 1] - r[i] + 1;
                }
                portCounts[p][a] = count;
            }
        }
    }

    /**
     * Starts an empty builder.
     *
     * @return a new builder.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * Parses one or more CLI entries into a pool.
     *
     * @param specs entries in the syntax of the class comment.
     * @return the validated pool.
     * @throws IllegalArgumentException {@code pool4=SPEC: what is wrong}.
     */
    public static Pool4 parse(final String... specs)
    {
        final Builder builder = builder();
        for (final String spec : specs)
        {
            builder.add(spec);
        }
        return builder.build();
    }

    /**
     * The shard owning a pool4 transport address when ports are dealt to {@code shards} shards.
     *
     * @param address the IPv4 address.
     * @param port    the port or ICMP identifier.
     * @param shards  the number of shards, at least 1.
     * @return 0..shards-1.
     */
    public static int owner(final int address, final int port, final int shards)
    {
        return Integer.remainderUnsigned((port >>> BLOCK_SHIFT) + address, shards);
    }

    /**
     * Number of distinct addresses.
     *
     * @return at least 1.
     */
    public int addressCount()
    {
        return addresses.length;
    }

    /**
     * An address by index; indices follow unsigned address order.
     *
     * @param index 0..{@link #addressCount()}-1.
     * @return the address.
     */
    public int address(final int index)
    {
        return addresses[index];
    }

    /**
     * Finds the index of an address.
     *
     * @param address an IPv4 address.
     * @return its index, or -1 when it is not in the pool.
     */
    public int indexOf(final int address)
    {
        if (contiguous)
        {
            // Sorted unsigned and gap-free: the index is the distance from the first address.
            final int index = address - contiguousBase;
            return index >= 0 && index < addresses.length ? index : -1;
        }
        int low = 0;
        int high = addresses.length - 1;
        final int key = address ^ Integer.MIN_VALUE;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            final int value = addresses[mid] ^ Integer.MIN_VALUE;
            if (value < key)
            {
                low = mid + 1;
            }
            else if (value > key)
            {
                high = mid - 1;
            }
            else
            {
                return mid;
            }
        }
        return -1;
    }

    /**
     * Number of ports (identifiers) of a protocol on an address.
     *
     * @param protocol     a {@link Nat64Protocol} constant.
     * @param addressIndex the address index.
     * @return 0 when the protocol has no range on that address.
     */
    public int portCount(final int protocol, final int addressIndex)
    {
        return portCounts[protocol][addressIndex];
    }

    /**
     * The {@code k}-th port of a protocol on an address, counting through its ranges in order.
     *
     * @param protocol     a {@link Nat64Protocol} constant.
     * @param addressIndex the address index.
     * @param k            0..{@link #portCount(int, int)}-1.
     * @return the port.
     */
    public int port(final int protocol, final int addressIndex, final int k)
    {
        final int[] r = ranges[protocol][addressIndex];
        int remaining = k;
        for (int i = 0; i < r.length; i += 2)
        {
            final int length = r[i + 1] - r[i] + 1;
            if (remaining < length)
            {
                return r[i] + remaining;
            }
            remaining -= length;
        }
        throw new IndexOutOfBoundsException("k=" + k);
    }

    /**
     * Lowest port of a protocol on an address.
     *
     * @param protocol     a {@link Nat64Protocol} constant.
     * @param addressIndex the address index.
     * @return the port, or -1 when the protocol has no range there.
     */
    public int lowestPort(final int protocol, final int addressIndex)
    {
        final int[] r = ranges[protocol][addressIndex];
        return r.length == 0 ? -1 : r[0];
    }

    /**
     * Highest port of a protocol on an address.
     *
     * @param protocol     a {@link Nat64Protocol} constant.
     * @param addressIndex the address index.
     * @return the port, or -1 when the protocol has no range there.
     */
    public int highestPort(final int protocol, final int addressIndex)
    {
        final int[] r = ranges[protocol][addressIndex];
        int highest = -1;
        for (int i = 1; i < r.length; i += 2)
        {
            highest = Math.max(highest, r[i]);
        }
        return highest;
    }

    /**
     * Whether a transport address belongs to the pool.
     *
     * @param protocol a {@link Nat64Protocol} constant.
     * @param address  the IPv4 address.
     * @param port     the port or identifier.
     * @return true when the address is in the pool and the port in one of its ranges for that protocol.
     */
    public boolean contains(final int protocol, final int address, final int port)
    {
        final int index = indexOf(address);
        if (index < 0)
        {
            return false;
        }
        final int[] r = ranges[protocol][index];
        for (int i = 0; i < r.length; i += 2)
        {
            if (port >= r[i] && port <= r[i + 1])
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Counts the ports of a protocol on an address that a shard owns ({@link #owner(int, int, int)}).
     *
     * @param protocol     a {@link Nat64Protocol} constant.
     * @param addressIndex the address index.
     * @param shard        the shard.
     * @param shards       the number of shards.
     * @return the count (cold: walks the 64-port blocks).
     */
    public int ownedPortCount(final int protocol, final int addressIndex, final int shard, final int shards)
    {
        final int address = addresses[addressIndex];
        final int[] r = ranges[protocol][addressIndex];
        int count = 0;
        for (int i = 0; i < r.length; i += 2)
        {
            int port = r[i];
            while (port <= r[i + 1])
            {
                final int blockEnd = Math.min(r[i + 1], port | ((1 << BLOCK_SHIFT) - 1));
                if (owner(address, port, shards) == shard)
                {
                    count += blockEnd - port + 1;
                }
                port = blockEnd + 1;
            }
        }
        return count;
    }

    /**
     * The configuration text the pool was built from.
     *
     * @return entries joined with spaces.
     */
    @Override
    public String toString()
    {
        return text;
    }

    /** Collects entries; {@link #build()} validates them together. */
    public static final class Builder
    {
        private final List<int[]> entries = new ArrayList<>();
        private final List<String> texts = new ArrayList<>();

        private Builder()
        {
        }

        /**
         * Adds an entry in CLI syntax.
         *
         * @param spec {@code [PROTO:]V4PFX[:PORTMIN-PORTMAX]}.
         * @return this.
         * @throws IllegalArgumentException {@code pool4=SPEC: what is wrong}.
         */
        public Builder add(final String spec)
        {
            if (null == spec || spec.isEmpty())
            {
                throw new IllegalArgumentException("pool4=" + spec + ": empty entry");
            }
            String rest = spec;
            int protocol = Nat64Protocol.NONE;
            final int firstColon = rest.indexOf(':');
            if (firstColon > 0 && !Character.isDigit(rest.charAt(0)))
            {
                protocol = Nat64Protocol.parse(rest.substring(0, firstColon));
                if (protocol == Nat64Protocol.NONE)
                {
                    throw new IllegalArgumentException(
                        "pool4=" + spec + ": unknown protocol \"" + rest.substring(0, firstColon) +
                        "\" (expected tcp, udp or icmp)");
                }
                rest = rest.substring(firstColon + 1);
            }
            final int colon = rest.indexOf(':');
            final String prefixText = colon < 0 ? rest : rest.substring(0, colon);
            final Ipv4Prefix prefix;
            try
            {
                prefix = Ipv4Prefix.parse(prefixText);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException("pool4=" + spec + ": " + ex.getMessage(), ex);
            }
            if (colon < 0)
            {
                return add(spec, protocol, prefix, -1, -1);
            }
            final String ports = rest.substring(colon + 1);
            final int dash = ports.indexOf('-');
            if (dash <= 0 || dash == ports.length() - 1)
            {
                throw new IllegalArgumentException(
                    "pool4=" + spec + ": port range \"" + ports + "\" is not PORTMIN-PORTMAX");
            }
            final int min = parsePort(spec, ports.substring(0, dash));
            final int max = parsePort(spec, ports.substring(dash + 1));
            return add(spec, protocol, prefix, min, max);
        }

        /**
         * Adds an entry.
         *
         * @param protocol a {@link Nat64Protocol} constant, or {@link Nat64Protocol#NONE} for all three.
         * @param prefix   the addresses.
         * @param portMin  lowest port, 0..65535.
         * @param portMax  highest port, portMin..65535.
         * @return this.
         */
        public Builder add(final int protocol, final Ipv4Prefix prefix, final int portMin, final int portMax)
        {
            final String proto = protocol == Nat64Protocol.NONE ? "" : Nat64Protocol.label(protocol) + ":";
            return add(proto + prefix + ":" + portMin + "-" + portMax, protocol, prefix, portMin, portMax);
        }

        private Builder add(
            final String spec, final int protocol, final Ipv4Prefix prefix, final int portMin, final int portMax)
        {
            if (portMin != -1 || portMax != -1)
            {
                if (portMin < 0 || portMin > 65535 || portMax < 0 || portMax > 65535)
                {
                    throw new IllegalArgumentException("pool4=" + spec + ": ports must be in 0..65535");
                }
                if (portMin > portMax)
                {
                    throw new IllegalArgumentException(
                        "pool4=" + spec + ": port range " + portMin + "-" + portMax + " has min > max");
                }
            }
            if (prefix.length() < 16)
            {
                throw new IllegalArgumentException(
                    "pool4=" + spec + ": prefix /" + prefix.length() + " is larger than /16 (" + MAX_ADDRESSES +
                    " addresses at most)");
            }
            for (int p = 0; p < Nat64Protocol.COUNT; p++)
            {
                if (protocol == Nat64Protocol.NONE || protocol == p)
                {
                    final int min = portMin >= 0 ? portMin : (p == Nat64Protocol.ICMP ? 0 : DEFAULT_PORT_MIN);
                    final int max = portMax >= 0 ? portMax : DEFAULT_PORT_MAX;
                    entries.add(new int[] {p, prefix.address(), prefix.length(), min, max});
                    texts.add(spec);
                }
            }
            return this;
        }

        private static int parsePort(final String spec, final String text)
        {
            if (text.isEmpty() || text.length() > 5)
            {
                throw new IllegalArgumentException("pool4=" + spec + ": port \"" + text + "\" is not in 0..65535");
            }
            int value = 0;
            for (int i = 0; i < text.length(); i++)
            {
                final char c = text.charAt(i);
                if (c < '0' || c > '9')
                {
                    throw new IllegalArgumentException("pool4=" + spec + ": port \"" + text + "\" is not a number");
                }
                value = value * 10 + (c - '0');
            }
            if (value > 65535)
            {
                throw new IllegalArgumentException("pool4=" + spec + ": port " + value + " is not in 0..65535");
            }
            return value;
        }

        /**
         * Validates the entries together and builds the pool.
         *
         * @return the pool.
         * @throws IllegalArgumentException when empty, when two entries of one protocol overlap (same address, ports
         *                                  in common), or when the pool has more than 65536 addresses.
         */
        public Pool4 build()
        {
            if (entries.isEmpty())
            {
                throw new IllegalArgumentException("pool4=: empty pool (give at least one V4PFX[:PORTMIN-PORTMAX])");
            }
            for (int i = 0; i < entries.size(); i++)
            {
                for (int j = 0; j < i; j++)
                {
                    final int[] a = entries.get(i);
                    final int[] b = entries.get(j);
                    final int shorter = Math.min(a[2], b[2]);
                    final boolean addressesOverlap = ((a[1] ^ b[1]) & Ipv4Prefix.mask(shorter)) == 0;
                    if (a[0] == b[0] && addressesOverlap && a[3] <= b[4] && b[3] <= a[4])
                    {
                        throw new IllegalArgumentException(
                            "pool4=" + texts.get(i) + ": " + Nat64Protocol.label(a[0]) + " ports overlap pool4=" +
                            texts.get(j));
                    }
                }
            }
            final int[] addresses = collectAddresses();
            final int[][][] ranges = new int[Nat64Protocol.COUNT][addresses.length][];
            for (int p = 0; p < Nat64Protocol.COUNT; p++)
            {
                for (int a = 0; a < addresses.length; a++)
                {
                    ranges[p][a] = rangesOf(p, addresses[a]);
                }
            }
            return new Pool4(addresses, ranges, String.join(" ", new LinkedHashSet<>(texts)));
        }

        private int[] collectAddresses()
        {
            long total = 0;
            final TreeSet<Integer> set = new TreeSet<>(Integer::compareUnsigned);
            for (int i = 0; i < entries.size(); i++)
            {
                final int[] e = entries.get(i);
                final long size = 1L << (32 - e[2]);
                total += size;
                if (total > 4L * MAX_ADDRESSES)
                {
                    throw new IllegalArgumentException(
                        "pool4=" + texts.get(i) + ": pool larger than " + MAX_ADDRESSES + " addresses");
                }
                for (long k = 0; k < size; k++)
                {
                    set.add(e[1] + (int)k);
                }
            }
            if (set.size() > MAX_ADDRESSES)
            {
                throw new IllegalArgumentException(
                    "pool4=" + String.join(" ", texts) + ": pool larger than " + MAX_ADDRESSES + " addresses");
            }
            final int[] result = new int[set.size()];
            int n = 0;
            for (final Integer address : set)
            {
                result[n++] = address;
            }
            return result;
        }

        private int[] rangesOf(final int protocol, final int address)
        {
            final List<int[]> found = new ArrayList<>();
            for (final int[] e : entries)
            {
                if (e[0] == protocol && ((address ^ e[1]) & Ipv4Prefix.mask(e[2])) == 0)
                {
                    found.add(new int[] {e[3], e[4]});
                }
            }
            found.sort((x, y) -> Integer.compare(x[0], y[0]));
            final int[] result = new int[found.size() * 2];
            for (int i = 0; i < found.size(); i++)
            {
                result[2 * i] = found.get(i)[0];
                result[2 * i + 1] = found.get(i)[1];
            }
            return result;
        }
    }

    static String format(final int address, final int port)
    {
        return Ipv4Addresses.format(address) + "#" + port;
    }
}
