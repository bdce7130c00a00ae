package io.xlat.examples.demo;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import io.xlat.core.codec.TcpHeader;

/**
 * A scripted TCP endpoint (RFC 9293 3.3.2 state machine, reduced to one request and one response): the client
 * opens, sends its request, waits for the response and closes; the server answers the request and closes when the
 * client does. Sequence and acknowledgment numbers are real and checked: a segment that does not carry the next
 * expected sequence number, or acknowledges data never sent, makes the endpoint fail (a translator that mangled
 * them would be caught here).
 */
final class DemoTcpEndpoint
{
    /** Connection states used by the demo (RFC 9293 3.3.2). */
    enum State
    {
        LISTEN, SYN_SENT, SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSING, TIME_WAIT, CLOSE_WAIT,
        LAST_ACK, CLOSED
    }

    /**
     * Sends the endpoint's segments (the owning host builds the packet).
     */
    interface Output
    {
        /**
         * Sends one segment.
         *
         * @param endpoint the endpoint sending.
         * @param sequence sequence number.
         * @param ack      acknowledgment number (meaningful with ACK).
         * @param flags    TCP flags.
         * @param data     payload, possibly empty.
         */
        void send(DemoTcpEndpoint endpoint, int sequence, int ack, int flags, byte[] data);
    }

    private static final byte[] NONE = new byte[0];

    private final boolean client;
    private final int remoteAddress;
    private final int remotePort;
    private final int localPort;
    private final int iss;
    private final byte[] toSend;
    private final Output output;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private State state;
    private int sndNxt;
    private int rcvNxt;
    private String error;

    private DemoTcpEndpoint(
        final boolean client,
        final int remoteAddress,
        final int remotePort,
        final int localPort,
        final int iss,
        final byte[] toSend,
        final Output output)
    {
        this.client = client;
        this.remoteAddress = remoteAddress;
        this.remotePort = remotePort;
        this.localPort = localPort;
        this.iss = iss;
        this.toSend = toSend.clone();
        this.output = output;
        this.state = client ? State.CLOSED : State.LISTEN;
    }

    /**
     * Creates a client that sends {@code request} once connected, then closes after the first response data.
     *
     * @param remoteAddress server address.
     * @param remotePort    server port.
     * @param localPort     client port.
     * @param iss           initial send sequence number.
     * @param request       bytes to send.
     * @param output        where segments go.
     * @return the endpoint, not yet connected ({@link #open()}).
     */
    static DemoTcpEndpoint client(
        final int remoteAddress,
        final int remotePort,
        final int localPort,
        final int iss,
        final byte[] request,
        final Output output)
    {
        return new DemoTcpEndpoint(true, remoteAddress, remotePort, localPort, iss, request, output);
    }

    /**
     * Creates a server side for one incoming connection; it answers the first complete request (ending with an
     * empty line) with {@code response}.
     *
     * @param remoteAddress client address.
     * @param remotePort    client port.
     * @param localPort     server port.
     * @param iss           initial send sequence number.
     * @param response      bytes to answer with.
     * @param output        where segments go.
     * @return the endpoint, in LISTEN.
     */
    static DemoTcpEndpoint server(
        final int remoteAddress,
        final int remotePort,
        final int localPort,
        final int iss,
        final byte[] response,
        final Output output)
    {
        return new DemoTcpEndpoint(false, remoteAddress, remotePort, localPort, iss, response, output);
    }

    /**
     * Active open: sends the SYN.
     */
    void open()
    {
        if (!client || state != State.CLOSED)
        {
            throw new IllegalStateException("open() on a " + (client ? "client" : "server") + " in " + state);
        }
        sndNxt = iss + 1;
        state = State.SYN_SENT;
        output.send(this, iss, 0, TcpHeader.SYN_FLAG, NONE);
    }

