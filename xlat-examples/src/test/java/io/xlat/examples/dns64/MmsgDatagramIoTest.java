package io.xlat.examples.dns64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.xlat.dns64.server.DatagramBatch;
import io.xlat.dns64.server.SocketAddressBytes;

class MmsgDatagramIoTest
{
    @ParameterizedTest(name = "{0}")
    @CsvSource({"127.0.0.1, INET", "::1, INET6"})
    void oneSystemCallReceivesEveryWaitingDatagramAndOneSendsEveryAnswer(final String loopback, final String family)
        throws Exception
    {
        final InetAddress address = InetAddress.getByName(loopback);
        assumeTrue(isUsable(address), loopback + " is not configured");
        try (DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.valueOf(family));
            DatagramSocket first = new DatagramSocket(0, address);
            DatagramSocket second = new DatagramSocket(0, address))
        {
            channel.bind(new InetSocketAddress(address, 0));
            channel.configureBlocking(false);
            final InetSocketAddress server = (InetSocketAddress)channel.getLocalAddress();
            final DatagramSocket[] senders = {first, second, first, second, second};
            for (int i = 0; i < senders.length; i++)
            {
                senders[i].send(packet("query-" + i, server));
            }
            Thread.sleep(200);
            try (MmsgDatagramIo io = MmsgDatagramIo.open(channel))
            {
                final DatagramBatch batch = new DatagramBatch(16, 512);
                io.receive(batch);
                assertEquals(senders.length, batch.count());
                assertEquals(1, batch.systemCalls());
                final DatagramBatch answers = new DatagramBatch(16, 512);
                for (int i = 0; i < senders.length; i++)
                {
                    assertEquals("query-" + i,
                        batch.buffer().getStringWithoutLengthAscii(batch.offset(i), batch.length(i)));
                    final int addressOffset = batch.addressOffset(i);
                    assertEquals(senders[i].getLocalPort(), SocketAddressBytes.port(batch.addresses(), addressOffset));
                    assertEquals(new InetSocketAddress(address, senders[i].getLocalPort()),
                        SocketAddressBytes.decode(batch.addresses(), addressOffset));
                    final byte[] answer = ("answer-" + i).getBytes(StandardCharsets.US_ASCII);
                    answers.add(new UnsafeBuffer(answer), 0, answer.length, batch.addresses(), addressOffset);
                }
                assertEquals(senders.length, io.send(answers));
                assertEquals(1, answers.systemCalls());
                assertEquals("answer-0", receive(first));
                assertEquals("answer-2", receive(first));
                assertEquals("answer-1", receive(second));
                assertEquals("answer-3", receive(second));
                assertEquals("answer-4", receive(second));
                io.receive(batch);
                assertEquals(0, batch.count(), "nothing waiting: EAGAIN, not an error");
            }
        }
    }

    @Test
    void aDatagramLargerThanItsSlotIsMarkedTruncated() throws Exception
    {
        try (DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
            DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress()))
        {
            channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            channel.configureBlocking(false);
            client.send(new DatagramPacket(new byte[600], 600, channel.getLocalAddress()));
            client.send(new DatagramPacket(new byte[512], 512, channel.getLocalAddress()));
            Thread.sleep(200);
            try (MmsgDatagramIo io = MmsgDatagramIo.open(channel))
            {
                final DatagramBatch batch = new DatagramBatch(4, 512);
                io.receive(batch);
                assertEquals(2, batch.count());
                assertEquals(DatagramBatch.TRUNCATED, batch.length(0));
                assertEquals(512, batch.length(1));
            }
        }
    }

    @Test
    void twoSocketsOnOneAddressAreRefusedRatherThanGuessed() throws Exception
    {
        final ProtocolFamily inet = StandardProtocolFamily.INET;
        try (DatagramChannel one = DatagramChannel.open(inet);
            DatagramChannel two = DatagramChannel.open(inet))
        {
            one.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            two.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            one.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            two.bind(one.getLocalAddress());
            assertThrows(IOException.class, () -> MmsgDatagramIo.open(one));
        }
    }

    @Test
    void datagramIoFlagTakesAutoMmsgOrChannelAndNamesAnyOtherValue()
    {
        for (final String mode : new String[] {"auto", "mmsg", "channel"})
        {
            assertNotNull(Dns64Command.datagramIoFactory(mode), mode);
        }
        final IllegalArgumentException bad =
            assertThrows(IllegalArgumentException.class, () -> Dns64Command.datagramIoFactory("epoll"));
        assertTrue(bad.getMessage().contains("--datagram-io epoll"), bad.getMessage());
    }

    private static boolean isUsable(final InetAddress address)
    {
        try (DatagramSocket socket = new DatagramSocket(0, address))
        {
            return socket.getLocalPort() > 0;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    private static DatagramPacket packet(final String text, final InetSocketAddress to)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        return new DatagramPacket(bytes, bytes.length, to);
    }

    private static String receive(final DatagramSocket socket) throws IOException
    {
        socket.setSoTimeout(2000);
        final DatagramPacket packet = new DatagramPacket(new byte[512], 512);
        socket.receive(packet);
        return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.US_ASCII);
    }
}
