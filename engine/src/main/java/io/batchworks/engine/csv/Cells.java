package io.batchworks.engine.csv;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A row's cells as a read-only map over its values array and its file's shared header: one array per row
 * instead of a hash map per row, which matters at millions of rows.
 */
final class Cells extends AbstractMap<String, String> {

    /** A file's column names and their positions, shared by all its rows. */
    static final class Header {
        private final String[] names;
        private final Map<String, Integer> positions = new HashMap<>();

        Header(List<String> names) {
            this.names = names.toArray(String[]::new);
            for (int i = 0; i < this.names.length; i++) {
                positions.putIfAbsent(this.names[i], i);
            }
        }

        Cells cells(List<String> values) {
            String[] row = new String[names.length];
            for (int i = 0; i < row.length && i < values.size(); i++) {
                row[i] = values.get(i);
            }
            return new Cells(this, row);
        }
    }

    private final Header header;
    private final String[] values;

    private Cells(Header header, String[] values) {
        this.header = header;
        this.values = values;
    }

    @Override
    public String get(Object column) {
        Integer i = header.positions.get(column);
        return i == null ? null : values[i];
    }

    @Override
    public boolean containsKey(Object column) {
        return header.positions.containsKey(column);
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, String>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < values.length;
                    }

                    @Override
                    public Entry<String, String> next() {
                        if (next >= values.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(header.names[i], values[i]);
                    }
                };
            }

            @Override
            public int size() {
                return values.length;
            }
        };
    }
}
