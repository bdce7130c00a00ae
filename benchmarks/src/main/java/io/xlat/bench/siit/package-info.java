/**
 * Benchmarks of the SIIT translator ({@code io.xlat.core.siit}).
 */
package io.xlat.bench.siit;
