package io.xlat.dns64.server;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;

import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.UnsafeBuffer;

import io.xlat.dns64.codec.DnsError;
import io.xlat.dns64.codec.DnsHeader;
import io.xlat.dns64.codec.DnsMessageReader;
import io.xlat.dns64.codec.DnsMessageWriter;
import io.xlat.dns64.codec.DnsName;
import io.xlat.dns64.codec.DnsRecordType;
import io.xlat.dns64.synth.Dns64Synthesizer;

/**
 * The duty cycle of a {@link Dns64Server}: one thread, one {@link Selector} over non-blocking channels (UDP and TCP
 * listeners, the upstream UDP socket pool, TCP clients, upstream TCP exchanges). Each cycle handles the ready keys
 * through a preallocated handler (no selected-key set iteration), then every {@value #TIMER_INTERVAL_MS} ms scans
 * the pending-query table for upstream timeouts and the TCP clients for idle ones.
 * <p>
 * Per query nothing is allocated by this class: buffers, the pending table, the cache and the random ID pool are
 * created at start. Client datagrams move through each listener's {@link DatagramIo} in batches of up to
 * {@value #UDP_BATCH}: one receive call per readable listener, the answers produced meanwhile (cache hits, errors,
 * and upstream answers completed in the same duty cycle) collected in the listener's send batch and sent together
 * at the end of the handler or cycle. Client addresses travel as raw bytes ({@link SocketAddressBytes}) from the
 * receive batch through the pending table to the send batch. With {@link ChannelDatagramIo} (the default) the one
 * allocation left on the cache-warm UDP path is the JDK's: {@code DatagramChannel.receive} returns a new {@link
 * InetSocketAddress} whenever the sender differs from the previous datagram's, so a single client costs nothing
 * per query (Dns64ServerAllocationTest); a {@code recvmmsg}/{@code sendmmsg} implementation (xlat-examples) has
 * none. TCP accepts, upstream TCP exchanges (after TC) and the random pool refill allocate; they are off the UDP
 * hot path.
 */
final class Dns64ServerAgent implements Agent
{
    static final int TIMER_INTERVAL_MS = 5;
    static final int MAX_MESSAGE = 65_535;
    private static final int UDP_BATCH = 64;
    /** Receive slot: a larger query datagram is dropped (query-too-large); pending slots hold 1024 bytes anyway. */
    private static final int UDP_SLOT = 4096;
    private static final int ACCEPT_BATCH = 16;

    private final Dns64ServerConfig config;
    private final Dns64ServerCounters counters;
    private final EpochClock clock;
    private final long pollMs;
    private final Dns64Synthesizer synth;
    private final Selector selector;
    private final DatagramChannel[] udpListeners;
    private final DatagramIo[] udpIo;
    private final DatagramBatch rxBatch;
    private final DatagramBatch[] txBatches;
    private final ServerSocketChannel[] tcpListeners;
    private final InetSocketAddress[] upstreamAddress;
    private final DatagramChannel[][] upstreamSockets;
    private final PendingQueries pending;
    private final ResponseCache cache;
    private final RandomIds random = new RandomIds();
    private final TcpClientConnection[] tcpClients;
    private final TcpUpstreamConnection[] tcpUpstreams;
    private final ByteBuffer rx = ByteBuffer.allocateDirect(MAX_MESSAGE);
    private final UnsafeBuffer rxView = new UnsafeBuffer(rx);
    private final ByteBuffer tx = ByteBuffer.allocateDirect(MAX_MESSAGE + 64);
    private final UnsafeBuffer txView = new UnsafeBuffer(tx);
    private final DnsMessageReader queryReader = new DnsMessageReader();
    private final DnsMessageReader responseReader = new DnsMessageReader();
    private final DnsMessageWriter writer = new DnsMessageWriter();
    private final Consumer<SelectionKey> onKey = this::onKey;
    private final UnsafeBuffer peerAddress = new UnsafeBuffer(new byte[SocketAddressBytes.CAPACITY]);
    private int aclFamily;
    private int aclIpv4;
    private long aclHigh;
    private long aclLow;
    private boolean aclAllowed;
    private boolean aclDns64;
    private long nowMs;
    private long nextTimerMs;
    private int roundRobin;

