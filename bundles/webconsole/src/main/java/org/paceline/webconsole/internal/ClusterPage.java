package org.paceline.webconsole.internal;

import java.io.PrintWriter;
import org.owasp.encoder.Encode;

/**
 * The Cluster page's HTML: an empty frame (summary, nodes, resources, failed actions, constraints,
 * events, the confirmation dialog) that the page's script fills from {@code status.json} and {@code
 * events.json} and keeps up to date. Every value from the cluster reaches the page through the
 * script's {@code textContent}, never as markup; the few values written here are encoded.
 */
public final class ClusterPage {

  /** Where the script and style sheet live below the plugin's root. */
  public static final String RESOURCES = "/res/paceline-cluster/";

  private ClusterPage() {}

  /**
   * Writes the page's content (the Web Console writes the head, the menu and the foot).
   *
   * @param pluginRoot the plugin's URL path, e.g. {@code /system/console/cluster}
   * @param node the node serving the page
   */
  public static void render(PrintWriter out, String pluginRoot, String node) {
    String root = Encode.forHtmlAttribute(pluginRoot);
    out.println(
        "<div id='paceline-cluster' data-root='"
            + root
            + "' data-node='"
            + Encode.forHtmlAttribute(node)
            + "'>");
    out.println(
        "<div class='pl-bar'><span id='pl-summary'>Loading the cluster status from node "
            + Encode.forHtml(node)
            + "&hellip;</span> <span id='pl-updated' class='pl-muted'></span></div>");
    out.println("<div id='pl-error' class='pl-banner pl-fail' role='alert' hidden></div>");
    out.println("<div id='pl-result' class='pl-banner' role='status' aria-live='polite' hidden>");
    out.println("</div>");
    section(
        out,
        "Nodes",
        "pl-nodes",
        new String[] {"Node", "State", "Role", "Address", "Actions"},
        "pl-nodes-empty",
        "No nodes yet.");
    section(
        out,
        "Resources",
        "pl-resources",
        new String[] {"Resource", "Agent", "Role", "Node", "Actions"},
        "pl-resources-empty",
        "No resources configured.");
    section(
        out,
        "Failed resource actions",
        "pl-failed",
        new String[] {"Resource", "Operation", "Node", "Result", "Fail count", "Last change", ""},
        "pl-failed-empty",
        "None.");
    section(
        out,
        "Constraints",
        "pl-constraints",
        new String[] {"Kind", "Id", "Definition", ""},
        "pl-constraints-empty",
        "None.");
    section(
        out,
        "Recent events",
        "pl-events",
        new String[] {"Seq", "Time", "Node", "Type", "Subject", "Details"},
        "pl-events-empty",
        "Loading&hellip;");
    out.println(
        "<dialog id='pl-confirm' class='pl-dialog' aria-labelledby='pl-confirm-text'>"
            + "<p id='pl-confirm-text'></p><div id='pl-confirm-extra'></div>"
            + "<div class='pl-dialog-buttons'>"
            + "<button type='button' id='pl-confirm-cancel'>Cancel</button> "
            + "<button type='button' id='pl-confirm-ok' class='pl-primary'>Confirm</button>"
            + "</div></dialog>");
    out.println("</div>");
    out.println(
        "<script src='" + root + Encode.forHtmlAttribute(RESOURCES + "cluster.js") + "'></script>");
  }

  private static void section(
      PrintWriter out,
      String title,
      String id,
      String[] columns,
      String emptyId,
      String emptyHtml) {
    out.println("<section class='pl-section'><h2>" + title + "</h2>");
    out.print("<table id='" + id + "' class='pl-table nicetable'><thead><tr>");
    for (String c : columns) {
      out.print("<th>" + c + "</th>");
    }
    out.println("</tr></thead><tbody></tbody></table>");
    out.println("<p id='" + emptyId + "' class='pl-muted'>" + emptyHtml + "</p></section>");
  }
}
