/**
 * RouterOS text: {@link io.xlat.routing.routeros.ScriptGenerator} writes the policies as a v6 or v7 {@code .rsc}
 * script (every command preceded by a comment saying why), {@link io.xlat.routing.routeros.ExportParser} reads
 * {@code /export} output (paths, add/set, quoting, continuations, comments) without ever throwing, and
 * {@link io.xlat.routing.routeros.ConfigAudit} reports with line numbers what a configuration lacks against the
 * policies.
 */
package io.xlat.routing.routeros;
