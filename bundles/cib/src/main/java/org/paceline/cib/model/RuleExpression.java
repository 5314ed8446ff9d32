package org.paceline.cib.model;

/**
 * One term of a {@link Rule}: a node-attribute test, a date test, a resource-agent or operation
 * test (only in {@code rsc_defaults} / {@code op_defaults} rules), or a nested rule. {@link
 * RuleEvaluator} evaluates them.
 */
public sealed interface RuleExpression
    permits AttributeExpression, DateExpression, ResourceExpression, OperationExpression, Rule {}
