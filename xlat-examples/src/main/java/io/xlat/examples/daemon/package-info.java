/**
 * Shared plumbing of the packet daemons ({@code xlat clat}, {@code xlat plat}): one {@link
 * io.xlat.examples.daemon.TranslatorWorker} (an Agrona {@code Agent}) per TUN queue, the idle strategy that waits on
 * the channel with a timeout, the Prometheus text endpoint, {@code --config} files with the flags' keys, and the
 * start/stop sequence with signal handling ({@link io.xlat.examples.daemon.DaemonRunner}).
 */
package io.xlat.examples.daemon;