    Dns64ServerAgent(
        final Dns64ServerConfig config,
        final Dns64ServerCounters counters,
        final EpochClock clock,
        final long pollMs) throws IOException
    {
        this.config = config;
        this.counters = counters;
        this.clock = clock;
        this.pollMs = pollMs;
        this.synth = new Dns64Synthesizer(config.dns64());
        this.pending = new PendingQueries(config.maxPending());
        this.cache = config.cacheSize() > 0 ? new ResponseCache(config.cacheSize(), config.cacheEntryBytes()) : null;
        final int listenCount = config.listen().size();
        final int upstreamCount = config.upstreams().size();
        udpListeners = new DatagramChannel[listenCount];
        udpIo = new DatagramIo[listenCount];
        rxBatch = new DatagramBatch(UDP_BATCH, UDP_SLOT);
        txBatches = new DatagramBatch[listenCount];
        for (int i = 0; i < listenCount; i++)
        {
            txBatches[i] = new DatagramBatch(UDP_BATCH, config.maxUdpResponse());
        }
        tcpListeners = new ServerSocketChannel[config.maxTcpClients() > 0 ? listenCount : 0];
        upstreamAddress = config.upstreams().toArray(new InetSocketAddress[0]);
        upstreamSockets = new DatagramChannel[upstreamCount][config.socketsPerUpstream()];
        tcpClients = new TcpClientConnection[config.maxTcpClients()];
        tcpUpstreams = new TcpUpstreamConnection[config.tcpUpstreamConnections()];
        selector = Selector.open();
        try
        {
            open();
        }
        catch (final IOException | RuntimeException ex)
        {
            onClose();
            throw ex;
        }
    }

    private void open() throws IOException
    {
        for (int i = 0; i < udpListeners.length; i++)
        {
            final InetSocketAddress address = config.listen().get(i);
            udpListeners[i] = DatagramChannel.open(family(address));
            udpListeners[i].setOption(StandardSocketOptions.SO_REUSEADDR, true);
            udpListeners[i].bind(address);
            udpListeners[i].configureBlocking(false);
            udpListeners[i].register(selector, SelectionKey.OP_READ, new Endpoint(Endpoint.UDP_LISTENER, i, 0));
            udpIo[i] = config.datagramIo().open(udpListeners[i]);
            if (tcpListeners.length > 0)
            {
                // Same port as the UDP socket when the configuration asked for port 0.
                final InetSocketAddress bound = (InetSocketAddress)udpListeners[i].getLocalAddress();
                tcpListeners[i] = ServerSocketChannel.open(family(address));
                tcpListeners[i].setOption(StandardSocketOptions.SO_REUSEADDR, true);
                tcpListeners[i].bind(new InetSocketAddress(address.getAddress(), bound.getPort()), 128);
                tcpListeners[i].configureBlocking(false);
                tcpListeners[i].register(selector, SelectionKey.OP_ACCEPT, new Endpoint(Endpoint.TCP_LISTENER, i, 0));
            }
        }
        for (int u = 0; u < upstreamSockets.length; u++)
        {
            for (int s = 0; s < upstreamSockets[u].length; s++)
            {
                // RFC 5452 9.2: source port randomization. bind(null) lets Linux pick a random ephemeral port.
                final DatagramChannel channel = DatagramChannel.open(family(upstreamAddress[u]));
                upstreamSockets[u][s] = channel;
                channel.bind(null);
                channel.connect(upstreamAddress[u]);
                channel.configureBlocking(false);
                channel.register(selector, SelectionKey.OP_READ, new Endpoint(Endpoint.UPSTREAM_UDP, u, s));
            }
        }
        for (int i = 0; i < tcpClients.length; i++)
        {
            tcpClients[i] = new TcpClientConnection(i);
        }
        for (int i = 0; i < tcpUpstreams.length; i++)
        {
            tcpUpstreams[i] = new TcpUpstreamConnection(i);
        }
    }

    /**
     * IPv4 sockets for IPv4 addresses: the kernel then takes the plain UDP/IPv4 path instead of the IPv6 socket
     * layer with IPv4-mapped addresses (measurably cheaper per datagram on loopback), and the JDK encodes 16-byte
     * instead of 28-byte socket addresses. IPv6 addresses (the wildcard {@code [::]} included) keep a dual-stack
     * IPv6 socket.
     */
    private static ProtocolFamily family(final InetSocketAddress address)
    {
        return address.getAddress() instanceof Inet4Address ? StandardProtocolFamily.INET :
            StandardProtocolFamily.INET6;
    }

    InetSocketAddress udpAddress(final int index) throws IOException
    {
        return (InetSocketAddress)udpListeners[index].getLocalAddress();
    }

    InetSocketAddress tcpAddress(final int index) throws IOException
    {
        return (InetSocketAddress)tcpListeners[index].getLocalAddress();
    }

    int upstreamSocketPort(final int upstream, final int socket) throws IOException
    {
        return ((InetSocketAddress)upstreamSockets[upstream][socket].getLocalAddress()).getPort();
    }

    Selector selector()
    {
        return selector;
    }

    @Override
    public String roleName()
    {
        return "xlat-dns64";
    }

    @Override
    public int doWork() throws IOException
    {
        nowMs = clock.time();
        int work = selector.selectNow(onKey);
        if (work == 0 && pollMs > 0)
        {
            work = selector.select(onKey, pollMs);
            nowMs = clock.time();
        }
        if (nowMs >= nextTimerMs)
        {
            nextTimerMs = nowMs + TIMER_INTERVAL_MS;
            work += onTimers();
        }
        flushUdp();
        return work;
    }

