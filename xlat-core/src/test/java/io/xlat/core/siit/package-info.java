/**
 * Tests of the stateless IP/ICMP translator (RFC 7915).
 */
package io.xlat.core.siit;
