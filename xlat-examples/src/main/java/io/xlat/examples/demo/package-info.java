/**
 * {@code xlat demo}: the whole 464XLAT path (RFC 6877) in one process, with real packets and no sockets.
 * <p>
 * An IPv4-only host sits behind a CLAT (stateless SIIT, RFC 7915, with an RFC 7757 EAM for the host range), which
 * speaks IPv6 to a PLAT (NAT64, RFC 6146) and a DNS64 resolver (RFC 6147); the PLAT reaches an IPv4 server. The
 * nodes exchange whole IP packets through in-memory channels ({@link io.xlat.examples.io.MemoryChannel}); every hop
 * is printed as one trace line and written to a raw-IP pcap ({@link io.xlat.examples.pcap.PcapWriter}).
 * Packets are built here ({@link io.xlat.examples.demo.DemoPackets}) with the core flyweights and checksums; the
 * translators are the library's own.
 */
package io.xlat.examples.demo;
