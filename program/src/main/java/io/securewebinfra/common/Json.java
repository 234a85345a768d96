package io.securewebinfra.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * JSON text for resource inputs (policies, dashboards, secrets). Map keys are written in sorted order, so the same
 * input always gives the same bytes and a plan never shows a change that is only a reordering.
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private Json() {
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not be written as JSON: " + value.getClass().getName(), e);
        }
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
