/**
 * BGP as the upstream sees it: which networks a RouterOS router originates (only while an active route covers
 * each exactly) and how an upstream peer damps a flapping prefix (RFC 2439).
 */
package io.xlat.routing.bgp;
