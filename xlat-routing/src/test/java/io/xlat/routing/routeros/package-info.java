/**
 * Tests of {@code io.xlat.routing.routeros}.
 */
package io.xlat.routing.routeros;
