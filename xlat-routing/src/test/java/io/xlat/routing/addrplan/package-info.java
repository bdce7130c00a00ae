/**
 * Tests of {@code io.xlat.routing.addrplan}.
 */
package io.xlat.routing.addrplan;