    @Override
    public void onClose()
    {
        for (final TcpClientConnection client : tcpClients)
        {
            if (null != client)
            {
                client.close();
            }
        }
        for (final TcpUpstreamConnection upstream : tcpUpstreams)
        {
            if (null != upstream)
            {
                upstream.close();
            }
        }
        for (final DatagramIo io : udpIo)
        {
            CloseHelper.quietClose(io);
        }
        CloseHelper.closeAll(udpListeners);
        CloseHelper.closeAll(tcpListeners);
        for (final DatagramChannel[] sockets : upstreamSockets)
        {
            CloseHelper.closeAll(sockets);
        }
        CloseHelper.close(selector);
    }

    private void onKey(final SelectionKey key)
    {
        try
        {
            if (!key.isValid())
            {
                return;
            }
            final Object attachment = key.attachment();
            if (attachment instanceof Endpoint)
            {
                final Endpoint endpoint = (Endpoint)attachment;
                switch (endpoint.kind)
                {
                    case Endpoint.UDP_LISTENER:
                        onUdpListener(endpoint.index);
                        break;
                    case Endpoint.UPSTREAM_UDP:
                        onUpstreamSocket(endpoint.index, endpoint.socket);
                        break;
                    default:
                        onAccept(endpoint.index);
                        break;
                }
            }
            else if (attachment instanceof TcpClientConnection)
            {
                onTcpClient((TcpClientConnection)attachment, key.readyOps());
            }
            else if (attachment instanceof TcpUpstreamConnection)
            {
                onTcpUpstream((TcpUpstreamConnection)attachment, key.readyOps());
            }
        }
        catch (final Exception ex)
        {
            // Style rule 6: one bad event never stops the thread.
            counters.drop(Dns64ServerCounters.DROP_INTERNAL_ERROR);
        }
    }

    /**
     * One receive call for up to {@value #UDP_BATCH} datagrams, each handled in turn; the answers produced meanwhile
     * (cache hits, errors, REFUSED) leave together in one send call at the end.
     */
    private void onUdpListener(final int listener) throws IOException
    {
        final DatagramBatch batch = rxBatch;
        udpIo[listener].receive(batch);
        final int count = batch.count();
        counters.add(Dns64ServerCounters.UDP_RECEIVE_CALLS, batch.systemCalls());
        counters.add(Dns64ServerCounters.UDP_RECEIVED, count);
        final UnsafeBuffer data = batch.buffer();
        final UnsafeBuffer addresses = batch.addresses();
        for (int i = 0; i < count; i++)
        {
            final int length = batch.length(i);
            if (length < 0)
            {
                counters.increment(Dns64ServerCounters.QUERIES);
                counters.drop(Dns64ServerCounters.DROP_QUERY_TOO_LARGE);
                continue;
            }
            final int addressOffset = batch.addressOffset(i);
            try
            {
                checkAcl(addresses, addressOffset);
                onClientQuery(data, batch.offset(i), length, listener, 0, addresses, addressOffset, aclAllowed,
                    aclDns64);
            }
            catch (final RuntimeException ex)
            {
                // Style rule 6: one bad datagram costs only itself, not the rest of the batch.
                counters.drop(Dns64ServerCounters.DROP_INTERNAL_ERROR);
            }
        }
        flushUdp(listener);
    }

    private void flushUdp()
    {
        for (int i = 0; i < txBatches.length; i++)
        {
            flushUdp(i);
        }
    }

    private void flushUdp(final int listener)
    {
        final DatagramBatch batch = txBatches[listener];
        final int count = batch.count();
        if (count > 0)
        {
            final int sent = udpIo[listener].send(batch);
            counters.add(Dns64ServerCounters.UDP_SEND_CALLS, batch.systemCalls());
            counters.add(Dns64ServerCounters.UDP_SENT, sent);
            for (int i = sent; i < count; i++)
            {
                counters.drop(Dns64ServerCounters.DROP_IO_ERROR);
            }
            batch.count(0);
        }
    }

    /** The ACL verdict of a raw source address, cached by address value (not port) for runs of one client. */
    private void checkAcl(final DirectBuffer address, final int offset)
    {
        if (SocketAddressBytes.isIpv4(address, offset))
        {
            final int ipv4 = SocketAddressBytes.ipv4(address, offset);
            if (aclFamily != 4 || aclIpv4 != ipv4)
            {
                aclFamily = 4;
                aclIpv4 = ipv4;
                aclAllowed = config.allow().matches(ipv4);
                aclDns64 = synth.servesClient(ipv4);
            }
        }
        else
        {
            final long high = SocketAddressBytes.ipv6High(address, offset);
            final long low = SocketAddressBytes.ipv6Low(address, offset);
            if (aclFamily != 6 || aclHigh != high || aclLow != low)
            {
                aclFamily = 6;
                aclHigh = high;
                aclLow = low;
                aclAllowed = config.allow().matches(high, low);
                aclDns64 = synth.servesClient(high, low);
            }
        }
    }

