package io.xlat.core.nat64;

/**
 * Told about every session {@link Nat64State#expire(long, int)} acts on, before it acts, so the translator can
 * answer: a probe for an idle established TCP connection, ICMP Port Unreachable for a held unsolicited SYN
 * (RFC 6146 3.5.2.2). Kept as a field and called with ints only: implementations must not allocate and must not
 * modify the state during the call; they may read the session and its BIB entry through the state's accessors.
 */
@FunctionalInterface
public interface Nat64ExpiryHandler
{
    /** The session timed out and is removed after the call (with its BIB entry if it was the last, not static). */
    int EXPIRED = 0;
    /**
     * An ESTABLISHED TCP session idled out: it moves to TRANS with the transitory lifetime, and the NAT64 SHOULD send
     * a probe (an ACK with no data) to at least one endpoint (RFC 6146 3.5.2.2).
     */
    int PROBE = 1;
    /**
     * A held unsolicited IPv4 SYN (V4 INIT) saw no IPv6 SYN within TCP_INCOMING_SYN: the session is removed after
     * the call and the NAT64 SHOULD send ICMP Port Unreachable for the stored packet (RFC 6146 3.5.2.2).
     */
    int HELD_SYN_TIMEOUT = 2;

    /** A handler that does nothing. */
    Nat64ExpiryHandler NONE = (state, session, kind) ->
    {
    };

    /**
     * Called once per session that expired.
     *
     * @param state   the state that owns the session.
     * @param session the session index, still valid during the call.
     * @param kind    {@link #EXPIRED}, {@link #PROBE} or {@link #HELD_SYN_TIMEOUT}.
     */
    void onSessionExpiry(Nat64State state, int session, int kind);
}
