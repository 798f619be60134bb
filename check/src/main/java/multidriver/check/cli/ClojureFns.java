package multidriver.check.cli;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Clojure's Java API ({@code clojure.java.api.Clojure}, {@code clojure.lang.IFn}) reached by reflection, so that only
 * the Knossos worker's process needs Clojure on its class path: the checker itself does not depend on it at compile
 * time, and a project that uses the checker as a library does not pull it in.
 */
final class ClojureFns {
    private final Method var;
    private final Method read;
    private final Method[] invoke = new Method[4];

    /** Throws {@link ClassNotFoundException} when Clojure is not on the class path. */
    ClojureFns() throws ReflectiveOperationException {
        Class<?> api = Class.forName("clojure.java.api.Clojure");
        Class<?> ifn = Class.forName("clojure.lang.IFn");
        var = api.getMethod("var", Object.class, Object.class);
        read = api.getMethod("read", String.class);
        invoke[0] = ifn.getMethod("invoke");
        invoke[1] = ifn.getMethod("invoke", Object.class);
        invoke[2] = ifn.getMethod("invoke", Object.class, Object.class);
        invoke[3] = ifn.getMethod("invoke", Object.class, Object.class, Object.class);
    }

    /** The function {@code ns/name}. */
    Object var(String ns, String name) throws Exception {
        return call(var, null, ns, name);
    }

    /** Reads {@code edn} as Clojure data (a symbol, a keyword, a map). */
    Object read(String edn) throws Exception {
        return call(read, null, edn);
    }

    /** Calls {@code fn} with up to three arguments. */
    Object invoke(Object fn, Object... args) throws Exception {
        return call(invoke[args.length], fn, args);
    }

    /** Whether {@code e} is Clojure's "wrong number of arguments". */
    static boolean isArityError(Throwable e) {
        return e.getClass().getName().equals("clojure.lang.ArityException");
    }

    private static Object call(Method m, Object target, Object... args) throws Exception {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) throw ex;
            if (cause instanceof Error err) throw err;
            throw e;
        }
    }
}
