package dev.acmstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a resource against a CRD's structural OpenAPI v3 schema the way the API server does:
 * types, enums, required fields, and no fields the schema does not declare (unless it preserves
 * unknown fields).
 */
final class CrdSchema {
    private final JsonNode root;
    /** Enum values the newer operator accepts that this schema's version predates, by path. */
    private final Map<String, Set<String>> laterEnumValues;

    CrdSchema(JsonNode openApiV3Schema, Map<String, Set<String>> laterEnumValues) {
        this.root = openApiV3Schema;
        this.laterEnumValues = laterEnumValues;
    }

    List<String> validate(JsonNode resource) {
        List<String> errors = new ArrayList<>();
        check(resource, root, "", errors);
        return errors;
    }

    private void check(JsonNode v, JsonNode s, String path, List<String> errors) {
        if (s == null || s.isMissingNode()) {
            return;
        }
        if (s.path("x-kubernetes-int-or-string").asBoolean(false)) {
            if (!v.isIntegralNumber() && !v.isTextual()) {
                errors.add(path + ": expected an integer or a string, got " + v);
            }
            return;
        }
        if (s.has("anyOf") || s.has("oneOf")) {
            JsonNode alternatives = s.has("anyOf") ? s.get("anyOf") : s.get("oneOf");
            boolean ok = false;
            for (JsonNode alt : alternatives) {
                List<String> e = new ArrayList<>();
                check(v, alt, path, e);
                ok |= e.isEmpty();
            }
            if (!ok && !s.has("type")) {
                errors.add(path + ": matches none of the allowed forms");
                return;
            }
        }
        String type = s.path("type").asText("");
        switch (type) {
            case "object" -> checkObject(v, s, path, errors);
            case "array" -> {
                if (!v.isArray()) {
                    errors.add(path + ": expected an array");
                    return;
                }
                int i = 0;
                for (JsonNode item : v) {
                    check(item, s.get("items"), path + "[" + i++ + "]", errors);
                }
            }
            case "string" -> {
                if (!v.isTextual()) {
                    errors.add(path + ": expected a string, got " + v);
                }
            }
            case "integer" -> {
                if (!v.isIntegralNumber()) {
                    errors.add(path + ": expected an integer, got " + v);
                }
            }
            case "number" -> {
                if (!v.isNumber()) {
                    errors.add(path + ": expected a number, got " + v);
                }
            }
            case "boolean" -> {
                if (!v.isBoolean()) {
                    errors.add(path + ": expected a boolean, got " + v);
                }
            }
            default -> { }
        }
        if (s.has("enum")) {
            boolean found = false;
            for (JsonNode e : s.get("enum")) {
                found |= e.equals(v);
            }
            found |= laterEnumValues.getOrDefault(path, Set.of()).contains(v.asText());
            if (!found) {
                errors.add(path + ": " + v + " is not one of " + s.get("enum"));
            }
        }
    }

    private void checkObject(JsonNode v, JsonNode s, String path, List<String> errors) {
        if (!v.isObject()) {
            errors.add(path + ": expected an object, got " + v);
            return;
        }
        for (JsonNode r : s.path("required")) {
            if (!v.has(r.asText())) {
                errors.add(path + ": missing required field " + r.asText());
            }
        }
        JsonNode props = s.path("properties");
        boolean preserve = s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        JsonNode additional = s.get("additionalProperties");
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String p = path.isEmpty() ? f.getKey() : path + "." + f.getKey();
            if (props.has(f.getKey())) {
                check(f.getValue(), props.get(f.getKey()), p, errors);
            } else if (additional != null && additional.isObject()) {
                check(f.getValue(), additional, p, errors);
            } else if (!preserve && !(additional != null && additional.asBoolean(false)) && !isServerValidated(path, f.getKey())) {
                errors.add(p + ": unknown field");
            }
        }
    }

    /** The API server validates apiVersion, kind and metadata itself; CRD schemas often leave them out. */
    private static boolean isServerValidated(String path, String field) {
        if (path.isEmpty()) {
            return field.equals("apiVersion") || field.equals("kind") || field.equals("metadata");
        }
        return path.equals("metadata") || path.startsWith("metadata.");
    }
}
