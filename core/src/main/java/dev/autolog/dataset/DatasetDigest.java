package dev.autolog.dataset;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A dataset's digest: the first 8 hex characters of an MD5 (MLflow's own length and hash, research §6.2) over, in
 * order, the text {@code autolog-dataset-1}, the schema JSON, the profile JSON (the shape: rows, columns), and each
 * digest part the integration added (a bounded sample of the rows, the source's own version or hash), each item
 * preceded by a type byte and its length. Where the data lives is not hashed: the same data read from another path
 * has the same digest. Time is bounded by what the integration copies (a sample, never the whole data).
 */
public final class DatasetDigest {
    private static final int HEX_CHARS = 8;

    private DatasetDigest() {
    }

    public static String of(DatasetDescription d) {
        MessageDigest md5 = md5();
        text(md5, "autolog-dataset-1");
        text(md5, d.schemaJson() == null ? "" : d.schemaJson());
        text(md5, d.profileJson() == null ? "" : d.profileJson());
        for (Object part : d.digestParts()) {
            part(md5, part);
        }
        return HexFormat.of().formatHex(md5.digest()).substring(0, HEX_CHARS);
    }

    private static void part(MessageDigest md5, Object part) {
        ByteBuffer bytes;
        byte type;
        if (part instanceof byte[] b) {
            type = 'b';
            bytes = ByteBuffer.wrap(b);
        } else if (part instanceof float[] f) {
            type = 'f';
            bytes = ByteBuffer.allocate(f.length * Float.BYTES);
            bytes.asFloatBuffer().put(f);
        } else if (part instanceof double[] v) {
            type = 'd';
            bytes = ByteBuffer.allocate(v.length * Double.BYTES);
            bytes.asDoubleBuffer().put(v);
        } else if (part instanceof int[] v) {
            type = 'i';
            bytes = ByteBuffer.allocate(v.length * Integer.BYTES);
            bytes.asIntBuffer().put(v);
        } else if (part instanceof long[] v) {
            type = 'l';
            bytes = ByteBuffer.allocate(v.length * Long.BYTES);
            bytes.asLongBuffer().put(v);
        } else {
            type = 's';
            bytes = ByteBuffer.wrap(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
        }
        md5.update(type);
        md5.update(ByteBuffer.allocate(Long.BYTES).putLong(bytes.remaining()).array());
        md5.update(bytes);
    }

    private static void text(MessageDigest md5, String s) {
        part(md5, s);
    }

    static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no MD5", e);
        }
    }

    /** MD5 of {@code text}'s UTF-8 bytes as 32 lowercase hex: MLflow's file-store ids (research §6.7). */
    public static String md5Hex(String text) {
        return HexFormat.of().formatHex(md5().digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
