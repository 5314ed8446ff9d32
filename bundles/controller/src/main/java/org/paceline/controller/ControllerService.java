package org.paceline.controller;

import org.osgi.annotation.versioning.ProviderType;

/** This node's controller: the DC role when the view makes it the DC, the action runner always. */
@ProviderType
public interface ControllerService {

  /** What the controller knows and does now. */
  ControllerStatus status();
}
