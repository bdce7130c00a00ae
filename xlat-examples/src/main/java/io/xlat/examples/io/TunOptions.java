package io.xlat.examples.io;

import java.nio.charset.StandardCharsets;

/**
 * How to open a TUN device: its name, the number of queues and the optional virtio-net header with offloads.
 * A fluent context validated by {@link #conclude()}, which {@link TunChannel#open(TunOptions)} calls.
 * <pre>{@code
 * TunChannel[] queues = TunChannel.openQueues(new TunOptions().name("plat0").queues(2));
 * }</pre>
 */
public final class TunOptions
{
    /** {@code TUN_F_CSUM}: the kernel may hand over packets whose L4 checksum is only partial (NEEDS_CSUM). */
    public static final int OFFLOAD_CSUM = 0x01;
    /** {@code TUN_F_TSO4}: TCP over IPv4 super-packets (needs {@link #OFFLOAD_CSUM}). */
    public static final int OFFLOAD_TSO4 = 0x02;
    /** {@code TUN_F_TSO6}: TCP over IPv6 super-packets (needs {@link #OFFLOAD_CSUM}). */
    public static final int OFFLOAD_TSO6 = 0x04;
    /** {@code TUN_F_TSO_ECN}: TSO super-packets may carry CWR. */
    public static final int OFFLOAD_TSO_ECN = 0x08;
    /** {@code TUN_F_USO4}: UDP segmentation offload over IPv4 (Linux 6.2+). */
    public static final int OFFLOAD_USO4 = 0x20;
    /** {@code TUN_F_USO6}: UDP segmentation offload over IPv6 (Linux 6.2+). */
    public static final int OFFLOAD_USO6 = 0x40;

    /** The offloads {@link GsoSegmenter} handles: checksum, TSO over IPv4 and IPv6, with ECN. */
    public static final int OFFLOAD_TCP = OFFLOAD_CSUM | OFFLOAD_TSO4 | OFFLOAD_TSO6 | OFFLOAD_TSO_ECN;

    /** Size of {@code struct virtio_net_hdr}. */
    public static final int VNET_HEADER_SIZE = 10;
    /** Size of {@code struct virtio_net_hdr_mrg_rxbuf} (with {@code num_buffers}). */
    public static final int VNET_HEADER_SIZE_MERGEABLE = 12;

    private static final int MAX_NAME = 15;
    private static final int MAX_QUEUES = 256;
    private static final int ALL_OFFLOADS = OFFLOAD_CSUM | OFFLOAD_TSO4 | OFFLOAD_TSO6 | OFFLOAD_TSO_ECN
        | OFFLOAD_USO4 | OFFLOAD_USO6;

    private String name = "";
    private int queues = 1;
    private boolean multiQueue;
    private boolean vnetHeader;
    private int vnetHeaderSize = VNET_HEADER_SIZE;
    private int offloads;
    private int persist = -1;
    private boolean nonBlocking = true;

    /**
     * Sets the interface name; created by the kernel when absent (an empty name lets the kernel pick
     * {@code tunN}).
     *
     * @param value up to 15 bytes, no '/', ':' or whitespace.
     * @return this.
     */
    public TunOptions name(final String value)
    {
        this.name = value;
        return this;
    }

    /**
     * Sets the number of queues {@link TunChannel#openQueues(TunOptions)} opens; more than one implies
     * {@link #multiQueue(boolean)}.
     *
     * @param value 1 to 256; one per worker thread.
     * @return this.
     */
    public TunOptions queues(final int value)
    {
        this.queues = value;
        return this;
    }

    /**
     * Asks for {@code IFF_MULTI_QUEUE} even with one queue, so other queues can attach to the device later.
     *
     * @param value true for a multiqueue device.
     * @return this.
     */
    public TunOptions multiQueue(final boolean value)
    {
        this.multiQueue = value;
        return this;
    }

    /**
     * Asks for {@code IFF_VNET_HDR}: every packet crosses the file descriptor behind a virtio-net header, which
     * {@link TunChannel} keeps out of the caller's buffer ({@link TunChannel#readHeader()},
     * {@link TunChannel#writeHeader()}).
     *
     * @param value true to enable.
     * @return this.
     */
    public TunOptions vnetHeader(final boolean value)
    {
        this.vnetHeader = value;
        return this;
    }

