package io.pyrope.node.config;

import java.util.Objects;
import java.util.function.Function;

/**
 * One configuration key: its name ({@code resp.port}), the environment variable that sets it
 * ({@code PYROPE_RESP_PORT}), a one-line doc, its default and how to parse and check a value.
 * The parser throws {@link IllegalArgumentException} with the accepted values; {@link ConfigLoader}
 * adds the key and where the value came from.
 */
public final class ConfigKey<T> {
  private final String name;
  private final String defaultValue;
  private final String doc;
  private final String accepted;
  private final Function<String, T> parser;

  ConfigKey(String name, String defaultValue, String accepted, String doc, Function<String, T> parser) {
    this.name = Objects.requireNonNull(name);
    this.defaultValue = Objects.requireNonNull(defaultValue);
    this.accepted = Objects.requireNonNull(accepted);
    this.doc = Objects.requireNonNull(doc);
    this.parser = Objects.requireNonNull(parser);
  }

  public String name() {
    return name;
  }

  /** The environment variable for this key: {@code resp.max-bulk-bytes} → {@code PYROPE_RESP_MAX_BULK_BYTES}. */
  public String envName() {
    return "PYROPE_" + name.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  public String defaultValue() {
    return defaultValue;
  }

  /** What values are accepted, in words ("an integer from 0 to 65535"). */
  public String accepted() {
    return accepted;
  }

  public String doc() {
    return doc;
  }

  T parse(String raw) {
    return parser.apply(raw.trim());
  }
}
