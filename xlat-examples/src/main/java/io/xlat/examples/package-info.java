/**
 * Daemons and tools built on the xlat libraries, packaged as one runnable jar, {@code xlat.jar}.
 */
package io.xlat.examples;
