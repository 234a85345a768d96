package io.securewebinfra.review;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One changed property of a resource (or one changed stack output).
 *
 * @param path   where the value sits, such as {@code metadataOptions.httpTokens} or {@code ingress[0].fromPort};
 *               a JSON document held in a string is followed into, as in {@code policy{}.Statement[0].Action}
 * @param before the old value, or null when the property is new
 * @param after  the new value, or null when the property is gone
 */
public record PropertyChange(String path, JsonNode before, JsonNode after) {

    /** The top-level property this change belongs to: {@code rootBlockDevice} for {@code rootBlockDevice.encrypted}. */
    public String property() {
        int end = path.length();
        for (char c : new char[] {'.', '[', '{'}) {
            int i = path.indexOf(c);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        return path.substring(0, end);
    }
}