    /**
     * Sets the virtio-net header size ({@code TUNSETVNETHDRSZ}).
     *
     * @param value {@link #VNET_HEADER_SIZE} or {@link #VNET_HEADER_SIZE_MERGEABLE}.
     * @return this.
     */
    public TunOptions vnetHeaderSize(final int value)
    {
        this.vnetHeaderSize = value;
        return this;
    }

    /**
     * Sets the offloads announced with {@code TUNSETOFFLOAD}; implies {@link #vnetHeader(boolean)}. With
     * {@link #OFFLOAD_CSUM} packets may arrive with a partial checksum, with TSO as super-packets of up to 64 KiB:
     * see {@link VirtioNetHeader} and {@link GsoSegmenter}.
     *
     * @param value a combination of the {@code OFFLOAD_*} flags.
     * @return this.
     */
    public TunOptions offloads(final int value)
    {
        this.offloads = value;
        return this;
    }

    /**
     * Makes the device persistent ({@code TUNSETPERSIST 1}, it outlives the process) or not ({@code 0}). Left
     * alone when not called: a device the kernel creates for us is not persistent and disappears with the last
     * queue closed, while a device an operator created with {@code ip tuntap add} stays.
     *
     * @param value the persistence to set.
     * @return this.
     */
    public TunOptions persist(final boolean value)
    {
        this.persist = value ? 1 : 0;
        return this;
    }

    /**
     * Chooses non-blocking reads ({@code O_NONBLOCK}, the default: {@link TunChannel#read} returns 0 when no packet
     * is queued and the worker waits in {@link TunChannel#awaitReadable(int)}) or blocking ones.
     *
     * @param value true for non-blocking.
     * @return this.
     */
    public TunOptions nonBlocking(final boolean value)
    {
        this.nonBlocking = value;
        return this;
    }

    /**
     * Validates the options.
     *
     * @return this.
     * @throws IllegalArgumentException naming the bad value.
     */
    public TunOptions conclude()
    {
        if (name == null || name.getBytes(StandardCharsets.US_ASCII).length > MAX_NAME
            || !name.matches("[A-Za-z0-9_.-]*") || ".".equals(name) || "..".equals(name))
        {
            throw new IllegalArgumentException("name=" + name + " is not a valid interface name (up to 15 of "
                + "A-Z a-z 0-9 _ . -)");
        }
        if (queues < 1 || queues > MAX_QUEUES)
        {
            throw new IllegalArgumentException("queues=" + queues + " is outside 1.." + MAX_QUEUES);
        }
        if (queues > 1 && name.isEmpty())
        {
            throw new IllegalArgumentException("queues=" + queues + " needs a name for the queues to share");
        }
        if (vnetHeaderSize != VNET_HEADER_SIZE && vnetHeaderSize != VNET_HEADER_SIZE_MERGEABLE)
        {
            throw new IllegalArgumentException("vnetHeaderSize=" + vnetHeaderSize + " is neither 10 nor 12");
        }
        if ((offloads & ~ALL_OFFLOADS) != 0)
        {
            throw new IllegalArgumentException("offloads=0x" + Integer.toHexString(offloads) + " has unknown bits");
        }
        if ((offloads & ~OFFLOAD_CSUM) != 0 && (offloads & OFFLOAD_CSUM) == 0)
        {
            throw new IllegalArgumentException("offloads=0x" + Integer.toHexString(offloads)
                + ": segmentation offloads need OFFLOAD_CSUM (the kernel refuses them without it)");
        }
        return this;
    }

    String name()
    {
        return name;
    }

    int queues()
    {
        return queues;
    }

    boolean isMultiQueue()
    {
        return multiQueue || queues > 1;
    }

    boolean hasVnetHeader()
    {
        return vnetHeader || offloads != 0;
    }

    int vnetHeaderSize()
    {
        return hasVnetHeader() ? vnetHeaderSize : 0;
    }

    int offloads()
    {
        return offloads;
    }

    int persist()
    {
        return persist;
    }

    boolean isNonBlocking()
    {
        return nonBlocking;
    }
}
