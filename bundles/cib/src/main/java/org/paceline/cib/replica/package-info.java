/**
 * The replicated state machine behind {@link org.paceline.cib.service.CibService}: changes travel
 * through the ring's "cib" group and every replica applies them in delivery order; after every
 * group view change the members compare versions and the highest replica's CIB is adopted by the
 * others. See docs/design/cib-replication.md.
 */
package org.paceline.cib.replica;
