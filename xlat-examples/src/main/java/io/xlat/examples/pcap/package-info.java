/**
 * Classic libpcap capture files: {@link io.xlat.examples.pcap.PcapReader} (both byte orders, micro- and nanosecond
 * timestamps, raw IP, Ethernet with 802.1Q/802.1ad tags and Linux cooked captures) and
 * {@link io.xlat.examples.pcap.PcapWriter} (raw IP output). Neither allocates per packet.
 */
package io.xlat.examples.pcap;
