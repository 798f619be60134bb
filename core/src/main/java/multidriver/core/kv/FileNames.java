package multidriver.core.kv;

import java.nio.charset.StandardCharsets;

/**
 * Which file names the store takes: 1 to 255 bytes of UTF-8, one path segment (no {@code /} or {@code \}, not
 * {@code .} or {@code ..}), no control characters. Checked by the HTTP layer (400) and again by the state machine,
 * so a name a buggy proposer sends is refused the same way on every replica.
 */
public final class FileNames {
    public static final int MAX_NAME_BYTES = 255;

    private FileNames() {
    }

    /** Why {@code name} is refused, or {@code null} when it is a good name. */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) return "a file name must not be empty";
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            return "a file name holds at most " + MAX_NAME_BYTES + " bytes of UTF-8";
        }
        if (name.equals(".") || name.equals("..")) return "a file name must not be . or ..";
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\') return "a file name must not contain / or \\ (one path segment only)";
            if (Character.isISOControl(c)) return "a file name must not contain control characters";
            if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < name.length()
                    && Character.isLowSurrogate(name.charAt(++i)))) {
                return "a file name must be valid UTF-16 text";
            }
        }
        return null;
    }
}
