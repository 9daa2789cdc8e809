package io.batchworks.plugins.scheduling;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A stretch of wall time, {@code [start, end)} in wall seconds, and the set operations space is computed with. */
record Interval(long start, long end) {

    long length() {
        return end - start;
    }

    boolean contains(Interval other) {
        return start <= other.start && other.end <= end;
    }

    /** Sorted, with overlapping and touching intervals joined; empty ones dropped. */
    static List<Interval> union(List<Interval> intervals) {
        List<Interval> sorted = new ArrayList<>(intervals);
        sorted.removeIf(i -> i.end <= i.start);
        sorted.sort(Comparator.comparingLong(Interval::start));
        List<Interval> merged = new ArrayList<>();
        for (Interval next : sorted) {
            Interval last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && next.start <= last.end) {
                merged.set(merged.size() - 1, new Interval(last.start, Math.max(last.end, next.end)));
            } else {
                merged.add(next);
            }
        }
        return merged;
    }

    /** {@code from} (a union) without any of {@code taken} (any intervals). */
    static List<Interval> minus(List<Interval> from, List<Interval> taken) {
        List<Interval> holes = union(taken);
        List<Interval> left = new ArrayList<>();
        int h = 0;
        for (Interval piece : from) {
            long start = piece.start;
            while (h < holes.size() && holes.get(h).end <= start) {
                h++;
            }
            for (int k = h; k < holes.size() && holes.get(k).start < piece.end; k++) {
                Interval hole = holes.get(k);
                if (hole.start > start) {
                    left.add(new Interval(start, hole.start));
                }
                start = Math.max(start, hole.end);
            }
            if (start < piece.end) {
                left.add(new Interval(start, piece.end));
            }
        }
        return left;
    }

    /** Where two unions overlap. */
    static List<Interval> intersect(List<Interval> a, List<Interval> b) {
        List<Interval> both = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() && j < b.size()) {
            long start = Math.max(a.get(i).start, b.get(j).start);
            long end = Math.min(a.get(i).end, b.get(j).end);
            if (start < end) {
                both.add(new Interval(start, end));
            }
            if (a.get(i).end < b.get(j).end) {
                i++;
            } else {
                j++;
            }
        }
        return both;
    }
}
