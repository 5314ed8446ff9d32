package org.paceline.cib.model;

/**
 * A resource's current state on one node, derived from its operation history by {@link
 * ResourceHistory#currentState()}.
 *
 * @param role the role the resource is in, or is assumed to be in after a failure
 * @param failed whether the latest role-determining result was a failure, so recovery is due
 */
public record ResourceState(Role role, boolean failed) {

  public static final ResourceState STOPPED = new ResourceState(Role.STOPPED, false);

  public ResourceState {
    Checks.required(role, "resource state role");
  }

  public boolean active() {
    return role.isActive();
  }

  /** As crm_mon shows it: the role, or {@code FAILED Role}. */
  @Override
  public String toString() {
    return failed ? "FAILED " + role : role.toString();
  }
}
