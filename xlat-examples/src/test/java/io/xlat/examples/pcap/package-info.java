/**
 * Tests of the pcap reader and writer against hand-written capture bytes.
 */
package io.xlat.examples.pcap;
