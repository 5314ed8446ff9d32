package org.paceline.cib.model;

/** A constraint: location, colocation or order. */
public sealed interface Constraint
    permits LocationConstraint, ColocationConstraint, OrderConstraint {

  String id();
}
