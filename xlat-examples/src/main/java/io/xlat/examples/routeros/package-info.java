/**
 * The {@code routeros} subcommand: {@code generate} writes the field-note policies as a RouterOS v6/v7 script,
 * {@code audit} checks an {@code /export} against them with line numbers, {@code simulate} replays OSPF outages
 * and shows BGP withdrawals and upstream RFC 2439 damping with and without the flap guard. See docs/routeros.md.
 */
package io.xlat.examples.routeros;
