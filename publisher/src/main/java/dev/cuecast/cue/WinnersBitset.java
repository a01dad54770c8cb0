package dev.cuecast.cue;

import java.util.Base64;
import java.util.BitSet;
import java.util.Collection;

/** The winners bitset codec shared with the PWA (vectors in testdata/winners-vectors.json). */
public final class WinnersBitset {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private WinnersBitset() {
    }

    public static String encode(int seats, Collection<Integer> winners) {
        byte[] bytes = new byte[(seats + 7) / 8];
        for (int seat : winners) {
            if (seat < 0 || seat >= seats) {
                throw new InvalidCueException("winner seat " + seat + " is outside 0.." + (seats - 1));
            }
            bytes[seat >> 3] |= (byte) (1 << (seat & 7));
        }
        return ENCODER.encodeToString(bytes);
    }

    public static BitSet decode(String bits) {
        return BitSet.valueOf(DECODER.decode(bits));
    }

    public static boolean isWinner(String bits, int seat) {
        byte[] bytes = DECODER.decode(bits);
        int index = seat >> 3;
        return seat >= 0 && index < bytes.length && (bytes[index] & (1 << (seat & 7))) != 0;
    }

    /** Number of bytes a base64url string without padding decodes to, or -1 when no valid string has this length. */
    static int decodedLength(String bits) {
        int rem = bits.length() % 4;
        return rem == 1 ? -1 : bits.length() / 4 * 3 + (rem == 0 ? 0 : rem - 1);
    }
}
