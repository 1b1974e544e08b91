package org.ofxkit;

import com.sun.jna.Pointer;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Callback plumbing. The native side gets one static trampoline per callback type (never collected)
 * and a {@code userdata} that is a registry id; the registry holds the Java handler strongly until
 * the library calls {@code userdata_free} for it (when replaced, when the last client or batch that
 * holds the registration is freed, or at once when the registration fails).
 *
 * <p>A handler that throws is caught in the trampoline (nothing unwinds through C), a safe value is
 * returned (TLS decision: reject; sync: stop), and the first exception is rethrown by {@link #call}
 * after the native call returned.
 */
final class Callbacks {
    private Callbacks() {}

    static final ConcurrentHashMap<Long, Object> REGISTRY = new ConcurrentHashMap<>();
    private static final AtomicLong NEXT = new AtomicLong(1);

    /** Registers a handler; the pointer is its id. */
    static Pointer register(Object handler) {
        long id = NEXT.getAndIncrement();
        REGISTRY.put(id, handler);
        return new Pointer(id);
    }

    static void unregister(Pointer ud) {
        if (ud != null) REGISTRY.remove(Pointer.nativeValue(ud));
    }

    private static Object lookup(Pointer ud) {
        return ud == null ? null : REGISTRY.get(Pointer.nativeValue(ud));
    }

    // ---------------------------------------------------------------- exception frames
    private static final class Frame { Throwable first; }

    private static final ThreadLocal<ArrayDeque<Frame>> FRAMES = ThreadLocal.withInitial(ArrayDeque::new);

    /** Keeps the first exception thrown by a handler during the current native call. */
    static void caught(Throwable t) {
        Frame f = FRAMES.get().peek();
        if (f == null) {
            // A callback outside any call of this binding (cannot happen by the C API's rules).
            System.err.println("ofxkit: exception in a callback outside a call: " + t);
            return;
        }
        if (f.first == null) f.first = t;
        else if (f.first != t) f.first.addSuppressed(t);
    }

    /**
     * Runs a native call (with its own error check); if a handler threw during it, the handler's first
     * exception is rethrown afterwards (the call's own OfxException added to it as suppressed, and a
     * result that was made is closed).
     */
    static <T> T call(Supplier<T> body) {
        ArrayDeque<Frame> frames = FRAMES.get();
        Frame frame = new Frame();
        frames.push(frame);
        T result;
        try {
            result = body.get();
        } catch (RuntimeException | Error e) {
            frames.pop();
            if (frame.first != null) {
                if (frame.first != e) frame.first.addSuppressed(e);
                throw sneaky(frame.first);
            }
            throw e;
        }
        frames.pop();
        if (frame.first != null) {
            if (result instanceof AutoCloseable) {
                try { ((AutoCloseable) result).close(); } catch (Exception ignored) { /* best effort */ }
            }
            throw sneaky(frame.first);
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
        throw (E) t;
    }

    // ---------------------------------------------------------------- trampolines
    static final Lib.UserdataFree FREE = Callbacks::unregister;

    static final Lib.ConnectionCallback CONNECTION = (ud, ev) -> {
        try {
            Object h = lookup(ud);
            if (h instanceof ConnectionListener) {
                Lib.ConnectionEventS s = new Lib.ConnectionEventS(ev);
                ((ConnectionListener) h).onConnection(new ConnectionEvent(s.state, Lib.str(s.state_name),
                        Lib.str(s.host), s.port & 0xffff, Lib.str(s.detail)));
            }
        } catch (Throwable t) {
            caught(t);
        }
    };

    static final Lib.TlsCallback TLS = (ud, ev) -> {
        try {
            Object h = lookup(ud);
            if (!(h instanceof TlsHandler)) return -1;
            Lib.TlsEventS s = new Lib.TlsEventS(ev);
            long n = s.cert_der_len == null ? 0 : s.cert_der_len.longValue();
            byte[] der = s.cert_der == null || n == 0 ? null : s.cert_der.getByteArray(0, (int) n);
            TlsEvent e = new TlsEvent(s.kind, Lib.str(s.host), s.port & 0xffff, Lib.str(s.detail), der,
                    Lib.str(s.cert_pem), Lib.str(s.subject), Lib.str(s.issuer), s.trusted != 0, Lib.str(s.reason));
            TlsDecision d = ((TlsHandler) h).onTlsEvent(e);
            return d == null ? -1 : d.value();
        } catch (Throwable t) {
            caught(t);
            return -1;
        }
    };

    static final Lib.ErrorCallback ERROR = (ud, ev) -> {
        try {
            Object h = lookup(ud);
            if (h instanceof ErrorListener) {
                Lib.ErrorEventS s = new Lib.ErrorEventS(ev);
                ((ErrorListener) h).onError(new ErrorEvent(s.code, Lib.str(s.message)));
            }
        } catch (Throwable t) {
            caught(t);
        }
    };

    static final Lib.SyncRecordCallback SYNC = (ud, rec) -> {
        try {
            Object h = lookup(ud);
            if (!(h instanceof SyncRecordHandler)) return 1;
            MoneyRecord r = MoneyRecord.from(new Lib.MoneyRecordS(rec));
            return ((SyncRecordHandler) h).onRecord(r) ? 0 : 1;
        } catch (Throwable t) {
            caught(t);
            return 1;
        }
    };
}
