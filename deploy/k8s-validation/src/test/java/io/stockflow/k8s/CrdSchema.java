package io.stockflow.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks an object against the openAPIV3Schema of a CustomResourceDefinition the way the API server
 * does for a structural schema with strict field validation ({@code kubectl apply --validate=strict}):
 * a field the schema does not name is an error unless the schema preserves unknown fields or allows
 * additional properties; required fields, types, enums, patterns and bounds are checked. JSON Schema
 * validators treat unnamed fields as allowed, hence this walker.
 */
final class CrdSchema {

    private final JsonNode schema;

    CrdSchema(JsonNode openApiV3Schema) {
        this.schema = openApiV3Schema;
    }

    List<String> violations(JsonNode object) {
        List<String> errors = new ArrayList<>();
        check(object, schema, "", errors);
        return errors;
    }

    private static void check(JsonNode value, JsonNode schema, String path, List<String> errors) {
        String at = path.isEmpty() ? "(root)" : path;
        if (value.isNull()) {
            if (!schema.path("nullable").asBoolean(false)) {
                errors.add(at + ": null is not allowed");
            }
            return;
        }
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            if (!value.isIntegralNumber() && !value.isTextual()) {
                errors.add(at + ": must be an integer or a string, is " + value.getNodeType());
            }
            return;
        }
        String type = schema.path("type").asText("");
        if (!type.isEmpty() && !hasType(value, type)) {
            errors.add(at + ": must be " + type + ", is " + value.getNodeType());
            return;
        }
        checkValue(value, schema, at, errors);
        checkAlternatives(value, schema, at, errors);
        if (value.isObject()) {
            checkObject(value, schema, path, errors);
        } else if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(value.get(i), schema.get("items"), path + "[" + i + "]", errors);
            }
        }
    }

    private static void checkObject(JsonNode value, JsonNode schema, String path, List<String> errors) {
        JsonNode properties = schema.path("properties");
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.asText())) {
                errors.add(join(path, required.asText()) + ": required field missing");
            }
        }
        boolean preserveUnknown = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        JsonNode additional = schema.path("additionalProperties");
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            String fieldPath = join(path, field.getKey());
            if (properties.has(field.getKey())) {
                check(field.getValue(), properties.get(field.getKey()), fieldPath, errors);
            } else if (additional.isObject()) {
                check(field.getValue(), additional, fieldPath, errors);
            } else if (!preserveUnknown && !additional.asBoolean(false)) {
                errors.add(fieldPath + ": unknown field");
            }
        }
    }

    /** Structural schemas use anyOf/oneOf only to demand one of several fields. */
    private static void checkAlternatives(JsonNode value, JsonNode schema, String at, List<String> errors) {
        for (String keyword : List.of("oneOf", "anyOf")) {
            JsonNode alternatives = schema.path(keyword);
            if (!alternatives.isArray() || !value.isObject()) {
                continue;
            }
            int satisfied = 0;
            boolean onlyRequired = true;
            for (JsonNode alternative : alternatives) {
                onlyRequired &= alternative.has("required");
                boolean all = true;
                for (JsonNode required : alternative.path("required")) {
                    all &= value.has(required.asText());
                }
                satisfied += all ? 1 : 0;
            }
            if (onlyRequired && (keyword.equals("oneOf") ? satisfied != 1 : satisfied == 0)) {
                errors.add(at + ": must set " + (keyword.equals("oneOf") ? "exactly one" : "at least one")
                        + " of " + alternatives);
            }
        }
    }

    private static void checkValue(JsonNode value, JsonNode schema, String at, List<String> errors) {
        JsonNode allowed = schema.path("enum");
        if (allowed.isArray()) {
            boolean found = false;
            for (JsonNode candidate : allowed) {
                found |= candidate.equals(value);
            }
            if (!found) {
                errors.add(at + ": " + value + " is not one of " + allowed);
            }
        }
        if (value.isTextual() && schema.has("pattern")) {
            try {
                if (!Pattern.compile(schema.get("pattern").asText()).matcher(value.asText()).find()) {
                    errors.add(at + ": \"" + value.asText() + "\" does not match " + schema.get("pattern").asText());
                }
            } catch (PatternSyntaxException e) {
                // an RE2 construct Java does not read: the API server checks it
            }
        }
        if (value.isNumber()) {
            BigDecimal number = value.decimalValue();
            if (schema.has("minimum") && number.compareTo(schema.get("minimum").decimalValue()) < 0) {
                errors.add(at + ": " + number + " is below the minimum " + schema.get("minimum"));
            }
            if (schema.has("maximum") && number.compareTo(schema.get("maximum").decimalValue()) > 0) {
                errors.add(at + ": " + number + " is above the maximum " + schema.get("maximum"));
            }
        }
        if (value.isArray() && schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
            errors.add(at + ": needs at least " + schema.get("minItems") + " items");
        }
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> true;
        };
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }
}
