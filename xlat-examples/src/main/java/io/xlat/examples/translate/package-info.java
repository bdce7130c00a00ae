/**
 * The {@code translate} subcommand: offline translation of a pcap file (pcap in, raw-IP pcap out), for debugging
 * and testing translators against real captures and tools such as Wireshark.
 */
package io.xlat.examples.translate;