    private void onClientQuery(
        final UnsafeBuffer buffer,
        final int offset,
        final int length,
        final int client,
        final int generation,
        final DirectBuffer address,
        final int addressOffset,
        final boolean allowed,
        final boolean dns64)
    {
        counters.increment(Dns64ServerCounters.QUERIES);
        if (length < DnsHeader.LENGTH)
        {
            counters.drop(Dns64ServerCounters.DROP_SHORT);
            return;
        }
        final int transportLimit = client >= 0 ? 512 : MAX_MESSAGE;
        if (!allowed)
        {
            counters.increment(Dns64ServerCounters.REFUSED);
            answerError(buffer, offset, length, DnsHeader.RCODE_REFUSED, client, generation, address, addressOffset,
                transportLimit);
            return;
        }
        int decision = synth.decide(buffer, offset, length);
        if (decision < 0)
        {
            counters.increment(Dns64ServerCounters.FORMERR);
            answerError(buffer, offset, length, DnsHeader.RCODE_FORMERR, client, generation, address, addressOffset,
                transportLimit);
            return;
        }
        decision = dns64 ? decision : Dns64Synthesizer.FORWARD;
        queryReader.wrap(buffer, offset, length);
        final int limit = client >= 0 ? udpLimit(queryReader) : MAX_MESSAGE;
        if (null != cache)
        {
            if (cache.key(queryReader, dns64))
            {
                final int entry = cache.lookup(nowMs);
                if (entry >= 0)
                {
                    counters.increment(Dns64ServerCounters.CACHE_HITS);
                    final int n = cache.copyTo(entry, txView, 0, nowMs);
                    restoreQuestionCase(buffer, offset, n);
                    deliver(client, generation, address, addressOffset, buffer, offset, length, n, limit);
                    return;
                }
            }
            counters.increment(Dns64ServerCounters.CACHE_MISSES);
        }
        final int slot = length <= PendingQueries.QUERY_CAPACITY ? pending.allocate() : -1;
        if (slot < 0)
        {
            counters.drop(length <= PendingQueries.QUERY_CAPACITY ? Dns64ServerCounters.DROP_PENDING_FULL :
                Dns64ServerCounters.DROP_QUERY_TOO_LARGE);
            answerError(buffer, offset, length, DnsHeader.RCODE_SERVFAIL, client, generation, address, addressOffset,
                limit);
            return;
        }
        pending.queries.putBytes(pending.queryOffset(slot), buffer, offset, length);
        pending.queryLength[slot] = length;
        pending.client[slot] = client;
        pending.clientGeneration[slot] = generation;
        if (client >= 0)
        {
            pending.clientAddresses.putBytes(pending.addressOffset(slot), address, addressOffset,
                SocketAddressBytes.CAPACITY);
        }
        pending.clientLimit[slot] = limit;
        pending.dns64[slot] = dns64;
        pending.firstUpstream[slot] = roundRobin++ % upstreamAddress.length;
        pending.state[slot] = decision == Dns64Synthesizer.RESOLVE_AAAA ? PendingQueries.AAAA :
            decision == Dns64Synthesizer.RESOLVE_PTR ? PendingQueries.PTR : PendingQueries.FORWARD;
        if (client < 0)
        {
            tcpClients[-1 - client].outstanding++;
        }
        sendUpstream(slot);
    }

    /** RFC 6891 6.2.5: the response may use the requestor's UDP size (at least 512), capped by ours. */
    private int udpLimit(final DnsMessageReader query)
    {
        return query.hasOpt() ? Math.min(Math.max(512, query.optUdpPayloadSize()), config.maxUdpResponse()) : 512;
    }

    /** A cached response keeps the question as its first asker wrote it; give this client its own spelling back. */
    private void restoreQuestionCase(final DirectBuffer query, final int queryOffset, final int responseLength)
    {
        final int queryName = queryOffset + DnsHeader.LENGTH;
        final int nameLength = DnsName.skip(query, queryOffset, queryReader.end(), queryName) - queryName;
        if (nameLength > 0 && DnsHeader.count(txView, 0, DnsMessageReader.QUESTION) == 1 &&
            DnsName.skip(txView, 0, responseLength, DnsHeader.LENGTH) - DnsHeader.LENGTH == nameLength)
        {
            txView.putBytes(DnsHeader.LENGTH, query, queryName, nameLength);
        }
    }

    private void sendUpstream(final int slot)
    {
        final int upstream = (pending.firstUpstream[slot] + pending.attempts[slot]) % upstreamAddress.length;
        pending.upstreamIndex[slot] = upstream;
        final int id = pending.bindId(slot, random);
        final int length = writeUpstreamQuery(slot, id);
        pending.deadlineMs[slot] = nowMs + config.timeoutMs();
        if (length < 0)
        {
            answerSlotError(slot, DnsHeader.RCODE_SERVFAIL);
            return;
        }
        counters.increment(Dns64ServerCounters.UPSTREAM_QUERIES);
        if (pending.overTcp[slot])
        {
            startTcpUpstream(slot, upstream, length);
            return;
        }
        final int socket = random.nextInt(upstreamSockets[upstream].length);
        pending.socketIndex[slot] = socket;
        tx.clear().limit(length);
        try
        {
            upstreamSockets[upstream][socket].write(tx);
        }
        catch (final IOException ex)
        {
            // ICMP port unreachable from an earlier datagram, etc.: the timeout moves on to the next upstream.
            counters.drop(Dns64ServerCounters.DROP_IO_ERROR);
        }
    }

