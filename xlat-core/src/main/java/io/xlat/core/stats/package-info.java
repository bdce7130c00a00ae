/**
 * Translation and drop counters: one counter per reason, cheap to bump from the data-plane thread and readable
 * from any other thread.
 */
package io.xlat.core.stats;
