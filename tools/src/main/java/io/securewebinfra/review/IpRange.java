package io.securewebinfra.review;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/** An IPv4 or IPv6 network in CIDR notation, for asking whether one firewall source contains another. */
record IpRange(BigInteger network, int prefix, int bits) {

    static Optional<IpRange> parse(String cidr) {
        String[] parts = cidr.split("/", -1);
        // Only literal addresses: a host name must never cause a DNS lookup here.
        if (parts.length != 2 || !parts[0].matches("[0-9a-fA-F:.]+") || !parts[1].matches("[0-9]{1,3}")) {
            return Optional.empty();
        }
        try {
            byte[] address = InetAddress.getByName(parts[0]).getAddress();
            int bits = address.length * 8;
            int prefix = Integer.parseInt(parts[1]);
            if (prefix > bits) {
                return Optional.empty();
            }
            return Optional.of(new IpRange(new BigInteger(1, address).shiftRight(bits - prefix), prefix, bits));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    boolean contains(IpRange other) {
        return bits == other.bits && prefix <= other.prefix
                && other.network.shiftRight(other.prefix - prefix).equals(network);
    }

    /** One of the ranges the shared security facts call the whole internet ({@code 0.0.0.0/0}, {@code ::/0}). */
    boolean isEverywhere() {
        return io.securewebinfra.config.SecurityFacts.get().worldRanges().stream()
                .map(IpRange::parse).flatMap(Optional::stream).anyMatch(this::equals);
    }
}
