/**
 * Packet I/O for the daemons: one small {@link io.xlat.examples.io.PacketChannel} interface with implementations
 * for Linux TUN devices ({@link io.xlat.examples.io.TunChannel}, through the FFM API, with multiqueue and optional
 * virtio-net offload headers), in-process pipes ({@link io.xlat.examples.io.MemoryChannel}) and pcap files
 * ({@link io.xlat.examples.io.PcapChannel}).
 * <p>
 * Reads and writes move whole IP packets between the channel and an Agrona buffer, return an {@code int} (bytes,
 * {@code 0} for "nothing now", or a negative {@code PacketChannel} code) and never allocate or throw per packet.
 * GSO super-packets received with offloads on are cut into MTU-sized packets by
 * {@link io.xlat.examples.io.GsoSegmenter}; {@link io.xlat.examples.io.VirtioNetHeader} reads the header the kernel
 * puts in front of them.
 */
package io.xlat.examples.io;
