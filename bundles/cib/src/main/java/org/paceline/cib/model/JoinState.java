package org.paceline.cib.model;

/** The controller join state of a node ({@code join} in {@code node_state}). */
public enum JoinState {
  DOWN,
  PENDING,
  MEMBER,
  BANNED
}
