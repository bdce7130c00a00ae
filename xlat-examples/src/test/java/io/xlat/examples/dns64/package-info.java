/**
 * Tests of {@code xlat dns64}, including integration tests against BIND9 and Unbound.
 */
package io.xlat.examples.dns64;
