package io.pyrope.resp.command.vec;

import io.pyrope.resp.command.CommandHandler;
import java.util.List;

/**
 * What every VEC.* command shares: its name, arity and whether it writes (which decides its
 * ordering on a connection and its COMMAND flags). Subclasses parse and send.
 */
abstract class VecCommand implements CommandHandler {
  private final String name;
  private final int arity;
  private final boolean writes;

  VecCommand(String name, int arity, boolean writes) {
    this.name = name;
    this.arity = arity;
    this.writes = writes;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final int arity() {
    return arity;
  }

  @Override
  public final boolean mutates() {
    return writes;
  }

  @Override
  public final List<String> flags() {
    return List.of(writes ? "write" : "readonly");
  }

  @Override
  public final String group() {
    return "vector";
  }
}
