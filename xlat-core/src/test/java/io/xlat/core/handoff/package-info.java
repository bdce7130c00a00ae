/**
 * Tests of the shard hand-off.
 */
package io.xlat.core.handoff;
