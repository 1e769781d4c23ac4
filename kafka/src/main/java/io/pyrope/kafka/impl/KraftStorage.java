package io.pyrope.kafka.impl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Formats the broker's log directory once and reads back its cluster id.
 *
 * <p>The cluster id is generated at the first format and then lives in {@code meta.properties}:
 * formatting again would give the directory a new cluster id and the broker would refuse the old
 * data, so the format runs only when {@code meta.properties} is absent. Not thread-safe; the broker
 * calls it from {@code start()}, which holds the broker's lock.
 */
public final class KraftStorage {
  /** The file the formatter writes last; its presence means "formatted". */
  public static final String META_PROPERTIES = "meta.properties";

  private static final Logger LOG = LoggerFactory.getLogger(KraftStorage.class);

  private KraftStorage() {}

  /** True when {@code logDir} already holds a formatted KRaft log directory. */
  public static boolean isFormatted(Path logDir) {
    return Files.isRegularFile(logDir.resolve(META_PROPERTIES));
  }

  /**
   * Formats {@code logDir} as the metadata and data directory of node {@code nodeId} unless it is
   * already formatted, and returns the directory's cluster id.
   */
  public static String formatIfAbsent(Path logDir, int nodeId, String controllerListener) throws Exception {
    if (!isFormatted(logDir)) {
      String clusterId = Uuid.randomUuid().toString();
      // The formatter prints progress to System.out by default; keep it out of the node's stdout.
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
        new Formatter()
            .setPrintStream(print)
            .setNodeId(nodeId)
            .setClusterId(clusterId)
            .setControllerListenerName(controllerListener)
            .setMetadataLogDirectory(logDir.toString())
            .addDirectory(logDir.toString())
            .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
            .run();
      }
      LOG.info("Formatted Kafka log directory {} with cluster id {}", logDir, clusterId);
      LOG.debug("Formatter output: {}", out.toString(StandardCharsets.UTF_8).strip());
    }
    return readClusterId(logDir);
  }

  /** The {@code cluster.id} stored in {@code logDir/meta.properties}. */
  public static String readClusterId(Path logDir) throws IOException {
    Properties meta = new Properties();
    try (InputStream in = Files.newInputStream(logDir.resolve(META_PROPERTIES))) {
      meta.load(in);
    }
    String clusterId = meta.getProperty("cluster.id");
    if (clusterId == null || clusterId.isBlank()) {
      throw new IOException(logDir.resolve(META_PROPERTIES) + " has no cluster.id");
    }
    return clusterId;
  }
}
