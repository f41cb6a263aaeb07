package nl.spiegelinformatie;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The packed buffer of the bulk functions (layout in spiegelinformatie.h), reused. */
final class Packer {
    byte[] buf = new byte[4096];
    int len;

    private void room(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }

    void u8(int value) {
        room(1);
        buf[len++] = (byte) value;
    }

    /** Little-endian. */
    void u32(int value) {
        room(4);
        buf[len] = (byte) value;
        buf[len + 1] = (byte) (value >>> 8);
        buf[len + 2] = (byte) (value >>> 16);
        buf[len + 3] = (byte) (value >>> 24);
        len += 4;
    }

    /**
     * Only the UTF-8 bytes of {@code text}, from the start (for a text argument of its own): the
     * buffer, with {@link #len} its length; null for an absent (null or empty) text.
     */
    byte[] raw(String text) {
        len = 0;
        if (text == null || text.isEmpty()) {
            return null;
        }
        text(text);
        System.arraycopy(buf, 4, buf, 0, len - 4);
        len -= 4;
        return buf;
    }

    /** Its UTF-8 length, then its bytes; null is absent (length 0). ASCII is copied as is. */
    void text(String text) {
        if (text == null) {
            u32(0);
            return;
        }
        int n = text.length();
        room(4 + n);
        int start = len + 4;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                byte[] utf8 = utf8(text);
                room(4 + utf8.length);
                System.arraycopy(utf8, 0, buf, len + 4, utf8.length);
                u32(utf8.length);
                len += utf8.length;
                return;
            }
            buf[start + i] = (byte) c;
        }
        u32(n);
        len += n;
    }

    /** Strict: a lone surrogate is an error, never a '?'. */
    private static byte[] utf8(String text) {
        try {
            ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(text));
            byte[] out = new byte[encoded.remaining()];
            encoded.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("text is not valid UTF-16 (a lone surrogate): " + text, e);
        }
    }
}
