package io.pyrope.bench.workload;

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
import java.nio.charset.StandardCharsets;

/** The pyrope.trace/v1 JSON Schema from bus-schemas, as a validator for the tests. */
final class TraceSchema {
  private TraceSchema() {}

  static Validator validator() throws IOException {
    try (InputStream in = TraceSchema.class.getResourceAsStream("/schemas/trace/pyrope.trace.v1.json")) {
      assertNotNull(in, "pyrope.trace.v1.json on the classpath (bus-schemas)");
      JsonObject schema = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      return Validator.create(JsonSchema.of(schema), new JsonSchemaOptions().setDraft(Draft.DRAFT202012)
          .setBaseUri("https://pyrope.io/schemas/").setOutputFormat(OutputFormat.Basic));
    }
  }

  static void valid(Validator v, JsonObject rec) {
    OutputUnit u = v.validate(rec);
    assertTrue(u.getValid(), () -> "schema errors " + u.getErrors() + " in " + rec.encode());
  }
}
