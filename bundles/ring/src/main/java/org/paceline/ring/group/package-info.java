/**
 * Process groups over the token ring, like Corosync's CPG: {@link
 * org.paceline.ring.group.GroupMessaging} implements {@link org.paceline.api.ring.GroupChannel} as
 * the ring engine's {@link org.paceline.ring.srp.RingListener}. {@link
 * org.paceline.ring.group.GroupWire} is the chunk format, {@link
 * org.paceline.ring.group.Reassembler} rebuilds fragmented messages and {@link
 * org.paceline.ring.group.GroupMembership} computes group views. The protocol, with a three-node
 * scenario, is described in docs/design/groups.md.
 */
package org.paceline.ring.group;
