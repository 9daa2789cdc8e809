import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/**
 * What HSQLDB itself can insert: the ceiling the engine's HSQLDB import is compared with. Run by bench/bench.py on
 * the stopped engine's own database file, with the engine's own URL settings:
 *   java -cp ENGINE_RUNTIME_CLASSPATH HsqldbCeiling.java JDBC_URL TABLE ROWS_FILE
 * It first writes the rows the engine stored in TABLE (every column but the generated id, in id order) to ROWS_FILE,
 * empties TABLE and checkpoints, then times inserting those very rows back: plain JDBC batches of 1,000, a commit
 * every 20,000, values already typed (no parsing, no validation). Prints the rows and the seconds the load took.
 */
public class HsqldbCeiling {

    private static final int BATCH = 1_000;
    private static final int COMMIT = 20_000;

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String table = args[1];
        Path rowsFile = Path.of(args[2]);
        try (Connection connection = DriverManager.getConnection(url, "SA", "")) {
            List<String> columns = dump(connection, table, rowsFile);
            try (Statement statement = connection.createStatement()) {
                statement.execute("TRUNCATE TABLE " + table + " RESTART IDENTITY AND COMMIT");
                statement.execute("CHECKPOINT");
            }
            connection.setAutoCommit(false);
            long began = System.nanoTime();
            long rows = load(connection, table, columns, rowsFile);
            double seconds = (System.nanoTime() - began) / 1e9;
            connection.setAutoCommit(true);
            System.out.println(rows + " " + seconds);
        } finally {
            Files.deleteIfExists(rowsFile);
        }
    }

    /** The table's rows, streamed to the file as typed values; returns the columns written. */
    private static List<String> dump(Connection connection, String table, Path rowsFile) throws SQLException, IOException {
        List<String> columns = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT * FROM " + table + " ORDER BY id");
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(rowsFile), 1 << 16))) {
            ResultSetMetaData meta = rows.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                if (!meta.getColumnName(i).equalsIgnoreCase("id")) {
                    columns.add(meta.getColumnName(i));
                }
            }
            while (rows.next()) {
                for (String column : columns) {
                    write(out, rows.getObject(column));
                }
            }
        }
        return columns;
    }

    private static long load(Connection connection, String table, List<String> columns, Path rowsFile) throws SQLException, IOException {
        String sql = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", columns.stream().map(c -> "?").toList()) + ")";
        long rows = 0;
        try (PreparedStatement insert = connection.prepareStatement(sql);
             DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(rowsFile), 1 << 16))) {
            while (true) {
                try {
                    for (int i = 1; i <= columns.size(); i++) {
                        insert.setObject(i, read(in));
                    }
                } catch (EOFException end) {
                    break;
                }
                insert.addBatch();
                rows++;
                if (rows % BATCH == 0) {
                    insert.executeBatch();
                }
                if (rows % COMMIT == 0) {
                    connection.commit();
                }
            }
            if (rows % BATCH != 0) {
                insert.executeBatch();
            }
            connection.commit();
        }
        return rows;
    }

    private static void write(DataOutputStream out, Object value) throws IOException {
        if (value == null) {
            out.writeByte(0);
        } else if (value instanceof String s) {
            out.writeByte(1);
            out.writeUTF(s);
        } else if (value instanceof BigDecimal d) {
            out.writeByte(2);
            out.writeUTF(d.toPlainString());
        } else if (value instanceof Integer i) {
            out.writeByte(3);
            out.writeInt(i);
        } else if (value instanceof Long l) {
            out.writeByte(4);
            out.writeLong(l);
        } else if (value instanceof Timestamp t) {
            out.writeByte(5);
            out.writeLong(t.getTime());
            out.writeInt(t.getNanos());
        } else if (value instanceof Boolean b) {
            out.writeByte(6);
            out.writeBoolean(b);
        } else {
            throw new IllegalArgumentException("no writer for " + value.getClass());
        }
    }

    /** A value as write put it. Decoding it is part of the timed load, and costs far less than parsing a CSV row. */
    private static Object read(DataInputStream in) throws IOException {
        return switch (in.readByte()) {
            case 0 -> null;
            case 1 -> in.readUTF();
            case 2 -> new BigDecimal(in.readUTF());
            case 3 -> in.readInt();
            case 4 -> in.readLong();
            case 5 -> {
                Timestamp t = new Timestamp(in.readLong());
                t.setNanos(in.readInt());
                yield t;
            }
            case 6 -> in.readBoolean();
            default -> throw new IOException("corrupt rows file");
        };
    }
}
