package io.securewebinfra.config;

import java.util.Optional;

/** An IPv4 network in CIDR notation, with the subnet arithmetic the network layout needs. */
public record Cidr(long address, int prefix) {

    public static Optional<Cidr> parse(String text) {
        String[] parts = text.split("/", -1);
        if (parts.length != 2 || !parts[1].matches("^[0-9]{1,2}$")) {
            return Optional.empty();
        }
        String[] octets = parts[0].split("\\.", -1);
        if (octets.length != 4) {
            return Optional.empty();
        }
        long address = 0;
        for (String octet : octets) {
            if (!octet.matches("^(0|[1-9][0-9]{0,2})$") || Integer.parseInt(octet) > 255) {
                return Optional.empty();
            }
            address = (address << 8) | Integer.parseInt(octet);
        }
        int prefix = Integer.parseInt(parts[1]);
        return prefix > 32 ? Optional.empty() : Optional.of(new Cidr(address, prefix));
    }

    /** True when no host bits are set, as AWS requires of a VPC block. */
    public boolean isAligned() {
        return (address & ~mask()) == 0;
    }

    /** The {@code index}-th subnet of this network with {@code extraBits} more prefix bits. */
    public Cidr subnet(int extraBits, int index) {
        int newPrefix = prefix + extraBits;
        if (newPrefix > 32 || index < 0 || index >= (1 << extraBits)) {
            throw new IllegalArgumentException("no subnet " + index + " of /" + newPrefix + " in " + this);
        }
        return new Cidr(address + ((long) index << (32 - newPrefix)), newPrefix);
    }

    private long mask() {
        return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }

    @Override
    public String toString() {
        return ((address >> 24) & 255) + "." + ((address >> 16) & 255) + "." + ((address >> 8) & 255) + "."
                + (address & 255) + "/" + prefix;
    }
}
