package io.pyrope.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir
  Path dir;

  @Test
  void defaultsApplyWhenNothingIsGiven() {
    PyropeConfig c = ConfigLoader.load(List.of(), Map.of());
    assertEquals(6380, c.get(ConfigKeys.RESP_PORT));
    assertEquals("127.0.0.1", c.get(ConfigKeys.RESP_HOST));
    assertEquals(8080, c.get(ConfigKeys.HTTP_PORT));
    assertEquals(Path.of("./data"), c.get(ConfigKeys.DATA_DIR));
    assertEquals("", c.get(ConfigKeys.KAFKA_BOOTSTRAP));
    assertFalse(c.authEnabled());
    assertEquals("default", c.source(ConfigKeys.RESP_PORT));
  }

  @Test
  void eachLayerOverridesTheOneBefore() throws IOException {
    Path file = dir.resolve("pyrope.properties");
    Files.writeString(file, "resp.port=7000\nhttp.port=7001\nsearch.threads=3\n");
    Map<String, String> env = Map.of("PYROPE_HTTP_PORT", "7002", "PYROPE_SEARCH_THREADS", "4");
    PyropeConfig c = ConfigLoader.load(List.of("--config", file.toString(), "--search.threads=5"), env);
    assertEquals(7000, c.get(ConfigKeys.RESP_PORT));
    assertEquals("file " + file, c.source(ConfigKeys.RESP_PORT));
    assertEquals(7002, c.get(ConfigKeys.HTTP_PORT));
    assertEquals("env PYROPE_HTTP_PORT", c.source(ConfigKeys.HTTP_PORT));
    assertEquals(5, c.get(ConfigKeys.SEARCH_THREADS));
    assertEquals("flag --search.threads", c.source(ConfigKeys.SEARCH_THREADS));
  }

  @Test
  void configFileCanComeFromTheEnvironment() throws IOException {
    Path file = dir.resolve("p.properties");
    Files.writeString(file, "resp.port=7100\n");
    PyropeConfig c = ConfigLoader.load(List.of(), Map.of("PYROPE_CONFIG", file.toString()));
    assertEquals(7100, c.get(ConfigKeys.RESP_PORT));
  }

  @Test
  void pyropeHomeSetsTheDataDirUnlessDataDirIsGiven() {
    assertEquals(Path.of("/srv/p"), ConfigLoader.load(List.of(), Map.of("PYROPE_HOME", "/srv/p"))
        .get(ConfigKeys.DATA_DIR));
    assertEquals(Path.of("/srv/q"), ConfigLoader.load(List.of(),
        Map.of("PYROPE_HOME", "/srv/p", "PYROPE_DATA_DIR", "/srv/q")).get(ConfigKeys.DATA_DIR));
  }

  @Test
  void badValueNamesKeySourceAndAcceptedValues() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(List.of(), Map.of("PYROPE_RESP_PORT", "abc")));
    assertTrue(e.getMessage().startsWith("resp.port: 'abc' from env PYROPE_RESP_PORT is not accepted"), e.getMessage());
    assertTrue(e.getMessage().contains("an integer from 0 to 65535"), e.getMessage());
  }

  @Test
  void outOfRangePortIsRefused() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(List.of("--http.port=70000"), Map.of()));
    assertTrue(e.getMessage().contains("http.port"), e.getMessage());
    assertTrue(e.getMessage().contains("out of range"), e.getMessage());
  }

  @Test
  void badLogLevelListsTheChoices() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(List.of("--log.level=loud"), Map.of()));
    assertTrue(e.getMessage().contains("one of error, warn, info, debug, trace"), e.getMessage());
  }

  @Test
  void unknownFlagIsRefused() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(List.of("--resp.prot=1"), Map.of()));
    assertTrue(e.getMessage().contains("unknown option --resp.prot"), e.getMessage());
  }

  @Test
  void unknownKeyInFileIsRefused() throws IOException {
    Path file = dir.resolve("bad.properties");
    Files.writeString(file, "resp.prot=1\n");
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(List.of("--config=" + file), Map.of()));
    assertTrue(e.getMessage().contains("unknown key 'resp.prot'"), e.getMessage());
  }

  @Test
  void missingConfigFileIsNamed() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(List.of("--config", dir.resolve("nope").toString()), Map.of()));
    assertTrue(e.getMessage().contains("cannot read config file"), e.getMessage());
  }

  @Test
  void flagWithoutValueIsRefused() {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(List.of("--resp.port"), Map.of()));
    assertTrue(e.getMessage().contains("needs a value"), e.getMessage());
  }

  @Test
  void badBootstrapIsRefused() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(List.of("--kafka.bootstrap=localhost"), Map.of()));
    assertTrue(e.getMessage().contains("kafka.bootstrap"), e.getMessage());
  }

  @Test
  void shortAdminKeyIsRefusedWithoutEchoingIt() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(List.of(), Map.of("PYROPE_AUTH_ADMIN_KEY", "secret123")));
    assertFalse(e.getMessage().contains("secret123"), e.getMessage());
    assertTrue(e.getMessage().contains("auth.admin-key"), e.getMessage());
  }

  @Test
  void adminKeyComesFromPyropeAdminKeyToo() {
    PyropeConfig c = ConfigLoader.load(List.of(), Map.of("PYROPE_ADMIN_KEY", "0123456789abcdef0123"));
    assertEquals("0123456789abcdef0123", c.adminKey());
    assertEquals("env PYROPE_ADMIN_KEY", c.source(ConfigKeys.ADMIN_KEY));
    assertFalse(c.describe().contains("0123456789abcdef0123"));
  }

  @Test
  void adminKeyComesFromAFile() throws IOException {
    Path key = dir.resolve("admin.key");
    Files.writeString(key, "0123456789abcdef0123\n");
    PyropeConfig c = ConfigLoader.load(List.of("--auth.admin-key-file=" + key), Map.of());
    assertTrue(c.authEnabled());
    assertEquals("0123456789abcdef0123", c.adminKey());
    assertFalse(c.describe().contains("0123456789abcdef0123"));
  }

  @Test
  void adminKeyAndKeyFileTogetherAreRefused() throws IOException {
    Path key = dir.resolve("admin.key");
    Files.writeString(key, "0123456789abcdef0123\n");
    assertThrows(ConfigException.class, () -> ConfigLoader.load(
        List.of("--auth.admin-key-file=" + key, "--auth.admin-key=abcdefghijklmnopqrstu"), Map.of()));
  }

  @Test
  void everyKeyIsDocumentedInTheDocs() throws IOException {
    Path doc = Path.of(System.getProperty("user.dir")).resolve("../docs/configuration.md");
    String text = Files.readString(doc);
    for (ConfigKey<?> k : ConfigKeys.ALL) {
      assertTrue(text.contains("`" + k.name() + "`"), "docs/configuration.md misses " + k.name());
      assertTrue(text.contains(k.envName()), "docs/configuration.md misses " + k.envName());
    }
  }
}
