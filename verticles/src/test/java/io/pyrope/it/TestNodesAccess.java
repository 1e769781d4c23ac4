package io.pyrope.it;

import io.pyrope.node.PyropeNode;

/** The shared test node, for tests outside this package. */
public final class TestNodesAccess {
  private TestNodesAccess() {}

  public static PyropeNode shared() {
    return TestNodes.shared();
  }
}
