/**
 * The three RouterOS lessons of the operator notes as policies: {@link io.xlat.routing.policy.BgpFlapGuard}
 * (a distance-254 blackhole per advertised prefix keeps BGP from flapping when OSPF does),
 * {@link io.xlat.routing.policy.HotspotDnsBypass} (the hotspot's DNS redirect only for unauthenticated users) and
 * {@link io.xlat.routing.policy.PlatFailover} (primary and backup PLAT nodes by OSPF cost), gathered with their
 * inputs in a validated {@link io.xlat.routing.policy.PolicyConfig}.
 */
package io.xlat.routing.policy;
