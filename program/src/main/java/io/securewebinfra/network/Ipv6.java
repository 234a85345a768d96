package io.securewebinfra.network;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** IPv6 subnet arithmetic: AWS gives a VPC a /56 and each subnet takes one of its 256 /64s. */
final class Ipv6 {
    private Ipv6() {
    }

    /** The {@code index}-th /64 of a /56 block such as {@code 2600:1f18:abc:de00::/56}. */
    static String subnet64(String block56, int index) {
        String[] parts = block56.split("/");
        if (parts.length != 2 || !parts[1].equals("56") || index < 0 || index > 255) {
            throw new IllegalArgumentException("expected a /56 IPv6 block and an index from 0 to 255, got "
                    + block56 + " and " + index);
        }
        try {
            BigInteger base = new BigInteger(1, InetAddress.getByName(parts[0]).getAddress());
            byte[] bytes = base.add(BigInteger.valueOf(index).shiftLeft(64)).toByteArray();
            byte[] address = new byte[16];
            int copy = Math.min(bytes.length, 16);
            System.arraycopy(bytes, bytes.length - copy, address, 16 - copy, copy);
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                text.append(Integer.toHexString(((address[i] & 0xff) << 8) | (address[i + 1] & 0xff))).append(':');
            }
            return text.append(":/64").toString();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv6 block: " + block56, e);
        }
    }
}
