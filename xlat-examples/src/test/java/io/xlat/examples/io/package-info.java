/**
 * Tests of the packet channels: in-memory pipes, pcap files, virtio-net header parsing and GSO segmentation (unit
 * tests), and a real TUN device in a network namespace ({@code TunChannelIT}).
 */
package io.xlat.examples.io;
