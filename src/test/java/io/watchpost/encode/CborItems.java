package io.watchpost.encode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal CBOR walker for tests, independent of Jackson: it lists every semantic tag and, for every map value under
 * a text key, the value's major type. Indefinite lengths and tags are recorded, not interpreted.
 */
final class CborItems {
    record KeyedValue(String key, int majorType, int additionalInfo) {}

    final List<Integer> tags = new ArrayList<>();
    final List<KeyedValue> keyedValues = new ArrayList<>();
    int indefiniteLengthItems;
    private final byte[] data;
    private int pos;

    private CborItems(byte[] data) {
        this.data = data;
    }

    static CborItems walk(byte[] data) {
        CborItems items = new CborItems(data);
        items.item(null);
        if (items.pos != data.length) {
            throw new IllegalStateException("trailing bytes after the root item at " + items.pos);
        }
        return items;
    }

    /** Reads one item; returns its text when it is a text string (map keys), else null. */
    private String item(String key) {
        int initial = data[pos++] & 0xff;
        int major = initial >>> 5;
        int info = initial & 0x1f;
        if (key != null) {
            keyedValues.add(new KeyedValue(key, major, info));
        }
        if (info == 31) {
            indefiniteLengthItems++;
            throw new IllegalStateException("indefinite length at " + (pos - 1));
        }
        long arg = argument(info);
        switch (major) {
            case 0, 1 -> {
                return null;
            }
            case 2 -> {
                pos += (int) arg;
                return null;
            }
            case 3 -> {
                String text = new String(data, pos, (int) arg, StandardCharsets.UTF_8);
                pos += (int) arg;
                return text;
            }
            case 4 -> {
                for (long i = 0; i < arg; i++) {
                    item(null);
                }
                return null;
            }
            case 5 -> {
                for (long i = 0; i < arg; i++) {
                    String k = item(null);
                    item(k);
                }
                return null;
            }
            case 6 -> {
                tags.add((int) arg);
                item(null);
                return null;
            }
            default -> {
                return null; // simple values and floats: the argument already skipped their bytes
            }
        }
    }

    private long argument(int info) {
        if (info < 24) {
            return info;
        }
        int bytes = switch (info) {
            case 24 -> 1;
            case 25 -> 2;
            case 26 -> 4;
            case 27 -> 8;
            default -> throw new IllegalStateException("reserved additional info " + info + " at " + (pos - 1));
        };
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            v = (v << 8) | (data[pos++] & 0xff);
        }
        return v;
    }
}
