package io.pyrope.node;

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
import java.util.List;

/** The node's command table: every RESP command it answers, one class each. */
final class Commands {
  private Commands() {}

  static List<CommandHandler> all() {
    return List.of(new PingCommand(), new EchoCommand(), new HelloCommand(), new AuthCommand(), new ClientCommand(),
        new CommandCommand(), new InfoCommand(), new SelectCommand(), new ResetCommand(), new QuitCommand());
  }
}
