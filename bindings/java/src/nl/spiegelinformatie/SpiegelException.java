package nl.spiegelinformatie;

import java.util.Collections;
import java.util.List;

/** A failed call: the library's result code and its message. */
public class SpiegelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int code;
    private final transient List<Diagnostic> diagnostics;

    public SpiegelException(int code, String message) {
        this(code, message, Collections.<Diagnostic>emptyList());
    }

    public SpiegelException(int code, String message, List<Diagnostic> diagnostics) {
        super(message);
        this.code = code;
        this.diagnostics = Collections.unmodifiableList(diagnostics);
    }

    /** The SPIEGEL_* result code (see {@link ResultCode}). */
    public int getCode() {
        return code;
    }

    /** For a refused write: every diagnostic of its report. Empty otherwise. */
    public List<Diagnostic> getDiagnostics() {
        return diagnostics;
    }

    @Override
    public String toString() {
        return "SpiegelException (code " + code + "): " + getMessage();
    }
}
