/**
 * Stateless IP/ICMP translation (SIIT, RFC 7915) in both directions, over an
 * {@link io.xlat.core.addr.AddressMapper} (pool6 per RFC 6052, EAMT per RFC 7757, or a CLAT mapping).
 * <p>
 * Entry point: {@link io.xlat.core.siit.SiitTranslator}, configured by {@link io.xlat.core.siit.SiitConfig},
 * writing every packet it emits (translated packets, fragments, ICMP errors it originates) into a reusable
 * {@link io.xlat.core.siit.TranslationResult}.
 */
package io.xlat.core.siit;
