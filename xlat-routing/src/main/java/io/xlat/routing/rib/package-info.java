/**
 * A routing information base in the RouterOS manner: routes of several types, one active route per prefix chosen
 * by distance (then metric), and longest-prefix lookup.
 */
package io.xlat.routing.rib;
