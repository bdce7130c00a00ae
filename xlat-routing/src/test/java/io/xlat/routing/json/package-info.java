/**
 * Tests of {@code io.xlat.routing.json}.
 */
package io.xlat.routing.json;
