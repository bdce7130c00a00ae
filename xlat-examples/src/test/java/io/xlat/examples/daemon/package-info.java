/**
 * Tests of {@code io.xlat.examples.daemon}.
 */
package io.xlat.examples.daemon;