    private void startTcpUpstream(final int slot, final int upstream, final int length)
    {
        for (final TcpUpstreamConnection connection : tcpUpstreams)
        {
            if (!connection.busy())
            {
                try
                {
                    connection.start(selector, upstreamAddress[upstream], slot, txView, 0, length);
                    pending.tcpConnection[slot] = connection.index;
                }
                catch (final IOException ex)
                {
                    counters.drop(Dns64ServerCounters.DROP_IO_ERROR);
                }
                return;
            }
        }
        counters.drop(Dns64ServerCounters.DROP_TCP_LIMIT);
    }

    /** Writes the upstream query of a slot into {@link #txView}: the client's query for FORWARD/AAAA, else A/PTR. */
    private int writeUpstreamQuery(final int slot, final int id)
    {
        final UnsafeBuffer queries = pending.queries;
        final int offset = pending.queryOffset(slot);
        final int length = pending.queryLength[slot];
        switch (pending.state[slot])
        {
            case PendingQueries.A:
                return synth.writeAQuery(queries, offset, length, id, txView, 0, MAX_MESSAGE);
            case PendingQueries.PTR:
                return synth.writePtrQuery(queries, offset, length, id, txView, 0, MAX_MESSAGE);
            default:
                txView.putBytes(0, queries, offset, length);
                DnsHeader.id(txView, 0, id);
                return advertiseEdns(length);
        }
    }

    /**
     * RFC 6891 7: advertise our UDP size upstream: rewrite the client's OPT, or append one to a standard query
     * without (the OPT of the answer is removed again before the client sees it, {@link #relay}).
     */
    private int advertiseEdns(final int length)
    {
        if (responseReader.wrap(txView, 0, length) < 0)
        {
            return length;
        }
        final int udpSize = config.dns64().ednsUdpSize();
        if (responseReader.hasOpt())
        {
            txView.putShort(responseReader.optRecordOffset() + 3, (short)udpSize, ByteOrder.BIG_ENDIAN);
            return length;
        }
        if (DnsHeader.opcode(responseReader.flags()) != DnsHeader.OPCODE_QUERY)
        {
            return length;
        }
        txView.putByte(length, (byte)0);
        txView.putShort(length + 1, (short)DnsRecordType.OPT, ByteOrder.BIG_ENDIAN);
        txView.putShort(length + 3, (short)udpSize, ByteOrder.BIG_ENDIAN);
        txView.putInt(length + 5, 0, ByteOrder.BIG_ENDIAN);
        txView.putShort(length + 9, (short)0, ByteOrder.BIG_ENDIAN);
        DnsHeader.count(txView, 0, DnsMessageReader.ADDITIONAL,
            DnsHeader.count(txView, 0, DnsMessageReader.ADDITIONAL) + 1);
        return length + 11;
    }

    private void onUpstreamSocket(final int upstream, final int socket) throws IOException
    {
        final DatagramChannel channel = upstreamSockets[upstream][socket];
        for (int i = 0; i < UDP_BATCH; i++)
        {
            rx.clear();
            final int length;
            try
            {
                length = channel.read(rx);
            }
            catch (final IOException ex)
            {
                counters.drop(Dns64ServerCounters.DROP_IO_ERROR);
                return;
            }
            if (length <= 0)
            {
                return;
            }
            onUpstreamDatagram(upstream, socket, length);
        }
    }

    private void onUpstreamDatagram(final int upstream, final int socket, final int length)
    {
        if (length < DnsHeader.LENGTH)
        {
            counters.drop(Dns64ServerCounters.DROP_SHORT);
            return;
        }
        final int slot = pending.slotOf(DnsHeader.id(rxView, 0));
        final int flags = DnsHeader.flags(rxView, 0);
        if (slot < 0 || pending.upstreamIndex[slot] != upstream || pending.socketIndex[slot] != socket ||
            pending.overTcp[slot] || (flags & DnsHeader.QR_FLAG) == 0)
        {
            counters.drop(Dns64ServerCounters.DROP_UPSTREAM_UNEXPECTED);
            return;
        }
        if ((flags & DnsHeader.TC_FLAG) != 0)
        {
            // RFC 7766 5 / RFC 1035 4.2.1: a truncated UDP answer is retried over TCP, same upstream.
            counters.increment(Dns64ServerCounters.TCP_RETRIES);
            pending.overTcp[slot] = true;
            sendUpstream(slot);
            return;
        }
        onUpstreamResponse(slot, rxView, 0, length);
    }

