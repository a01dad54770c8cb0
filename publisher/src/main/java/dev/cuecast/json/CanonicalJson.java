package dev.cuecast.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.io.UncheckedIOException;

/**
 * The one wire format: snake_case, fixed key order (declared on each record), absent fields omitted,
 * no whitespace, unknown fields rejected. The same value always yields the same bytes, hence the same ETag.
 */
public final class CanonicalJson {
    private final ObjectMapper mapper;

    public CanonicalJson() {
        this.mapper = JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(SerializationFeature.INDENT_OUTPUT)
                // a number where the wire says string (a publish_id of 42) is a bad value, not a string "42"
                .withCoercionConfig(com.fasterxml.jackson.databind.type.LogicalType.Textual, c -> c
                        .setCoercion(com.fasterxml.jackson.databind.cfg.CoercionInputShape.Integer,
                                com.fasterxml.jackson.databind.cfg.CoercionAction.Fail)
                        .setCoercion(com.fasterxml.jackson.databind.cfg.CoercionInputShape.Float,
                                com.fasterxml.jackson.databind.cfg.CoercionAction.Fail))
                .build();
    }

    /** The configured mapper, for Javalin ({@code new JavalinJackson(json.mapper(), false)}). */
    public ObjectMapper mapper() {
        return mapper;
    }

    public byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    public String writeString(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * Parses strictly; malformed JSON and unknown fields throw Jackson exceptions (callers map them to 400/422).
     * Unknown fields are found before any value is built, so a typo ({@code colour}) is reported as itself rather
     * than as the missing field it hides.
     */
    public <T> T read(byte[] bytes, Class<T> type) throws IOException {
        JsonNode tree = mapper.readTree(bytes);
        if (tree == null || tree.isMissingNode()) {
            throw MismatchedInputException.from(null, type, "no JSON content: expected a " + type.getSimpleName());
        }
        return read(tree, type);
    }

    /** Like {@link #read(byte[], Class)} for an already parsed document. */
    public <T> T read(JsonNode tree, Class<T> type) throws IOException {
        if (tree.isNull()) {
            throw MismatchedInputException.from(mapper.treeAsTokens(tree), type,
                    "null is not a " + type.getSimpleName() + ": expected a JSON object");
        }
        rejectUnknownFields(tree, mapper.constructType(type));
        return mapper.treeToValue(tree, type);
    }

    private void rejectUnknownFields(JsonNode node, JavaType type) throws IOException {
        if (node.isArray() && (type.isCollectionLikeType() || type.isArrayType())) {
            for (int i = 0; i < node.size(); i++) {
                try {
                    rejectUnknownFields(node.get(i), type.getContentType());
                } catch (JsonMappingException e) {
                    e.prependPath(new JsonMappingException.Reference(null, i));
                    throw e;
                }
            }
            return;
        }
        Class<?> raw = type.getRawClass();
        if (!node.isObject() || raw.isPrimitive() || raw.isEnum() || raw.getName().startsWith("java.")
                || JsonNode.class.isAssignableFrom(raw)) {
            return;
        }
        Map<String, JavaType> known = new LinkedHashMap<>();
        for (BeanPropertyDefinition property : mapper.getDeserializationConfig().introspect(type).findProperties()) {
            known.put(property.getName(), property.getPrimaryType());
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JavaType fieldType = known.get(field.getKey());
            if (fieldType == null) {
                throw UnrecognizedPropertyException.from(mapper.treeAsTokens(node), raw, field.getKey(),
                        new ArrayList<>(known.keySet()));
            }
            try {
                rejectUnknownFields(field.getValue(), fieldType);
            } catch (JsonMappingException e) {
                e.prependPath(raw, field.getKey());
                throw e;
            }
        }
    }

    public <T> T readUnchecked(byte[] bytes, Class<T> type) {
        try {
            return read(bytes, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
