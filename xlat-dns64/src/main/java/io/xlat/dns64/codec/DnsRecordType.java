package io.xlat.dns64.codec;

/**
 * RR TYPE and CLASS numbers the codec and DNS64 give meaning to (RFC 1035 3.2.2, RFC 3596, RFC 6672, RFC 6891,
 * RFC 4034). Unknown types stay raw {@code int}s; these names are for code and rendering.
 */
public final class DnsRecordType
{
    /** A, RFC 1035. */
    public static final int A = 1;
    /** NS, RFC 1035. */
    public static final int NS = 2;
    /** CNAME, RFC 1035. */
    public static final int CNAME = 5;
    /** SOA, RFC 1035. */
    public static final int SOA = 6;
    /** PTR, RFC 1035. */
    public static final int PTR = 12;
    /** MX, RFC 1035. */
    public static final int MX = 15;
    /** TXT, RFC 1035. */
    public static final int TXT = 16;
    /** AAAA, RFC 3596. */
    public static final int AAAA = 28;
    /** SRV, RFC 2782. */
    public static final int SRV = 33;
    /** DNAME, RFC 6672. */
    public static final int DNAME = 39;
    /** OPT pseudo-RR, RFC 6891. */
    public static final int OPT = 41;
    /** DS, RFC 4034. */
    public static final int DS = 43;
    /** RRSIG, RFC 4034. */
    public static final int RRSIG = 46;
    /** NSEC, RFC 4034. */
    public static final int NSEC = 47;
    /** DNSKEY, RFC 4034. */
    public static final int DNSKEY = 48;
    /** NSEC3, RFC 5155. */
    public static final int NSEC3 = 50;
    /** ANY (QTYPE only). */
    public static final int ANY = 255;

    /** CLASS IN. */
    public static final int CLASS_IN = 1;

    private DnsRecordType()
    {
    }

    /**
     * Whether the RDATA of a type may hold compressed names that a copy into another message must expand
     * (RFC 3597 4: the RFC 1035 types; SRV because deployed servers compress it).
     *
     * @param type the RR type.
     * @return true for NS, CNAME, SOA, PTR, MX, SRV and DNAME.
     */
    public static boolean hasNamesInRdata(final int type)
    {
        return type == NS || type == CNAME || type == SOA || type == PTR || type == MX || type == SRV ||
            type == DNAME;
    }

    /**
     * Whether a type is one of the DNSSEC types RFC 3225 3 has a server remove when the query had no DO bit.
     *
     * @param type the RR type.
     * @return true for RRSIG, NSEC and NSEC3.
     */
    public static boolean isDnssecProof(final int type)
    {
        return type == RRSIG || type == NSEC || type == NSEC3;
    }

    /**
     * A text name for a type (cold code).
     *
     * @param type the RR type.
     * @return the mnemonic, or {@code TYPEnnn} (RFC 3597 5).
     */
    public static String name(final int type)
    {
        switch (type)
        {
            case A: return "A";
            case NS: return "NS";
            case CNAME: return "CNAME";
            case SOA: return "SOA";
            case PTR: return "PTR";
            case MX: return "MX";
            case TXT: return "TXT";
            case AAAA: return "AAAA";
            case SRV: return "SRV";
            case DNAME: return "DNAME";
            case OPT: return "OPT";
            case DS: return "DS";
            case RRSIG: return "RRSIG";
            case NSEC: return "NSEC";
            case DNSKEY: return "DNSKEY";
            case NSEC3: return "NSEC3";
            case ANY: return "ANY";
            default: return "TYPE" + type;
        }
    }
}
