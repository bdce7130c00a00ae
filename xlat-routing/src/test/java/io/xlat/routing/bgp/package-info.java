/**
 * Tests of {@code io.xlat.routing.bgp}.
 */
package io.xlat.routing.bgp;
