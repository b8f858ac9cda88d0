package dev.skiff.model;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java heap an object graph holds, estimated by walking it from its roots, as the size-of engines of caches do:
 * every object reached is counted once, sized from its class's fields and the JVM's layout (object header, reference
 * size and alignment, read from HotSpot's flags). No garbage collection is needed, and what other threads allocate
 * meanwhile does not blur it, which a difference of the heap's used bytes would (G1 reports those per region, and
 * they include the load's garbage until the next collection).
 *
 * <p>It follows the fields of the classes it may read (a model's own, from its plugins); of the JDK's objects it
 * follows the elements of arrays, collections and maps, the characters of strings and the arrays behind buffers and
 * bit sets, and counts any other JDK object by its own size. Things that are not the model's are skipped: classes,
 * class loaders, threads, enum constants, the referents of references, reflection objects and loggers. Past
 * {@link #MAX_OBJECTS} objects the walk stops and the figure is a lower bound (logged).
 */
final class HeapSize {
    static final int MAX_OBJECTS = 5_000_000;
    /** Per element of a JDK collection (its array slot or node), and per entry of a JDK map (its node). */
    private static final int ELEMENT_BYTES = 16;
    private static final int ENTRY_BYTES = 40;
    private static final Logger log = LoggerFactory.getLogger(HeapSize.class);
    private static final Layout LAYOUT = Layout.read();
    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            return Shape.of(type);
        }
    };

    private final Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    private final ArrayDeque<Object> todo = new ArrayDeque<>();

    private HeapSize() {
    }

    /** The bytes held by everything reachable from {@code roots} (null roots are ignored). */
    static long of(Object... roots) {
        HeapSize walk = new HeapSize();
        for (Object root : roots) {
            walk.visit(root);
        }
        long total = 0;
        while (!walk.todo.isEmpty()) {
            if (walk.seen.size() > MAX_OBJECTS) {
                log.warn("stopped sizing a model's heap after {} objects: its heap figure ({} bytes) is a lower bound",
                        MAX_OBJECTS, total);
                break;
            }
            total += walk.size(walk.todo.pop());
        }
        return total;
    }

    private void visit(Object o) {
        if (o != null && !shared(o) && seen.add(o)) {
            todo.push(o);
        }
    }

    private long size(Object o) {
        Class<?> type = o.getClass();
        if (type.isArray()) {
            return array(o, type.getComponentType());
        }
        if (o instanceof String s) {
            boolean latin1 = s.chars().allMatch(c -> c < 256);
            return SHAPES.get(String.class).bytes + LAYOUT.array(latin1 ? s.length() : 2L * s.length());
        }
        Shape shape = SHAPES.get(type);
        for (Field field : shape.references) {
            try {
                visit(field.get(o));
            } catch (IllegalAccessException impossible) {
                throw new IllegalStateException(impossible); // the field was made accessible with its shape
            }
        }
        return shape.bytes + (shape.closed ? jdkContents(o) : 0);
    }

    private long array(Object o, Class<?> component) {
        int length = Array.getLength(o);
        if (component.isPrimitive()) {
            return LAYOUT.array((long) length * primitiveBytes(component));
        }
        for (Object element : (Object[]) o) {
            visit(element);
        }
        return LAYOUT.array((long) length * LAYOUT.reference);
    }

    /** What a JDK object whose fields cannot be read holds, through its public API; 0 when it is none we know. */
    private long jdkContents(Object o) {
        try {
            if (o instanceof Collection<?> c) {
                c.forEach(this::visit);
                return (long) ELEMENT_BYTES * c.size();
            }
            if (o instanceof Map<?, ?> m) {
                m.forEach((k, v) -> {
                    visit(k);
                    visit(v);
                });
                return (long) ENTRY_BYTES * m.size();
            }
            if (o instanceof Buffer b && b.hasArray() && !b.isReadOnly()) {
                visit(bufferArray(b));
            } else if (o instanceof BitSet bits) {
                return LAYOUT.array(bits.size() / 8);
            }
        } catch (RuntimeException e) {
            log.debug("cannot size the contents of a {}: {}", o.getClass().getName(), e.toString());
        }
        return 0;
    }

    private static Object bufferArray(Buffer b) {
        if (b instanceof ByteBuffer x) {
            return x.array();
        } else if (b instanceof FloatBuffer x) {
            return x.array();
        } else if (b instanceof IntBuffer x) {
            return x.array();
        } else if (b instanceof DoubleBuffer x) {
            return x.array();
        } else if (b instanceof LongBuffer x) {
            return x.array();
        }
        return null;
    }

    /** Objects that belong to the process, not to one model. */
    private static boolean shared(Object o) {
        if (o instanceof Class || o instanceof ClassLoader || o instanceof Thread || o instanceof ThreadGroup
                || o instanceof Module || o instanceof Enum || o instanceof AccessibleObject
                || o instanceof java.lang.ref.Reference) {
            return true;
        }
        String name = o.getClass().getName();
        return name.startsWith("org.slf4j.") || name.startsWith("ch.qos.logback.")
                || name.startsWith("org.apache.commons.logging.") || name.startsWith("org.apache.logging.log4j.")
                || name.startsWith("java.util.logging.");
    }

    private static int primitiveBytes(Class<?> type) {
        if (type == long.class || type == double.class) {
            return 8;
        }
        if (type == int.class || type == float.class) {
            return 4;
        }
        return type == char.class || type == short.class ? 2 : 1;
    }

    /**
     * A class's instances: their size, the reference fields that can be read, and whether any reference field could
     * not be (a JDK class: its contents are then read through {@link #jdkContents}).
     */
    private record Shape(long bytes, Field[] references, boolean closed) {
        static Shape of(Class<?> type) {
            long bytes = LAYOUT.header;
            List<Field> references = new ArrayList<>();
            boolean closed = false;
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers())) {
                        continue;
                    }
                    if (f.getType().isPrimitive()) {
                        bytes += primitiveBytes(f.getType());
                    } else {
                        bytes += LAYOUT.reference;
                        if (f.trySetAccessible()) {
                            references.add(f);
                        } else {
                            closed = true;
                        }
                    }
                }
            }
            return new Shape(LAYOUT.align(bytes), references.toArray(Field[]::new), closed);
        }
    }

    /** HotSpot's object layout; the 64-bit defaults with compressed pointers when the flags cannot be read. */
    private record Layout(int header, int arrayHeader, int reference, int alignment) {
        static Layout read() {
            boolean oops = true;
            boolean klass = true;
            int alignment = 8;
            try {
                HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
                oops = Boolean.parseBoolean(vm.getVMOption("UseCompressedOops").getValue());
                klass = Boolean.parseBoolean(vm.getVMOption("UseCompressedClassPointers").getValue());
                alignment = Integer.parseInt(vm.getVMOption("ObjectAlignmentInBytes").getValue());
            } catch (RuntimeException | LinkageError e) {
                log.debug("HotSpot's flags are not readable ({}); sizing with the 64-bit defaults", e.toString());
            }
            return new Layout(klass ? 12 : 16, klass ? 16 : 24, oops ? 4 : 8, alignment);
        }

        long align(long bytes) {
            return (bytes + alignment - 1) / alignment * alignment;
        }

        long array(long payloadBytes) {
            return align(arrayHeader + payloadBytes);
        }
    }
}
