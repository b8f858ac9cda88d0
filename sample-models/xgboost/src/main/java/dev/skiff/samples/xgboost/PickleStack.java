package dev.skiff.samples.xgboost;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The stack and memo of {@link BoosterPickle}'s machine. A misuse by the stream (popping past a mark, reading a
 * memo entry never stored) is a {@link Broken}, which the reader turns into a refusal.
 */
final class PickleStack {
    /** The pickle stream asked for something its stack or memo cannot give. */
    static final class Broken extends RuntimeException {
        Broken(String why) {
            super(why);
        }
    }

    private static final Object MARK = new Object();

    private final List<Object> stack = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();

    void mark() {
        stack.add(MARK);
    }

    void push(Object o) {
        stack.add(o);
    }

    Object pop() {
        Object o = peek();
        stack.remove(stack.size() - 1);
        return o;
    }

    Object peek() {
        return peekBelow(0);
    }

    /** The value {@code depth} below the top (0 is the top), never a mark. */
    Object peekBelow(int depth) {
        int i = stack.size() - 1 - depth;
        if (i < 0 || stack.get(i) == MARK) {
            throw new Broken("its stack runs empty");
        }
        return stack.get(i);
    }

    /** Pops the values above the last mark, and the mark. */
    List<Object> popToMark() {
        int mark = stack.lastIndexOf(MARK);
        if (mark < 0) {
            throw new Broken("it has no MARK where one is needed");
        }
        List<Object> items = new ArrayList<>(stack.subList(mark + 1, stack.size()));
        stack.subList(mark, stack.size()).clear();
        return items;
    }

    /** Pops the top {@code n} values as an immutable tuple, in stack order. */
    List<Object> tuple(int n) {
        for (int depth = 0; depth < n; depth++) {
            peekBelow(depth);
        }
        List<Object> top = new ArrayList<>(stack.subList(stack.size() - n, stack.size()));
        stack.subList(stack.size() - n, stack.size()).clear();
        return Collections.unmodifiableList(top);
    }

    /** Stores the top under {@code key} ({@code key < 0}: the next free index, as MEMOIZE does). */
    void memoize(long key) {
        memo.put(key < 0 ? memo.size() : key, peek());
    }

    Object memo(long key) {
        if (!memo.containsKey(key)) {
            throw new Broken("it reads memo entry " + key + ", which was never stored");
        }
        return memo.get(key);
    }
}
