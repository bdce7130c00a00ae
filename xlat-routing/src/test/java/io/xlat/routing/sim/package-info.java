/**
 * Tests of {@code io.xlat.routing.sim}.
 */
package io.xlat.routing.sim;