    private void onTcpUpstream(final TcpUpstreamConnection connection, final int readyOps)
    {
        final int slot = connection.slot;
        final int length = connection.onReady(readyOps);
        if (length == 0 || slot < 0)
        {
            return;
        }
        if (length < 0)
        {
            // Let the timeout move the query on; the connection is done.
            releaseTcpUpstream(slot);
            counters.drop(Dns64ServerCounters.DROP_IO_ERROR);
            return;
        }
        if (length < DnsHeader.LENGTH || DnsHeader.id(connection.inView, 2) != pending.upstreamId[slot])
        {
            releaseTcpUpstream(slot);
            counters.drop(Dns64ServerCounters.DROP_UPSTREAM_GARBAGE);
            answerSlotError(slot, DnsHeader.RCODE_SERVFAIL);
            return;
        }
        onUpstreamResponse(slot, connection.inView, 2, length);
    }

    private void releaseTcpUpstream(final int slot)
    {
        final int index = pending.tcpConnection[slot];
        if (index >= 0)
        {
            tcpUpstreams[index].close();
            pending.tcpConnection[slot] = -1;
        }
    }

    private void onUpstreamResponse(final int slot, final DirectBuffer buffer, final int offset, final int length)
    {
        final UnsafeBuffer queries = pending.queries;
        final int qOffset = pending.queryOffset(slot);
        final int qLength = pending.queryLength[slot];
        final int state = pending.state[slot];
        if (state == PendingQueries.FORWARD)
        {
            relay(slot, buffer, offset, length);
            return;
        }
        if (state == PendingQueries.AAAA)
        {
            final int next = synth.afterAaaa(queries, qOffset, qLength, buffer, offset, length);
            if (next == Dns64Synthesizer.RELAY)
            {
                relay(slot, buffer, offset, length);
            }
            else if (next == Dns64Synthesizer.FILTER)
            {
                final int n = synth.synthesize(queries, qOffset, qLength, buffer, offset, length, null, 0, 0,
                    txView, 0, MAX_MESSAGE);
                answerSlot(slot, n, false);
            }
            else if (next == Dns64Synthesizer.NEED_A)
            {
                if (length <= PendingQueries.AAAA_CAPACITY)
                {
                    pending.aaaaResponses.putBytes(pending.aaaaOffset(slot), buffer, offset, length);
                    pending.aaaaLength[slot] = length;
                }
                moveToA(slot);
            }
            else
            {
                upstreamFailure(slot, next);
            }
            return;
        }
        final int n;
        if (state == PendingQueries.A)
        {
            final int aaaaLength = pending.aaaaLength[slot];
            n = synth.synthesize(queries, qOffset, qLength, aaaaLength >= 0 ? pending.aaaaResponses : null,
                pending.aaaaOffset(slot), Math.max(0, aaaaLength), buffer, offset, length, txView, 0, MAX_MESSAGE);
        }
        else
        {
            n = synth.synthesizePtr(queries, qOffset, qLength, buffer, offset, length, txView, 0, MAX_MESSAGE);
        }
        if (n < 0)
        {
            upstreamFailure(slot, n);
            return;
        }
        answerSlot(slot, n, true);
    }

    /** RFC 6147 5.1.6: no usable AAAA data; ask for A (a fresh ID, the attempts start again). */
    private void moveToA(final int slot)
    {
        releaseTcpUpstream(slot);
        pending.state[slot] = PendingQueries.A;
        pending.attempts[slot] = 0;
        pending.overTcp[slot] = false;
        sendUpstream(slot);
    }

    private void upstreamFailure(final int slot, final int error)
    {
        if (error == DnsError.QUESTION_MISMATCH)
        {
            // Not the answer to our question (RFC 5452 9.1): ignore it and keep waiting.
            counters.drop(Dns64ServerCounters.DROP_UPSTREAM_UNEXPECTED);
            return;
        }
        counters.drop(Dns64ServerCounters.DROP_UPSTREAM_GARBAGE);
        answerSlotError(slot, DnsHeader.RCODE_SERVFAIL);
    }

    /** Relays an upstream answer: the client's ID, our OPT handling, otherwise the bytes as they came. */
    private void relay(final int slot, final DirectBuffer buffer, final int offset, final int length)
    {
        txView.putBytes(0, buffer, offset, length);
        int n = length;
        final DnsMessageReader response = responseReader;
        if (response.wrap(txView, 0, n) < 0 || !response.isResponse())
        {
            upstreamFailure(slot, DnsError.BAD_RDATA);
            return;
        }
        final DnsMessageReader query = queryReader;
        query.wrap(pending.queries, pending.queryOffset(slot), pending.queryLength[slot]);
        if (!sameQuestion(query, response))
        {
            upstreamFailure(slot, DnsError.QUESTION_MISMATCH);
            return;
        }
        DnsHeader.id(txView, 0, query.id());
        // We are not the authority for what we relay (RFC 1035 4.1.1 AA), as Unbound and BIND9 resolvers clear it.
        DnsHeader.flags(txView, 0, response.flags() & ~DnsHeader.AA_FLAG);
        if (response.hasOpt())
        {
            final int opt = response.optRecordOffset();
            final int optEnd = opt + 11 + (txView.getShort(opt + 9, ByteOrder.BIG_ENDIAN) & 0xFFFF);
            if (query.hasOpt())
            {
                txView.putShort(opt + 3, (short)config.dns64().ednsUdpSize(), ByteOrder.BIG_ENDIAN);
            }
            else if (optEnd == n)
            {
                // RFC 6891 7: no OPT in the response to a query without one (we added ours upstream).
                n = opt;
                DnsHeader.count(txView, 0, DnsMessageReader.ADDITIONAL,
                    DnsHeader.count(txView, 0, DnsMessageReader.ADDITIONAL) - 1);
            }
        }
        answerSlot(slot, n, false);
    }

