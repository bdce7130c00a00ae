/**
 * The RouterOS policy module and IPv6 address planning: a RIB model, BGP origination, an RFC 2439 flap-damping
 * simulator, the field-note policies, RouterOS script generation, an {@code /export} parser with an audit, and
 * RFC 3531 sparse address plans. Cold-path code throughout: it allocates freely and favours clarity.
 */
package io.xlat.routing;
