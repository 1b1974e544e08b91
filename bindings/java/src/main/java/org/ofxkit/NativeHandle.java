package org.ofxkit;

import com.sun.jna.Pointer;
import java.lang.ref.Cleaner;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * An owned native handle: freed exactly once, by {@link #close()} or, as a safety net, by a
 * {@link Cleaner} once the Java object is unreachable. Every call goes through {@link #op}, which
 * serializes calls on the handle (the C API allows one thread at a time), refuses calls after close
 * and calls from the handle's own callbacks (which the C API forbids).
 */
abstract class NativeHandle implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();

    /** The pointer and its free function; the Cleaner's action (it must not reference the handle). */
    private static final class Ref implements Runnable {
        private Pointer p;
        private final Consumer<Pointer> free;

        Ref(Pointer p, Consumer<Pointer> free) { this.p = p; this.free = free; }

        synchronized Pointer get() { return p; }

        @Override public void run() {
            Pointer q;
            synchronized (this) { q = p; p = null; }
            if (q != null && free != null) free.accept(q);
        }
    }

    private final String what;
    private final Ref ref;
    private final Cleaner.Cleanable cleanable;
    private int busy; // guarded by this: > 0 while a native call of this handle runs on the owning thread

    /** {@code free} null for a borrowed pointer (never freed here). */
    NativeHandle(String what, Pointer p, Consumer<Pointer> free) {
        this.what = what;
        this.ref = new Ref(p, free);
        this.cleanable = free == null ? null : CLEANER.register(this, ref);
    }

    /** The live pointer, or IllegalStateException after close. */
    Pointer ptr() {
        Pointer p = ref.get();
        if (p == null) throw new IllegalStateException(what + " is closed");
        return p;
    }

    /** Runs one native call on the live pointer, serialized with every other call and close. */
    synchronized <T> T op(Function<Pointer, T> f) {
        if (busy > 0)
            throw new IllegalStateException(what + " must not be used from one of its own callbacks");
        Pointer p = ptr();
        busy++;
        try {
            return f.apply(p);
        } finally {
            busy--;
        }
    }

    /** Whether {@link #close()} ran. */
    public synchronized boolean isClosed() { return ref.get() == null; }

    /** Frees the native handle (once; later calls do nothing). */
    @Override public synchronized void close() {
        if (busy > 0) throw new IllegalStateException(what + " cannot be closed from one of its own callbacks");
        if (cleanable != null) cleanable.clean(); else ref.run();
    }

    String what() { return what; }
}
