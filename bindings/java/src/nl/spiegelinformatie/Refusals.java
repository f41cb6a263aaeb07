package nl.spiegelinformatie;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Refused records collected instead of thrown once per record (collect mode). Every refused
 * record is also in the report, and blocks the file: {@code finish} throws once, with all of them.
 */
public final class Refusals {
    private static final String[][] NAMES = {
        {"spiegel_stream_begin_zorgtraject_dated", "zorgtraject(...).begin()"},
        {"spiegel_stream_begin_zorgtraject", "zorgtraject(...).begin()"},
        {"spiegel_stream_end_zorgtraject", "end()"},
        {"spiegel_stream_start_zorgaanbieder", "startZorgaanbieder"},
        {"spiegel_stream_add_loose_meting", "looseMeting"},
        {"spiegel_stream_add_meting", "meting"},
        {"spiegel_stream_free", "close"},
        {"spiegel_stream_finish", "finish"},
    };

    private final List<String> messages = new ArrayList<>();
    private int count;

    Refusals() {
    }

    /** How many calls had refused records. */
    public int count() {
        return count;
    }

    /** The messages of the first 100 of them. */
    public List<String> messages() {
        return Collections.unmodifiableList(messages);
    }

    void add(String message) {
        count++;
        if (messages.size() < 100) {
            messages.add(message);
        }
    }

    /** The library's message with its C function names replaced by this wrapper's methods. */
    static String inWrapperTerms(String message) {
        String out = message;
        for (String[] pair : NAMES) {
            out = out.replace(pair[0], pair[1]);
        }
        return out;
    }
}
