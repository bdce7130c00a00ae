package io.xlat.dns64.codec;

/**
 * Negative result codes of the DNS codec and of the DNS64 synthesizer. Every code is {@code < 0} so that methods can
 * return "a length or an offset ({@code >= 0}) or an error ({@code < 0})" in one {@code int}.
 * <p>
 * A query that yields one of the codes below {@link #OUTPUT_TOO_SMALL} (in absolute value) is FORMERR-worthy
 * (RFC 1035 4.1.1 RCODE 1); an upstream response that yields one is treated as a server failure.
 */
public final class DnsError
{
    /** Fewer than 12 bytes: not even a header can be read (RFC 1035 4.1.1). */
    public static final int TRUNCATED_HEADER = -1;
    /** A name runs past the end of the message. */
    public static final int TRUNCATED_NAME = -2;
    /** A label length byte has the reserved top bits 01 or 10 (RFC 1035 4.1.4, RFC 6891 5), i.e. a label &gt; 63. */
    public static final int BAD_LABEL_TYPE = -3;
    /** A name is longer than 255 octets in wire form (RFC 1035 2.3.4). */
    public static final int NAME_TOO_LONG = -4;
    /** A compression pointer chain is longer than {@link DnsName#MAX_POINTER_JUMPS}. */
    public static final int POINTER_BUDGET_EXCEEDED = -5;
    /** A compression pointer points forward, at itself, or into the 12-byte header (RFC 1035 4.1.4: "prior"). */
    public static final int BAD_POINTER = -6;
    /** A question or resource record ends past the end of the message, or its RDATA is shorter than its type needs. */
    public static final int TRUNCATED_RECORD = -7;
    /** Bytes remain after the last record the header counts announce (the counts lie). */
    public static final int TRAILING_BYTES = -8;
    /** RDATA of a known type has the wrong length (A not 4, AAAA not 16, names not filling RDLENGTH, ...). */
    public static final int BAD_RDATA = -9;
    /** More than one OPT record, an OPT outside the additional section or with a non-root owner (RFC 6891 6.1.1). */
    public static final int BAD_OPT = -10;
    /** The output buffer is too small for what must be written. */
    public static final int OUTPUT_TOO_SMALL = -11;
    /** A message that should be a query has QR set, or a response has QR clear. */
    public static final int WRONG_DIRECTION = -12;
    /** An upstream response's question does not match the query it answers. */
    public static final int QUESTION_MISMATCH = -13;
    /** An upstream response has TC set: retry over TCP before calling the synthesizer (RFC 7766 5). */
    public static final int UPSTREAM_TRUNCATED = -14;
    /** A query has not exactly one question where one is needed. */
    public static final int BAD_QUESTION_COUNT = -15;
    /** The query is not one the called method handles (e.g. a PTR name not under any Pref64::/n). */
    public static final int NOT_APPLICABLE = -16;

    private static final String[] LABELS =
    {
        "none",
        "truncated-header",
        "truncated-name",
        "bad-label-type",
        "name-too-long",
        "pointer-budget-exceeded",
        "bad-pointer",
        "truncated-record",
        "trailing-bytes",
        "bad-rdata",
        "bad-opt",
        "output-too-small",
        "wrong-direction",
        "question-mismatch",
        "upstream-truncated",
        "bad-question-count",
        "not-applicable",
    };

    private DnsError()
    {
    }

    /**
     * Returns a short label for a code, for counters and logs (cold code).
     *
     * @param code a negative code from this class.
     * @return its label, or {@code "unknown"}.
     */
    public static String label(final int code)
    {
        final int index = -code;
        return index >= 0 && index < LABELS.length ? LABELS[index] : "unknown";
    }

    /**
     * Whether a code means the input itself is malformed (FORMERR for a query, SERVFAIL for an upstream response).
     *
     * @param code a negative code.
     * @return true for the codes from {@link #TRUNCATED_HEADER} to {@link #BAD_OPT}.
     */
    public static boolean isMalformed(final int code)
    {
        return code <= TRUNCATED_HEADER && code >= BAD_OPT;
    }
}
