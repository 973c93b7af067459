package io.watchpost.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LinesTest {

    @Test
    void eightHexDigitsAtOnceAgreeWithDigitByDigitForEveryByteInEveryPosition() {
        byte[] d = new byte[10];
        for (int position = 0; position < 8; position++) {
            for (int b = 0; b < 256; b++) {
                byte[] base = "x0123ABCDx".getBytes(StandardCharsets.ISO_8859_1);
                System.arraycopy(base, 0, d, 0, d.length);
                d[1 + position] = (byte) b;
                assertEquals(Lines.parseHex(d, 1, 9), Lines.parseHex8(d, 1), "byte 0x" + Integer.toHexString(b)
                        + " at digit " + position);
            }
        }
    }

    @Test
    void eightHexDigitsAtOnceAgreeWithDigitByDigitOnRandomWords() {
        Random random = new Random(11);
        String alphabet = "0123456789ABCDEFabcdef";
        byte[] d = new byte[8];
        for (int i = 0; i < 100_000; i++) {
            for (int j = 0; j < 8; j++) {
                d[j] = random.nextInt(50) == 0 ? (byte) random.nextInt(256)
                        : (byte) alphabet.charAt(random.nextInt(alphabet.length()));
            }
            assertEquals(Lines.parseHex(d, 0, 8), Lines.parseHex8(d, 0), new String(d, StandardCharsets.ISO_8859_1));
        }
        assertEquals(0xFFFFFFFFL, Lines.parseHex8("FFFFFFFF".getBytes(StandardCharsets.US_ASCII), 0));
        assertEquals(0x0100007FL, Lines.parseHex8("0100007f".getBytes(StandardCharsets.US_ASCII), 0));
    }

    @Test
    void fourHexDigitsAgreeWithDigitByDigitForEveryByteInEveryPosition() {
        for (int position = 0; position < 4; position++) {
            for (int b = 0; b < 256; b++) {
                byte[] d = "x1F9cx".getBytes(StandardCharsets.ISO_8859_1);
                d[1 + position] = (byte) b;
                assertEquals(Lines.parseHex(d, 1, 5), Lines.parseHex4(d, 1), "byte 0x" + Integer.toHexString(b)
                        + " at digit " + position);
            }
        }
    }

    @Test
    void lineScanFlagsControlAndNonAsciiBytesAtEveryOffset() {
        for (int at = 0; at < 20; at++) {
            for (int b : new int[] {0x00, 0x01, 0x09, 0x1f, 0x7f, 0x80, 0xe9, 0xff, 0x20, 0x7e}) {
                byte[] d = ("a".repeat(20) + "\nrest").getBytes(StandardCharsets.ISO_8859_1);
                d[at] = (byte) b;
                long scan = Lines.scanLine(d, 0, d.length);
                int expected = b >= 0x80 ? Lines.NON_ASCII : (b < 0x20 && b != 0x09) || b == 0x7f ? Lines.CONTROL : 0;
                assertEquals(20, Lines.lineEnd(scan), "byte 0x" + Integer.toHexString(b) + " at " + at);
                assertEquals(expected, Lines.lineFlags(scan), "byte 0x" + Integer.toHexString(b) + " at " + at);
            }
        }
    }
}
