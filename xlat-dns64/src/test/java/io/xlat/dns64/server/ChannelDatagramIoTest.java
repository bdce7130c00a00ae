package io.xlat.dns64.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class ChannelDatagramIoTest
{
    @Test
    void batchKeepsEachSendersAddressAndAnswersGoBackToIt() throws Exception
    {
        try (DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
            DatagramSocket first = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            DatagramSocket second = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            ChannelDatagramIo io = new ChannelDatagramIo(channel))
        {
            channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            channel.configureBlocking(false);
            final InetSocketAddress server = (InetSocketAddress)channel.getLocalAddress();
            first.send(packet("one", server));
            second.send(packet("two", server));
            first.send(packet("three", server));
            final DatagramBatch batch = new DatagramBatch(8, 512);
            for (int tries = 0; tries < 100 && batch.count() < 3; tries++)
            {
                Thread.sleep(10);
                io.receive(batch);
            }
            assertEquals(3, batch.count());
            final int[] ports = {first.getLocalPort(), second.getLocalPort(), first.getLocalPort()};
            final String[] texts = {"one", "two", "three"};
            for (int i = 0; i < 3; i++)
            {
                assertEquals(texts[i], batch.buffer().getStringWithoutLengthAscii(batch.offset(i), batch.length(i)));
                assertEquals(ports[i], SocketAddressBytes.port(batch.addresses(), batch.addressOffset(i)));
            }
            final DatagramBatch answers = new DatagramBatch(8, 512);
            for (int i = 2; i >= 0; i--)
            {
                final byte[] answer = ("re-" + texts[i]).getBytes(StandardCharsets.US_ASCII);
                answers.add(new UnsafeBuffer(answer), 0, answer.length, batch.addresses(),
                    batch.addressOffset(i));
            }
            assertEquals(3, io.send(answers));
            assertEquals("re-three", receive(first));
            assertEquals("re-one", receive(first));
            assertEquals("re-two", receive(second));
        }
    }

    private static DatagramPacket packet(final String text, final InetSocketAddress to)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        return new DatagramPacket(bytes, bytes.length, to);
    }

    private static String receive(final DatagramSocket socket) throws Exception
    {
        socket.setSoTimeout(2000);
        final DatagramPacket packet = new DatagramPacket(new byte[512], 512);
        socket.receive(packet);
        return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.US_ASCII);
    }
}
