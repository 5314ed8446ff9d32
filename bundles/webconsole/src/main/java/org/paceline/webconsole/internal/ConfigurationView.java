package org.paceline.webconsole.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.paceline.cib.crm.ConstraintReferences;
import org.paceline.cib.crm.CrmPrinter;
import org.paceline.cib.model.Configuration;
import org.paceline.cib.model.Constraint;
import org.paceline.cib.model.Resource;

/**
 * The parts of the configuration the Cluster page shows besides the status: the constraints (each
 * with its kind, the resources it names and its crm text) and each resource's {@code target-role}.
 */
public final class ConfigurationView {

  private ConfigurationView() {}

  /** Fills {@code out} with one object per constraint: id, kind, resources, text. */
  public static void constraints(Configuration config, ArrayNode out) {
    for (Constraint c : config.constraints()) {
      ObjectNode o = out.addObject();
      o.put("id", c.id());
      o.put("kind", ConstraintReferences.kind(c));
      ArrayNode rsc = o.putArray("resources");
      ConstraintReferences.resources(c).forEach(rsc::add);
      o.put("text", CrmPrinter.print(c).strip());
      // A constraint the CLI's move/ban made (cli-prefer-*, cli-ban-*): 'clear' removes it.
      o.put("fromCli", c.id().startsWith("cli-prefer-") || c.id().startsWith("cli-ban-"));
    }
  }

  /** Fills {@code out} with {@code id -> target-role} for every resource that sets one. */
  public static void targetRoles(Configuration config, ObjectNode out) {
    for (Resource r : config.allResources()) {
      String role = r.meta().get("target-role");
      if (role != null) {
        out.put(r.id(), role);
      }
    }
  }
}