    private static boolean sameQuestion(final DnsMessageReader query, final DnsMessageReader response)
    {
        final int count = query.count(DnsMessageReader.QUESTION);
        if (count != response.count(DnsMessageReader.QUESTION))
        {
            return false;
        }
        return count != 1 || (query.questionType() == response.questionType() &&
            query.questionClass() == response.questionClass() &&
            DnsName.equalsIgnoreCase(query.buffer(), query.start(), query.end(), query.questionNameOffset(),
            response.buffer(), response.start(), response.end(), response.questionNameOffset()));
    }

    /** Sends the response in {@link #txView} for a slot (caching it first), and frees the slot. */
    private void answerSlot(final int slot, final int length, final boolean synthesized)
    {
        if (length < 0)
        {
            answerSlotError(slot, DnsHeader.RCODE_SERVFAIL);
            return;
        }
        final UnsafeBuffer queries = pending.queries;
        final int qOffset = pending.queryOffset(slot);
        final int qLength = pending.queryLength[slot];
        if (synthesized && DnsHeader.count(txView, 0, DnsMessageReader.ANSWER) > 0)
        {
            counters.increment(Dns64ServerCounters.SYNTHESIZED);
        }
        if (null != cache && queryReader.wrap(queries, qOffset, qLength) >= 0 &&
            cache.key(queryReader, pending.dns64[slot]))
        {
            cache.store(txView, 0, length, nowMs);
        }
        queryReader.wrap(queries, qOffset, qLength);
        deliver(pending.client[slot], pending.clientGeneration[slot], pending.clientAddresses,
            pending.addressOffset(slot), queries, qOffset, qLength, length, pending.clientLimit[slot]);
        freeSlot(slot);
    }

    private void answerSlotError(final int slot, final int rcode)
    {
        answerError(pending.queries, pending.queryOffset(slot), pending.queryLength[slot], rcode,
            pending.client[slot], pending.clientGeneration[slot], pending.clientAddresses,
            pending.addressOffset(slot), pending.clientLimit[slot]);
        freeSlot(slot);
    }

    private void freeSlot(final int slot)
    {
        releaseTcpUpstream(slot);
        final int client = pending.client[slot];
        if (client < 0)
        {
            final TcpClientConnection connection = tcpClients[-1 - client];
            if (connection.generation == pending.clientGeneration[slot])
            {
                connection.outstanding--;
            }
        }
        pending.release(slot);
    }

    private void answerError(
        final DirectBuffer query,
        final int offset,
        final int length,
        final int rcode,
        final int client,
        final int generation,
        final DirectBuffer address,
        final int addressOffset,
        final int limit)
    {
        final int n = synth.writeErrorResponse(query, offset, length, rcode, txView, 0, MAX_MESSAGE);
        if (n < 0)
        {
            counters.drop(Dns64ServerCounters.DROP_SHORT);
            return;
        }
        queryReader.wrap(query, offset, length);
        deliver(client, generation, address, addressOffset, query, offset, length, n, limit);
    }

    /**
     * Sends the response in {@link #txView} to its client, cut to header + question (+ OPT) with TC when it
     * exceeds the client's UDP limit (RFC 1035 4.2.1, RFC 6891 7). {@link #queryReader} must hold the query when
     * it could be read.
     */
    private void deliver(
        final int client,
        final int generation,
        final DirectBuffer address,
        final int addressOffset,
        final DirectBuffer query,
        final int queryOffset,
        final int queryLength,
        final int responseLength,
        final int limit)
    {
        int n = responseLength;
        DnsHeader.id(txView, 0, DnsHeader.id(query, queryOffset));
        final int flags = DnsHeader.flags(txView, 0);
        if (n > limit)
        {
            counters.increment(Dns64ServerCounters.TRUNCATED);
            final DnsMessageWriter w = writer.wrap(txView, 0, limit);
            w.header(DnsHeader.id(query, queryOffset), flags | DnsHeader.TC_FLAG);
            w.question(query, queryOffset, queryOffset + queryLength, queryOffset + DnsHeader.LENGTH,
                queryReader.questionType(), queryReader.questionClass());
            if (queryReader.hasOpt())
            {
                w.opt(config.dns64().ednsUdpSize(), 0, 0, queryReader.dnssecOk());
            }
            n = w.length();
            if (n < 0)
            {
                counters.drop(Dns64ServerCounters.DROP_INTERNAL_ERROR);
                return;
            }
        }
        counters.answer(flags & DnsHeader.RCODE_MASK);
        if (client >= 0)
        {
            final DatagramBatch batch = txBatches[client];
            if (batch.isFull())
            {
                flushUdp(client);
            }
            if (batch.add(txView, 0, n, address, addressOffset) < 0)
            {
                counters.drop(Dns64ServerCounters.DROP_INTERNAL_ERROR);
            }
            return;
        }
        final TcpClientConnection connection = tcpClients[-1 - client];
        if (!connection.open || connection.generation != generation)
        {
            counters.drop(Dns64ServerCounters.DROP_CLIENT_GONE);
            return;
        }
        if (!connection.enqueue(txView, 0, n))
        {
            counters.drop(Dns64ServerCounters.DROP_TCP_BACKLOG);
            connection.close();
        }
    }

