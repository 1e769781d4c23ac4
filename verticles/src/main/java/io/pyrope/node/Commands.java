package io.pyrope.node;

import io.pyrope.cache.impl.ResultCache;
import io.pyrope.resp.command.AuthCommand;
import io.pyrope.resp.command.ClientCommand;
import io.pyrope.resp.command.CommandCommand;
import io.pyrope.resp.command.CommandHandler;
import io.pyrope.resp.command.EchoCommand;
import io.pyrope.resp.command.HelloCommand;
import io.pyrope.resp.command.InfoCommand;
import io.pyrope.resp.command.PingCommand;
import io.pyrope.resp.command.QuitCommand;
import io.pyrope.resp.command.ResetCommand;
import io.pyrope.resp.command.SelectCommand;
import io.pyrope.resp.command.vec.VecCreateCommand;
import io.pyrope.resp.command.vec.VecDelCommand;
import io.pyrope.resp.command.vec.VecGetCommand;
import io.pyrope.resp.command.vec.VecIndexCommand;
import io.pyrope.resp.command.vec.VecRestoreCommand;
import io.pyrope.resp.command.vec.VecSearchCommand;
import io.pyrope.search.SearchLanes;
import io.pyrope.resp.command.vec.VecSnapshotCommand;
import io.pyrope.resp.command.vec.VecWriteCommand;
import io.pyrope.telemetry.Telemetry;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

/** The node's command table: every RESP command it answers, one class each. */
final class Commands {
  private Commands() {}

  /** Without a query log. @param cache the node's result cache, or null when caching is off */
  static List<CommandHandler> all(ResultCache cache) {
    return all(cache, null);
  }

  /**
   * @param cache the node's result cache, or null when caching is off
   * @param telemetry the query log, or null
   */
  static List<CommandHandler> all(ResultCache cache, Telemetry telemetry) {
    return all(cache, telemetry, null);
  }

  /**
   * @param cache the node's result cache, or null when caching is off
   * @param telemetry the query log, or null
   * @param lanes the FAISS threads VEC.SEARCH calls directly, or null to search over the event bus
   */
  static List<CommandHandler> all(ResultCache cache, Telemetry telemetry, SearchLanes lanes) {
    return all(cache, telemetry, lanes, null);
  }

  /**
   * @param meters where VEC.SEARCH records its command latency itself (one clock pair for its
   *     timers), or null to leave that to the command registry
   */
  static List<CommandHandler> all(ResultCache cache, Telemetry telemetry, SearchLanes lanes, MeterRegistry meters) {
    return List.of(new PingCommand(), new EchoCommand(), new HelloCommand(), new AuthCommand(), new ClientCommand(),
        new CommandCommand(), new InfoCommand(), new SelectCommand(), new ResetCommand(), new QuitCommand(),
        new VecCreateCommand(), VecIndexCommand.drop(), VecIndexCommand.stats(), VecIndexCommand.build(),
        VecWriteCommand.add(), VecWriteCommand.upsert(), new VecDelCommand(), new VecGetCommand(),
        new VecSearchCommand(cache, telemetry, lanes, meters), new VecSnapshotCommand(), new VecRestoreCommand());
  }
}
