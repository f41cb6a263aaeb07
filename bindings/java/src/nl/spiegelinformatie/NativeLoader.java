package nl.spiegelinformatie;

import com.sun.jna.Native;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Loads the native library on first use, and again on the next use after a failure.
 *
 * <p>{@link SpiegelLibrary#INSTANCE} is a stand-in that loads the library when a function is
 * first called. Loading it in a static initializer instead would turn the first
 * UnsatisfiedLinkError into a NoClassDefFoundError for the rest of the process, even after the
 * library has been installed.
 *
 * <p>JNA looks in {@code jna.library.path}, the system's library path and then the class
 * path ({@code linux-x86-64/libspiegelinformatie.so}, {@code win32-x86-64/spiegelinformatie.dll}:
 * the jar built by scripts/package.sh carries both).
 */
final class NativeLoader {
    private NativeLoader() {}

    static final String NAME = "spiegelinformatie";

    private static final Object LOCK = new Object();
    private static volatile SpiegelLibrary loaded;
    private static volatile String failure;

    /** The stand-in: every call goes to the loaded library, loading it first if need be. */
    static SpiegelLibrary lazy() {
        InvocationHandler handler = new InvocationHandler() {
            @Override
            public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
                if (method.getDeclaringClass() == Object.class) {
                    return objectMethod(proxy, method, args);
                }
                try {
                    return method.invoke(library(), args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }
        };
        return (SpiegelLibrary) Proxy.newProxyInstance(SpiegelLibrary.class.getClassLoader(),
                new Class<?>[] {SpiegelLibrary.class}, handler);
    }

    private static Object objectMethod(Object proxy, Method method, Object[] args) {
        switch (method.getName()) {
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            default:
                return "SpiegelLibrary(" + NAME + ")";
        }
    }

    /**
     * The loaded library. Tries to load it when it is not loaded yet (again after an earlier
     * failure), and throws UnsatisfiedLinkError saying why when that fails.
     */
    static SpiegelLibrary library() {
        SpiegelLibrary lib = loaded;
        if (lib != null) {
            return lib;
        }
        synchronized (LOCK) {
            if (loaded == null) {
                try {
                    loaded = Native.load(NAME, SpiegelLibrary.class);
                    failure = null;
                } catch (UnsatisfiedLinkError e) {
                    failure = e.getMessage();
                    UnsatisfiedLinkError error = new UnsatisfiedLinkError(
                            "the native library " + NAME + " cannot be loaded (see Spiegel.isAvailable()): "
                                    + e.getMessage());
                    error.initCause(e);
                    throw error;
                }
            }
            return loaded;
        }
    }

    /** Why the last attempt to load the library failed; null when it is loaded or not tried. */
    static String failure() {
        return failure;
    }
}
