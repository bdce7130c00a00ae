/**
 * Tests of {@code io.xlat.routing.policy}.
 */
package io.xlat.routing.policy;
