/**
 * Tests of the DNS64 server.
 */
package io.xlat.dns64.server;
