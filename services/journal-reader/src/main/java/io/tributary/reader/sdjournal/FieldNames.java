package io.tributary.reader.sdjournal;

/** Journal field name rules (systemd's journal_field_valid): 1-64 of A-Z, 0-9 and _, not starting with a digit. */
public final class FieldNames {

    private FieldNames() {
    }

    /** A name a client may use in a match or a query (address fields such as __CURSOR are not fields). */
    public static boolean isValid(String name) {
        if (name == null || name.isEmpty() || name.length() > 64 || name.startsWith("__")) {
            return false;
        }
        char first = name.charAt(0);
        if (first >= '0' && first <= '9') {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** A name a client may write: valid and not trusted (journald drops fields starting with '_'). */
    public static boolean isWritable(String name) {
        return isValid(name) && name.charAt(0) != '_';
    }
}
