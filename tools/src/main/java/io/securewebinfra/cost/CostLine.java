package io.securewebinfra.cost;

import com.fasterxml.jackson.annotation.JsonValue;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * The estimated monthly cost of one resource.
 *
 * @param monthly the cost in the table's currency, rounded to cents; zero unless {@code kind} is {@link Kind#PRICED}
 * @param basis   how the figure was reached (priced), why it costs nothing (free), or what price is missing (not priced)
 */
public record CostLine(String name, String type, Kind kind, BigDecimal monthly, String basis) {
    public enum Kind {
        PRICED, FREE, NOT_PRICED;

        /** As the JSON estimate writes it: {@code priced}, {@code free}, {@code not-priced}. */
        @JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    static CostLine priced(String name, String type, BigDecimal monthly, String basis) {
        return new CostLine(name, type, Kind.PRICED, Money.cents(monthly), basis);
    }

    static CostLine free(String name, String type, String reason) {
        return new CostLine(name, type, Kind.FREE, BigDecimal.ZERO.setScale(2), reason);
    }

    static CostLine notPriced(String name, String type, String reason) {
        return new CostLine(name, type, Kind.NOT_PRICED, BigDecimal.ZERO.setScale(2), reason);
    }
}
