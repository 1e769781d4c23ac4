package io.pyrope.ai.controller;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./pyrope ai-controller [flags]} ({@code java -cp pyrope-ai-controller.jar
 * io.pyrope.ai.controller.ControllerMain}): runs the warm path until SIGTERM or Ctrl-C, which stop
 * it cleanly (offsets committed, files flushed, producer closed). Flags: {@link ControllerOptions}.
 * Exit codes: 0 after a clean stop, 2 for bad flags, 1 when it could not start.
 *
 * <p>The node admin key for {@code --admin-url} comes from the environment only
 * ({@code PYROPE_AUTH_ADMIN_KEY} or {@code PYROPE_ADMIN_KEY}), never from a flag (it would show in
 * {@code ps}).
 */
public final class ControllerMain {
  private ControllerMain() {}

  public static void main(String[] argv) throws InterruptedException {
    List<String> args = Arrays.asList(argv);
    if (ControllerOptions.wantsHelp(args)) {
      System.out.print(ControllerOptions.usage());
      return;
    }
    ControllerOptions options;
    try {
      options = ControllerOptions.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("pyrope ai-controller: " + e.getMessage());
      System.err.print(ControllerOptions.usage());
      System.exit(2);
      return;
    }
    setLogLevel(System.getenv("PYROPE_LOG_LEVEL"));
    Logger log = LoggerFactory.getLogger(ControllerMain.class);
    String key = System.getenv("PYROPE_AUTH_ADMIN_KEY");
    if (key == null || key.isBlank()) {
      key = System.getenv("PYROPE_ADMIN_KEY");
    }
    Controller controller;
    try {
      controller = Controller.start(options, key, Clock.systemUTC());
    } catch (Exception e) {
      log.atError().addKeyValue("error", e.toString()).log("ai-controller failed to start");
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      controller.close();
      stopped.countDown();
    }, "pyrope-ai-shutdown"));
    stopped.await();
  }

  private static void setLogLevel(String level) {
    if (level == null || level.isBlank()) {
      return;
    }
    if (LoggerFactory.getLogger("io.pyrope") instanceof ch.qos.logback.classic.Logger lb) {
      lb.setLevel(ch.qos.logback.classic.Level.toLevel(level, ch.qos.logback.classic.Level.INFO));
    }
  }
}
