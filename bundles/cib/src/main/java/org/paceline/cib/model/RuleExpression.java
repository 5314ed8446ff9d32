package org.paceline.cib.model;

/** One term of a {@link Rule}: a node-attribute test or a nested rule. */
public sealed interface RuleExpression permits AttributeExpression, Rule {}
