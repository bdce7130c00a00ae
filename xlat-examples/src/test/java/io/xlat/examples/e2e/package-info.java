/**
 * End-to-end tests of the daemons in Linux network namespaces with real clients.
 */
package io.xlat.examples.e2e;
