/**
 * RFC 3531 sparse IPv6 address planning: from a provider block, POP / site / customer prefixes are assigned by
 * leftmost, centermost or rightmost bit allocation so each level can grow without renumbering; plans persist as
 * deterministic JSON.
 */
package io.xlat.routing.addrplan;