    private void onAccept(final int listener) throws IOException
    {
        for (int i = 0; i < ACCEPT_BATCH; i++)
        {
            final SocketChannel channel = tcpListeners[listener].accept();
            if (null == channel)
            {
                return;
            }
            TcpClientConnection free = null;
            for (final TcpClientConnection connection : tcpClients)
            {
                if (!connection.open)
                {
                    free = connection;
                    break;
                }
            }
            if (null == free)
            {
                counters.drop(Dns64ServerCounters.DROP_TCP_LIMIT);
                CloseHelper.quietClose(channel);
                continue;
            }
            counters.increment(Dns64ServerCounters.TCP_ACCEPTED);
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            final SelectionKey key = channel.register(selector, SelectionKey.OP_READ, free);
            free.open(channel, key, nowMs);
            SocketAddressBytes.encode((InetSocketAddress)channel.getRemoteAddress(), peerAddress, 0);
            checkAcl(peerAddress, 0);
            free.allowed = aclAllowed;
            free.dns64 = aclDns64;
        }
    }

    private void onTcpClient(final TcpClientConnection connection, final int readyOps) throws IOException
    {
        if ((readyOps & SelectionKey.OP_WRITE) != 0 && !connection.flush())
        {
            connection.close();
            return;
        }
        if ((readyOps & SelectionKey.OP_READ) == 0)
        {
            return;
        }
        final int read;
        try
        {
            read = connection.read();
        }
        catch (final IOException ex)
        {
            connection.close();
            return;
        }
        if (read < 0)
        {
            connection.close();
            return;
        }
        connection.lastActivityMs = nowMs;
        final UnsafeBuffer in = connection.inView;
        final int fill = connection.in.position();
        int position = 0;
        while (fill - position >= 2)
        {
            final int length = in.getShort(position, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            if (fill - position - 2 < length)
            {
                break;
            }
            // RFC 7766 6.2.1.1: pipelined queries are processed concurrently, answered as they complete.
            onClientQuery(in, position + 2, length, -1 - connection.index, connection.generation, null, 0,
                connection.allowed, connection.dns64);
            if (!connection.open)
            {
                return;
            }
            position += 2 + length;
        }
        connection.consume(position);
    }

    private int onTimers()
    {
        int work = 0;
        final int capacity = pending.capacity;
        final int[] state = pending.state;
        final long[] deadline = pending.deadlineMs;
        for (int slot = 0; slot < capacity; slot++)
        {
            if (state[slot] != PendingQueries.FREE && deadline[slot] <= nowMs)
            {
                onTimeout(slot);
                work++;
            }
        }
        final long idleBefore = nowMs - config.tcpIdleTimeoutMs();
        for (final TcpClientConnection connection : tcpClients)
        {
            if (connection.open && connection.outstanding == 0 && connection.lastActivityMs < idleBefore)
            {
                // RFC 7766 6.2.3: the server closes idle connections.
                counters.drop(Dns64ServerCounters.DROP_TCP_IDLE);
                connection.close();
                work++;
            }
        }
        return work;
    }

    private void onTimeout(final int slot)
    {
        counters.increment(Dns64ServerCounters.UPSTREAM_TIMEOUTS);
        releaseTcpUpstream(slot);
        pending.attempts[slot]++;
        if (pending.attempts[slot] < config.attempts())
        {
            sendUpstream(slot);
        }
        else if (pending.state[slot] == PendingQueries.AAAA)
        {
            // RFC 6147 5.1.3/5.1.2: no AAAA answer counts as an empty one; try A.
            pending.aaaaLength[slot] = -1;
            moveToA(slot);
        }
        else
        {
            answerSlotError(slot, DnsHeader.RCODE_SERVFAIL);
        }
    }

    /** Selection key attachment of the fixed channels. */
    static final class Endpoint
    {
        static final int UDP_LISTENER = 0;
        static final int UPSTREAM_UDP = 1;
        static final int TCP_LISTENER = 2;

        final int kind;
        final int index;
        final int socket;

        Endpoint(final int kind, final int index, final int socket)
        {
            this.kind = kind;
            this.index = index;
            this.socket = socket;
        }
    }
}
