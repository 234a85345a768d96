package io.securewebinfra.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The dated on-demand price table in {@code tools/src/main/resources/pricing/aws-on-demand.json}: prices per region, the
 * usage assumptions that turn per-request and per-GB prices into a monthly figure, and the resource types known to
 * be free. A price the table does not have is reported as missing, never read as zero.
 */
public final class PriceTable {
    static final String RESOURCE = "/pricing/aws-on-demand.json";

    private final JsonNode root;

    PriceTable(JsonNode root) {
        this.root = root;
    }

    /** The table shipped with the program. */
    public static PriceTable bundled() {
        try (InputStream in = PriceTable.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the price table " + RESOURCE + " is missing from the program");
            }
            return new PriceTable(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("the price table " + RESOURCE + " cannot be read", e);
        }
    }

    public String retrieved() {
        return root.path("retrieved").asText();
    }

    public String currency() {
        return root.path("currency").asText();
    }

    public BigDecimal hoursPerMonth() {
        return root.path("hoursPerMonth").decimalValue();
    }

    /** The regions the table has prices for. */
    public List<String> regions() {
        List<String> regions = new ArrayList<>();
        root.path("regions").fieldNames().forEachRemaining(regions::add);
        return regions;
    }

    public List<String> notes() {
        return texts(root.path("notes"));
    }

    public List<String> unconfirmed() {
        return texts(root.path("unconfirmed"));
    }

    /** Every usage assumption, by key, as the sentence that states it. */
    public Map<String, String> assumptions() {
        Map<String, String> all = new TreeMap<>();
        root.path("assumptions").fields().forEachRemaining(f -> all.put(f.getKey(), f.getValue().path("text").asText()));
        return all;
    }

    BigDecimal assumption(String key) {
        JsonNode value = root.path("assumptions").path(key).path("value");
        if (!value.isNumber()) {
            throw new IllegalStateException("the price table has no assumption " + key);
        }
        return value.decimalValue();
    }

    Optional<String> freeReason(String type) {
        JsonNode reason = root.path("free").path(type);
        return reason.isTextual() ? Optional.of(reason.asText()) : Optional.empty();
    }

    /** The prices of one region. */
    Region region(String name) {
        JsonNode region = root.path("regions").path(name);
        if (!region.isObject()) {
            List<String> known = new ArrayList<>();
            root.path("regions").fieldNames().forEachRemaining(known::add);
            throw new IllegalArgumentException("the price table " + RESOURCE + " has no prices for region " + name
                    + " (it has " + String.join(", ", known) + "); add that region's prices to estimate its cost");
        }
        return new Region(name, region);
    }

    /** Prices of one region, looked up by a path such as {@code rds.mysql.instanceHour} and a key. */
    record Region(String name, JsonNode prices) {
        /** A price, or empty when the table does not have it. */
        Optional<BigDecimal> price(String path, String key) {
            JsonNode node = prices;
            for (String part : path.split("\\.")) {
                node = node.path(part);
            }
            node = key == null ? node : node.path(key);
            return node.isNumber() ? Optional.of(node.decimalValue()) : Optional.empty();
        }

        BigDecimal required(String path) {
            return price(path, null).orElseThrow(() -> new IllegalStateException(
                    "the price table has no " + path + " for region " + name));
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asText()));
        return list;
    }
}
