/**
 * Tests of {@code io.xlat.examples.plat}.
 */
package io.xlat.examples.plat;
