package dev.skiff.samples.xgboost;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a pickled {@code xgboost.core.Booster} (what SageMaker's XGBoost container wrote as {@code xgboost-model}
 * before version 1.3, pickle protocols 2 to 5) as data, without running any of it: the opcodes are interpreted by a
 * small stack machine that understands only those such a pickle uses, never looks a name up and never calls
 * anything. {@code GLOBAL} names are kept as text and only three are accepted: the Booster class, and
 * {@code bytearray} and {@code _codecs.encode}, whose "calls" ({@code REDUCE}) are recognised as building the
 * model's bytes. Anything else (another class, a function, an opcode outside the set, a truncated stream) is
 * refused with the reason.
 *
 * <p>The Booster's state is a dict: {@code handle} holds the model (in the form that xgboost version serialised it,
 * see {@link Snapshot}), {@code best_ntree_limit} the trees to predict with when early stopping set it.
 */
final class BoosterPickle {
    /** The model bytes (a format XGBoost loads) and {@code best_ntree_limit}, or 0 when the pickle has none. */
    record Contents(byte[] model, int bestNtreeLimit) {
    }

    private record Global(String module, String name) {
        boolean is(String m, String n) {
            return module.equals(m) && name.equals(n);
        }

        @Override
        public String toString() {
            return module + "." + name;
        }
    }

    /** The one object a pickle may build: the Booster, with the state {@code BUILD} gave it. */
    private static final class Booster {
        Map<?, ?> state;
    }

    private final ByteBuffer in;
    private final String file;
    private final PickleStack stack = new PickleStack();

    private BoosterPickle(byte[] pickle, String file) {
        this.in = ByteBuffer.wrap(pickle).order(ByteOrder.LITTLE_ENDIAN);
        this.file = file;
    }

    static Contents read(byte[] pickle, String file) throws ModelRefusedException {
        try {
            return new BoosterPickle(pickle, file).run();
        } catch (java.nio.BufferUnderflowException e) {
            throw new ModelRefusedException(file + " is a truncated pickle (it ends inside an opcode)");
        } catch (PickleStack.Broken e) {
            throw refuse(file, e.getMessage());
        }
    }

    private Contents run() throws ModelRefusedException {
        while (true) {
            int at = in.position();
            int op = in.get() & 0xff;
            if (op == '.') {
                return contents(stack.pop());
            }
            if (!value(op) && !container(op) && !object(op)) {
                throw refuse(String.format("opcode 0x%02x at byte %d is not one a pickled Booster uses", op, at));
            }
        }
    }

