package io.pyrope.testing;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The Kafka topic schemas of bus-schemas ({@code schemas/topics/*.json}), for checking real records in tests. */
public final class TopicSchemas {
  private TopicSchemas() {}

  /** A validator for one schema file, e.g. {@code pyrope.query-log.v1.json}. */
  public static Validator validator(String file) {
    try (InputStream in = TopicSchemas.class.getResourceAsStream("/schemas/topics/" + file)) {
      assertNotNull(in, "no schema resource " + file);
      JsonObject schema = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      return Validator.create(JsonSchema.of(schema), new JsonSchemaOptions().setDraft(Draft.DRAFT202012)
          .setBaseUri("https://pyrope.io/schemas/").setOutputFormat(OutputFormat.Basic));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Fails with the schema's errors when the record does not validate. */
  public static void assertValid(Validator v, JsonObject rec) {
    OutputUnit u = v.validate(rec);
    assertTrue(u.getValid(), () -> "schema errors " + u.getErrors() + " in " + rec.encode());
  }
}
