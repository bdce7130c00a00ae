/**
 * JMH benchmarks of xlat; packages mirror production ({@code io.xlat.bench.siit} measures {@code io.xlat.core.siit}).
 */
package io.xlat.bench;
