/**
 * Tests of {@code io.xlat.examples.clat}.
 */
package io.xlat.examples.clat;
