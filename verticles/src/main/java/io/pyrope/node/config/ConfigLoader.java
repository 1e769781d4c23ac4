package io.pyrope.node.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Builds a {@link PyropeConfig} from four layers, each overriding the one before: the defaults in
 * {@link ConfigKeys}, an optional properties file, {@code PYROPE_*} environment variables and
 * command-line flags. Any unknown key or bad value fails with a {@link ConfigException} that
 * names the key, where the value came from, and the accepted values — a node never starts on a
 * configuration it half understood.
 */
public final class ConfigLoader {
  /** Environment variable naming the config file, when {@code --config} is not given. */
  public static final String CONFIG_FILE_ENV = "PYROPE_CONFIG";
  /** Environment variable for the data directory, read when {@code PYROPE_DATA_DIR} is absent. */
  public static final String HOME_ENV = "PYROPE_HOME";

  /** Short environment names accepted beside the canonical ones: PYROPE_ADMIN_KEY, PYROPE_ADMIN_KEY_FILE. */
  static final Map<String, ConfigKey<?>> ENV_ALIASES = Map.of("PYROPE_ADMIN_KEY", ConfigKeys.ADMIN_KEY,
      "PYROPE_ADMIN_KEY_FILE", ConfigKeys.ADMIN_KEY_FILE);

  private ConfigLoader() {}

  /** Resolves the configuration from command-line arguments and an environment. */
  public static PyropeConfig load(List<String> args, Map<String, String> env) {
    Map<String, String> flags = parseFlags(args);
    Map<ConfigKey<?>, String> raw = new LinkedHashMap<>();
    Map<ConfigKey<?>, String> sources = new HashMap<>();
    for (ConfigKey<?> k : ConfigKeys.ALL) {
      raw.put(k, k.defaultValue());
      sources.put(k, "default");
    }

    String file = flags.containsKey("config") ? flags.remove("config") : env.get(CONFIG_FILE_ENV);
    if (file != null && !file.isBlank()) {
      readFile(Path.of(file), raw, sources);
    }

    String home = env.get(HOME_ENV);
    if (home != null && !home.isBlank() && !env.containsKey(ConfigKeys.DATA_DIR.envName())) {
      raw.put(ConfigKeys.DATA_DIR, home);
      sources.put(ConfigKeys.DATA_DIR, "env " + HOME_ENV);
    }
    // The names the security issue documents; the canonical PYROPE_AUTH_* names win when both are set.
    for (Map.Entry<String, ConfigKey<?>> alias : ENV_ALIASES.entrySet()) {
      String v = env.get(alias.getKey());
      if (v != null && !env.containsKey(alias.getValue().envName())) {
        raw.put(alias.getValue(), v);
        sources.put(alias.getValue(), "env " + alias.getKey());
      }
    }
    for (ConfigKey<?> k : ConfigKeys.ALL) {
      String v = env.get(k.envName());
      if (v != null) {
        raw.put(k, v);
        sources.put(k, "env " + k.envName());
      }
    }

    for (Map.Entry<String, String> f : flags.entrySet()) {
      ConfigKey<?> k = ConfigKeys.byName(f.getKey());
      if (k == null) {
        throw new ConfigException("unknown option --" + f.getKey() + "; run with --help for the list of keys");
      }
      raw.put(k, f.getValue());
      sources.put(k, "flag --" + k.name());
    }

    Map<ConfigKey<?>, Object> values = new LinkedHashMap<>();
    for (Map.Entry<ConfigKey<?>, String> e : raw.entrySet()) {
      values.put(e.getKey(), parse(e.getKey(), e.getValue(), sources.get(e.getKey())));
    }
    String adminKey = resolveAdminKey((String) values.get(ConfigKeys.ADMIN_KEY),
        (String) values.get(ConfigKeys.ADMIN_KEY_FILE));
    return new PyropeConfig(values, sources, adminKey);
  }

  /** True when the arguments ask for the list of keys. */
  public static boolean wantsHelp(List<String> args) {
    return args.contains("--help") || args.contains("-h");
  }

  /** The list of keys with defaults, accepted values and environment variables, for {@code --help}. */
  public static String help() {
    StringBuilder sb = new StringBuilder("Configuration keys (flag --key=value, env PYROPE_KEY, or a properties file"
        + " given by --config FILE / PYROPE_CONFIG):\n\n");
    for (ConfigKey<?> k : ConfigKeys.ALL) {
      sb.append(String.format("  %-26s default '%s'%n      %s%n      accepts %s; env %s%n",
          k.name(), k.defaultValue(), k.doc(), k.accepted(), k.envName()));
    }
    return sb.toString();
  }

  private static Object parse(ConfigKey<?> key, String value, String source) {
    try {
      return key.parse(value);
    } catch (IllegalArgumentException e) {
      boolean secret = key == ConfigKeys.ADMIN_KEY;
      String shown = secret ? "the value" : "'" + value + "'";
      throw new ConfigException(key.name() + ": " + shown + " from " + source + " is not accepted ("
          + e.getMessage() + "): expected " + key.accepted());
    }
  }

  private static Map<String, String> parseFlags(List<String> args) {
    Map<String, String> flags = new LinkedHashMap<>();
    List<String> rest = new ArrayList<>(args);
    for (int i = 0; i < rest.size(); i++) {
      String a = rest.get(i);
      if (a.equals("--help") || a.equals("-h")) {
        continue;
      }
      if (!a.startsWith("--") || a.length() == 2) {
        throw new ConfigException("unexpected argument '" + a + "': options look like --resp.port=6380");
      }
      String body = a.substring(2);
      int eq = body.indexOf('=');
      if (eq >= 0) {
        flags.put(body.substring(0, eq), body.substring(eq + 1));
      } else if (i + 1 < rest.size() && !rest.get(i + 1).startsWith("--")) {
        flags.put(body, rest.get(++i));
      } else {
        throw new ConfigException("option --" + body + " needs a value");
      }
    }
    return flags;
  }

  private static void readFile(Path file, Map<ConfigKey<?>, String> raw, Map<ConfigKey<?>, String> sources) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
    }
    for (String name : p.stringPropertyNames()) {
      ConfigKey<?> k = ConfigKeys.byName(name);
      if (k == null) {
        throw new ConfigException("unknown key '" + name + "' in config file " + file
            + "; run with --help for the list of keys");
      }
      raw.put(k, p.getProperty(name));
      sources.put(k, "file " + file);
    }
  }

  private static String resolveAdminKey(String key, String keyFile) {
    if (!keyFile.isEmpty()) {
      if (!key.isEmpty()) {
        throw new ConfigException("auth.admin-key and auth.admin-key-file are both set: keep one");
      }
      String fromFile;
      try {
        fromFile = Files.readString(Path.of(keyFile), StandardCharsets.UTF_8).trim();
      } catch (IOException e) {
        throw new ConfigException("auth.admin-key-file: cannot read " + keyFile + ": " + e.getMessage());
      }
      if (fromFile.length() < ConfigKeys.MIN_ADMIN_KEY_LENGTH) {
        throw new ConfigException("auth.admin-key-file: the key in " + keyFile + " is shorter than "
            + ConfigKeys.MIN_ADMIN_KEY_LENGTH + " characters");
      }
      return fromFile;
    }
    return key;
  }
}
