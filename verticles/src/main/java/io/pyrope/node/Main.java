package io.pyrope.node;

import ch.qos.logback.classic.Level;
import io.pyrope.node.config.ConfigException;
import io.pyrope.node.config.ConfigKeys;
import io.pyrope.node.config.ConfigLoader;
import io.pyrope.node.config.PyropeConfig;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * {@code java -jar pyrope-node.jar [--config FILE] [--key=value …]}: starts one node and keeps
 * it running until SIGTERM or Ctrl-C, which stop it cleanly. Exit codes: 0 after a clean stop,
 * 2 for a configuration error, 1 when the node could not start.
 */
public final class Main {
  private Main() {}

  public static void main(String[] argv) {
    // Vert.x logs through SLF4J (and so Logback) rather than JUL; must be set before Vert.x loads.
    System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    List<String> args = Arrays.asList(argv);
    if (ConfigLoader.wantsHelp(args)) {
      System.out.println("Usage: pyrope run [--config FILE] [--key=value ...]\n");
      System.out.println(ConfigLoader.help());
      return;
    }
    PyropeConfig config;
    try {
      config = ConfigLoader.load(args, System.getenv());
    } catch (ConfigException e) {
      System.err.println("pyrope: configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    setLogLevel(config.get(ConfigKeys.LOG_LEVEL));
    Logger log = LoggerFactory.getLogger(Main.class);
    PyropeNode node;
    try {
      node = PyropeNode.start(config);
    } catch (RuntimeException e) {
      log.error("node failed to start: {}", e.getMessage(), e);
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(node::close, "pyrope-shutdown"));
  }

  private static void setLogLevel(String level) {
    org.slf4j.Logger l = LoggerFactory.getLogger("io.pyrope");
    if (l instanceof ch.qos.logback.classic.Logger lb) {
      lb.setLevel(Level.toLevel(level, Level.INFO));
    }
  }
}
