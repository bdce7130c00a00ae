/**
 * The {@code addrplan} subcommand: RFC 3531 sparse IPv6 address plans kept in a JSON file ({@code init},
 * {@code assign}, {@code show}). See docs/routeros.md.
 */
package io.xlat.examples.addrplan;