    /**
     * Processes one arriving segment.
     *
     * @param sequence its sequence number.
     * @param ack      its acknowledgment number.
     * @param flags    its flags.
     * @param data     its payload.
     */
    void onSegment(final int sequence, final int ack, final int flags, final byte[] data)
    {
        if (null != error)
        {
            return;
        }
        final boolean syn = (flags & TcpHeader.SYN_FLAG) != 0;
        final boolean fin = (flags & TcpHeader.FIN_FLAG) != 0;
        final boolean hasAck = (flags & TcpHeader.ACK_FLAG) != 0;
        if ((flags & TcpHeader.RST_FLAG) != 0)
        {
            fail("connection reset by peer");
            return;
        }
        if (state == State.LISTEN)
        {
            if (!syn || hasAck)
            {
                fail("expected a SYN in LISTEN, got [" + PacketDescriber.flags(flags) + "]");
                return;
            }
            rcvNxt = sequence + 1;
            sndNxt = iss + 1;
            state = State.SYN_RECEIVED;
            output.send(this, iss, rcvNxt, TcpHeader.SYN_FLAG | TcpHeader.ACK_FLAG, NONE);
            return;
        }
        if (state == State.SYN_SENT)
        {
            if (!syn || !hasAck || ack != iss + 1)
            {
                fail("expected SYN-ACK acking " + Integer.toUnsignedString(iss + 1) + ", got [" +
                    PacketDescriber.flags(flags) + "] ack=" + Integer.toUnsignedString(ack));
                return;
            }
            rcvNxt = sequence + 1;
            state = State.ESTABLISHED;
            output.send(this, sndNxt, rcvNxt, TcpHeader.ACK_FLAG, NONE);
            sendData();
            return;
        }
        // RFC 9293 3.10.7.4: in-order delivery only; the demo never reorders, so anything else is a bug.
        if (sequence != rcvNxt || syn)
        {
            fail("unexpected segment [" + PacketDescriber.flags(flags) + "] seq=" + Integer.toUnsignedString(sequence)
                + ", expected seq=" + Integer.toUnsignedString(rcvNxt));
            return;
        }
        if (!hasAck || Integer.compareUnsigned(ack - iss, sndNxt - iss) > 0)
        {
            fail("bad acknowledgment " + Integer.toUnsignedString(ack) + ", sent up to " +
                Integer.toUnsignedString(sndNxt));
            return;
        }
        final boolean allAcked = ack == sndNxt;
        received.write(data, 0, data.length);
        rcvNxt += data.length + (fin ? 1 : 0);
        advance(fin, allAcked, data.length > 0);
    }

    private void advance(final boolean fin, final boolean allAcked, final boolean gotData)
    {
        switch (state)
        {
            case SYN_RECEIVED ->
            {
                state = State.ESTABLISHED;
                established(fin, gotData);
            }
            case ESTABLISHED -> established(fin, gotData);
            case FIN_WAIT_1 ->
            {
                if (fin)
                {
                    state = allAcked ? State.TIME_WAIT : State.CLOSING;
                    ackNow();
                }
                else if (allAcked)
                {
                    state = State.FIN_WAIT_2;
                }
            }
            case FIN_WAIT_2 ->
            {
                if (fin)
                {
                    state = State.TIME_WAIT;
                    ackNow();
                }
            }
            case CLOSING ->
            {
                if (allAcked)
                {
                    state = State.TIME_WAIT;
                }
            }
            case LAST_ACK ->
            {
                if (allAcked)
                {
                    state = State.CLOSED;
                }
            }
            default ->
            {
                // CLOSE_WAIT, TIME_WAIT, CLOSED: nothing more is expected in the script.
            }
        }
    }

    private void established(final boolean fin, final boolean gotData)
    {
        if (client)
        {
            if (fin)
            {
                state = State.CLOSE_WAIT;
                sendFin(State.LAST_ACK);
            }
            else if (gotData)
            {
                // The response arrived: close (RFC 9293 3.6, active close).
                sendFin(State.FIN_WAIT_1);
            }
            return;
        }
        if (gotData && endsWithEmptyLine(received.toByteArray()))
        {
            sendData();
        }
        if (fin)
        {
            // Passive close: our FIN goes with the ACK of theirs (RFC 9293 3.6).
            sendFin(State.LAST_ACK);
        }
    }

    private void sendData()
    {
        final int sequence = sndNxt;
        sndNxt += toSend.length;
        output.send(this, sequence, rcvNxt, TcpHeader.PSH_FLAG | TcpHeader.ACK_FLAG, toSend);
    }

    private void sendFin(final State next)
    {
        final int sequence = sndNxt;
        sndNxt += 1;
        state = next;
        output.send(this, sequence, rcvNxt, TcpHeader.FIN_FLAG | TcpHeader.ACK_FLAG, NONE);
    }

    private void ackNow()
    {
        output.send(this, sndNxt, rcvNxt, TcpHeader.ACK_FLAG, NONE);
    }

    private static boolean endsWithEmptyLine(final byte[] bytes)
    {
        final int n = bytes.length;
        return n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n';
    }

    private void fail(final String message)
    {
        error = message;
    }

    /**
     * Whether the connection went through open, exchange and close without a fault: the client ends in TIME_WAIT,
     * the server in CLOSED.
     *
     * @return true when complete.
     */
    boolean completed()
    {
        return null == error && state == (client ? State.TIME_WAIT : State.CLOSED);
    }

    State state()
    {
        return state;
    }

    String error()
    {
        return error;
    }

    byte[] received()
    {
        return received.toByteArray();
    }

    String receivedText()
    {
        return received.toString(StandardCharsets.US_ASCII);
    }

    int remoteAddress()
    {
        return remoteAddress;
    }

    int remotePort()
    {
        return remotePort;
    }

    int localPort()
    {
        return localPort;
    }
}
