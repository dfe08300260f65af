package io.stockflow.events;

import java.util.regex.Pattern;

/**
 * The one rule for product and warehouse ids, in requests and events alike: they become URL
 * segments, Redis hash tags and JSON strings, so no braces, slashes, spaces, control characters or
 * anything else that would need escaping.
 */
public final class Ids {

    /** For {@code @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE)}. */
    public static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9._:-]{0,63}";
    public static final String MESSAGE = "must be 1-64 characters: letters, digits, '.', '_', ':' or '-', "
            + "starting with a letter or digit";

    private static final Pattern COMPILED = Pattern.compile(PATTERN);

    private Ids() {
    }

    public static boolean isWellFormed(String id) {
        return id != null && COMPILED.matcher(id).matches();
    }
}
