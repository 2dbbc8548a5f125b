package ai.fastmath.engine;

import java.util.List;

/**
 * Finds stop strings in a sequence's text as it grows, across token boundaries, and decides how
 * much text is safe to stream: text that could still become the start of a stop string is held back
 * until the next token settles it.
 */
final class StopStrings {

    private final List<String> stops;
    private final boolean includeStop;
    private final StringBuilder text = new StringBuilder();
    private int streamed;
    private boolean stopped;

    StopStrings(List<String> stops, boolean includeStop) {
        this.stops = stops;
        this.includeStop = includeStop;
    }

    /**
     * Appends decoded text.
     *
     * @return the text that may be streamed now
     */
    String append(String delta) {
        if (stopped) {
            return "";
        }
        int searchFrom = Math.max(0, text.length() - longest() + 1);
        text.append(delta);
        int at = -1;
        String hit = null;
        for (String s : stops) {
            int i = text.indexOf(s, searchFrom);
            if (i >= 0 && (at < 0 || i < at)) {
                at = i;
                hit = s;
            }
        }
        if (hit != null) {
            stopped = true;
            text.setLength(includeStop ? at + hit.length() : at);
            return release(text.length());
        }
        return release(text.length() - pendingPrefix());
    }

    /** Streams everything held back (the sequence ended for another reason). */
    String flush() {
        return release(text.length());
    }

    /** Whether a stop string was found. */
    boolean stopped() {
        return stopped;
    }

    /** The text so far, cut at the stop string. */
    String text() {
        return text.toString();
    }

    private String release(int upTo) {
        if (upTo <= streamed) {
            return "";
        }
        String out = text.substring(streamed, upTo);
        streamed = upTo;
        return out;
    }

    /** Length of the longest end of the text that is a proper prefix of a stop string. */
    private int pendingPrefix() {
        int best = 0;
        for (String s : stops) {
            for (int len = Math.min(s.length() - 1, text.length()); len > best; len--) {
                if (endsWithPrefix(s, len)) {
                    best = len;
                    break;
                }
            }
        }
        return best;
    }

    private boolean endsWithPrefix(String s, int len) {
        int start = text.length() - len;
        for (int i = 0; i < len; i++) {
            if (text.charAt(start + i) != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private int longest() {
        int m = 1;
        for (String s : stops) {
            m = Math.max(m, s.length());
        }
        return m;
    }
}