    /** Opcodes that push a plain value; false when {@code op} is not one of them. */
    private boolean value(int op) throws ModelRefusedException {
        switch (op) {
            case 0x80 -> protocol(in.get() & 0xff);             // PROTO
            case 0x95 -> in.getLong();                          // FRAME: a length hint only
            case 'N' -> stack.push(null);                             // NONE
            case 0x88, 0x89 -> stack.push(op == 0x88);                // NEWTRUE, NEWFALSE
            case 'K' -> stack.push((long) (in.get() & 0xff));         // BININT1
            case 'M' -> stack.push((long) (in.getShort() & 0xffff));  // BININT2
            case 'J' -> stack.push((long) in.getInt());               // BININT
            case 0x8a -> stack.push(long1(in.get() & 0xff));          // LONG1
            case 'G' -> stack.push(Double.longBitsToDouble(Long.reverseBytes(in.getLong()))); // BINFLOAT: big-endian
            case 'X', 0x8c, 0x8d -> stack.push(new String(bytes(length(op)), StandardCharsets.UTF_8)); // *BINUNICODE*
            case 'B', 'C', 0x8e, 0x96 -> stack.push(bytes(length(op))); // BINBYTES, SHORT_, BINBYTES8, BYTEARRAY8
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Opcodes that build tuples, lists and dicts, mark the stack or use the memo. */
    private boolean container(int op) throws ModelRefusedException {
        switch (op) {
            case '(' -> stack.mark();                           // MARK
            case '}' -> stack.push(new LinkedHashMap<>());            // EMPTY_DICT
            case ']' -> stack.push(new ArrayList<>());                // EMPTY_LIST
            case ')' -> stack.push(List.of());                        // EMPTY_TUPLE
            case 't' -> stack.push(Collections.unmodifiableList(stack.popToMark())); // TUPLE
            case 0x85, 0x86, 0x87 -> stack.push(stack.tuple(op - 0x84)); // TUPLE1..3
            case 'a' -> list(stack.peekBelow(1)).add(stack.pop()); // APPEND
            case 'e' -> {                                       // APPENDS
                List<Object> items = stack.popToMark();
                list(stack.peek()).addAll(items);
            }
            case 's', 'u' -> setItems(op == 's');               // SETITEM, SETITEMS
            case 'q' -> stack.memoize(in.get() & 0xff);               // BINPUT
            case 'r' -> stack.memoize(in.getInt() & 0xffffffffL);     // LONG_BINPUT
            case 0x94 -> stack.memoize(-1);                           // MEMOIZE
            case 'h' -> stack.push(stack.memo(in.get() & 0xff));            // BINGET
            case 'j' -> stack.push(stack.memo(in.getInt() & 0xffffffffL));  // LONG_BINGET
            default -> {
                return false;
            }
        }
        return true;
    }

    /** GLOBAL, STACK_GLOBAL, NEWOBJ, REDUCE and BUILD, each only in the forms a pickled Booster has. */
    private boolean object(int op) throws ModelRefusedException {
        switch (op) {
            case 'c' -> stack.push(global(line(), line()));
            case 0x93 -> {
                Object name = stack.pop();
                stack.push(global(text(stack.pop()), text(name)));
            }
            case 0x81 -> {                                      // NEWOBJ: cls, args -> instance
                Object args = stack.pop();
                Object cls = stack.pop();
                if (!(cls instanceof Global g && g.is("xgboost.core", "Booster"))
                        || !(args instanceof List<?> a && a.isEmpty())) {
                    throw refuse("it creates " + cls + " " + args + ", not an empty xgboost.core.Booster");
                }
                stack.push(new Booster());
            }
            case 'R' -> {
                Object args = stack.pop();
                stack.push(bytesFrom(stack.pop(), args));
            }
            case 'b' -> {                                       // BUILD: obj, state -> obj with state
                Object state = stack.pop();
                if (!(stack.peek() instanceof Booster b) || !(state instanceof Map<?, ?> map)) {
                    throw refuse("it sets the state of something that is not a Booster");
                }
                b.state = map;
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private Global global(String module, String name) throws ModelRefusedException {
        Global g = new Global(module, name);
        boolean allowed = g.is("xgboost.core", "Booster") || g.is("builtins", "bytearray")
                || g.is("__builtin__", "bytearray") || g.is("_codecs", "encode");
        if (!allowed) {
            throw refuse("it refers to " + g + ", and Skiff reads only a pickled xgboost.core.Booster"
                    + (module.startsWith("xgboost") ? " (for a scikit-learn wrapper, save its get_booster())" : ""));
        }
        return g;
    }

    /** {@code bytearray(b)}, {@code bytearray()} and {@code _codecs.encode(text, "latin1")}: the model's bytes. */
    private byte[] bytesFrom(Object callable, Object args) throws ModelRefusedException {
        List<?> a = args instanceof List<?> l ? l : List.of();
        Global g = callable instanceof Global global ? global : null;
        if (g != null && g.name().equals("bytearray") && a.isEmpty()) {
            return new byte[0];
        }
        if (g != null && g.name().equals("bytearray") && a.size() == 1 && a.get(0) instanceof byte[] b) {
            return b;
        }
        if (g != null && a.size() == 2 && a.get(0) instanceof String s && a.get(1) instanceof String encoding
                && (encoding.equals("latin1") || encoding.equals("latin-1"))) {
            return s.getBytes(StandardCharsets.ISO_8859_1); // _codecs.encode, or bytearray(text, "latin-1")
        }
        throw refuse("it calls " + callable + " in a way a pickled Booster does not");
    }

    private Contents contents(Object result) throws ModelRefusedException {
        if (!(result instanceof Booster b) || b.state == null) {
            throw refuse("it holds no xgboost.core.Booster with a state");
        }
        if (!(b.state.get("handle") instanceof byte[] handle) || handle.length == 0) {
            throw refuse("the Booster holds no model (its handle is empty)");
        }
        Object limit = b.state.get("best_ntree_limit");
        int bestNtreeLimit = limit instanceof Long l && l > 0 && l <= Integer.MAX_VALUE ? (int) (long) l : 0;
        return new Contents(Snapshot.model(handle, file), bestNtreeLimit);
    }

    private void protocol(int version) throws ModelRefusedException {
        if (version < 2 || version > 5) {
            throw refuse("it is pickle protocol " + version + "; a pickled Booster uses 2 to 5");
        }
    }

    private long length(int op) {
        return switch (op) {
            case 0x8c, 'C' -> in.get() & 0xff;
            case 'X', 'B' -> in.getInt() & 0xffffffffL;
            default -> in.getLong();
        };
    }

    private byte[] bytes(long n) throws ModelRefusedException {
        if (n < 0 || n > in.remaining()) {
            throw refuse("it is truncated (" + n + " bytes announced at byte " + in.position() + ", "
                    + in.remaining() + " left)");
        }
        byte[] b = new byte[(int) n];
        in.get(b);
        return b;
    }

    private Object long1(int n) throws ModelRefusedException {
        byte[] le = bytes(n);
        byte[] be = new byte[Math.max(1, n)];
        for (int i = 0; i < n; i++) {
            be[n - 1 - i] = le[i];
        }
        BigInteger v = n == 0 ? BigInteger.ZERO : new BigInteger(be);
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private String line() throws ModelRefusedException {
        int start = in.position();
        while (in.get() != '\n') {
            if (in.position() - start > 256) {
                throw refuse("a GLOBAL name at byte " + start + " is too long");
            }
        }
        return new String(in.array(), start, in.position() - start - 1, StandardCharsets.UTF_8);
    }

    private void setItems(boolean one) throws ModelRefusedException {
        List<Object> items = one ? new ArrayList<>(Arrays.asList(stack.peekBelow(1), stack.pop())) : stack.popToMark();
        if (one) {
            stack.pop();
        }
        if (!(stack.peek() instanceof Map<?, ?> map) || items.size() % 2 != 0) {
            throw refuse("it sets items on something that is not a dict");
        }
        @SuppressWarnings("unchecked")
        Map<Object, Object> dict = (Map<Object, Object>) map;
        for (int i = 0; i < items.size(); i += 2) {
            dict.put(items.get(i), items.get(i + 1));
        }
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object o) throws ModelRefusedException {
        if (!(o instanceof ArrayList<?>)) {
            throw refuse("it appends to something that is not a list");
        }
        return (List<Object>) o;
    }

    private String text(Object o) throws ModelRefusedException {
        if (!(o instanceof String s)) {
            throw refuse("a STACK_GLOBAL name is not text");
        }
        return s;
    }

    private ModelRefusedException refuse(String why) {
        return refuse(file, why);
    }

    private static ModelRefusedException refuse(String file, String why) {
        return new ModelRefusedException(file + " is a Python pickle Skiff will not serve: " + why
                + ". Nothing in it was run.");
    }
}
