/**
 * Tests of {@code xlat demo}: the run itself, its pcap checked by an independent checksum implementation, and by
 * tshark.
 */
package io.xlat.examples.demo;
