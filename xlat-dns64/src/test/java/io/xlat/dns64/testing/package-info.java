/**
 * Test helpers: {@link io.xlat.dns64.testing.WireBuilder} builds DNS messages byte by byte, independently of the
 * production writer, so tests compare production output with an independent reference.
 */
package io.xlat.dns64.testing;
