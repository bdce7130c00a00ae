/**
 * Lock-free, allocation-free hand-off of packets between the threads of a sharded translator: preallocated slabs
 * of packet slots and jctools single-producer/single-consumer queues of slot indices ({@link
 * io.xlat.core.handoff.ShardHandoff}).
 */
package io.xlat.core.handoff;
