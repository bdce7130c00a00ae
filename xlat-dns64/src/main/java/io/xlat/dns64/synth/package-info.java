/**
 * DNS64 (RFC 6147 section 5): {@link io.xlat.dns64.synth.Dns64Synthesizer} decides what a query needs and builds the
 * response from the upstream AAAA and A responses (or the PTR rewrite of 5.3.1) into a caller's buffer without
 * allocation; {@link io.xlat.dns64.synth.Dns64Config} holds the prefixes and BIND9-style {@code clients},
 * {@code mapped} and {@code exclude} sets ({@link io.xlat.dns64.synth.AddressMatchList}).
 */
package io.xlat.dns64.synth;
