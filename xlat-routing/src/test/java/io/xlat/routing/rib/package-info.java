/**
 * Tests of {@code io.xlat.routing.rib}.
 */
package io.xlat.routing.rib;
