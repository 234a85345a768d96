package io.securewebinfra.review;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The project's policy pack, with each plan's violations remembered for the test run: many tests compare against
 * the same base plan, and the pack gives the same answer for the same plan and stack.
 */
final class RememberedPack implements PolicyPack {
    private static final Map<String, List<Violation>> SEEN = new ConcurrentHashMap<>();
    private final PolicyPack pack;

    RememberedPack(PolicyPack pack) {
        this.pack = pack;
    }

    @Override
    public List<Violation> violations(JsonNode plan, String stack) throws IOException {
        String key = stack + ":" + sha256(plan.toString());
        List<Violation> known = SEEN.get(key);
        if (known == null) {
            known = List.copyOf(pack.violations(plan, stack));
            SEEN.put(key, known);
        }
        return known;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
