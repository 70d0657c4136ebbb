package io.tributary.deploy.marathon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.tributary.deploy.Yaml;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** Marathon's AppDefinition JSON Schema (draft-04), from the test resources. */
public final class MarathonSchema {

    private static final Schema SCHEMA = load();

    private MarathonSchema() {
    }

    /** The schema's complaints about one app; empty when it is valid. */
    public static List<String> errors(JsonNode app) {
        return SCHEMA.validate(app.toString(), InputFormat.JSON).stream().map(Error::toString).toList();
    }

    private static Schema load() {
        try (InputStream in = MarathonSchema.class.getResourceAsStream("/marathon/AppDefinition.schema.json")) {
            ObjectNode schema = (ObjectNode) Yaml.JSON.readTree(in);
            // "$schema": "http://json-schema.org/schema#" names no draft the validator knows; the schema is draft-04.
            schema.remove("$schema");
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(schema.toString(), InputFormat.JSON);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
