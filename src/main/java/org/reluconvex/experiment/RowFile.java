package org.reluconvex.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A CSV file that is valid at every moment: it is created (header and any rows carried over) by an
 * atomic rename, and every later row is appended as one whole line and forced to disk. An
 * interrupted run therefore leaves full lines only. {@link #close()} is idempotent and safe to call
 * from a shutdown hook.
 */
public final class RowFile implements AutoCloseable {
  private final Path path;
  private FileChannel channel;
  private int rows;

  private RowFile(Path path, FileChannel channel, int rows) {
    this.path = path;
    this.channel = channel;
    this.rows = rows;
  }

  /** Replaces {@code path} atomically by header + lines and opens it for appending. */
  public static RowFile create(Path path, String header, List<String> lines) {
    writeAtomically(path, header, lines);
    try {
      return new RowFile(path, FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND), lines.size());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + path + ": " + e.getMessage(), e);
    }
  }

  /** Writes header + lines to a temporary file beside {@code path} and renames it over {@code path}. */
  public static void writeAtomically(Path path, String header, List<String> lines) {
    StringBuilder sb = new StringBuilder(header).append('\n');
    for (String l : lines) sb.append(l).append('\n');
    Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
    try {
      Files.writeString(tmp, sb, StandardCharsets.UTF_8);
      try {
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (java.nio.file.AtomicMoveNotSupportedException e) {
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
    }
  }

  /** Appends one full line (one write, then forced to disk). */
  public synchronized void append(String line) {
    if (channel == null) throw new IllegalStateException(path + " is closed");
    if (line.indexOf('\n') >= 0) throw new IllegalArgumentException("a row must be one line");
    ByteBuffer buf = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
    try {
      while (buf.hasRemaining()) channel.write(buf);
      channel.force(false);
      rows++;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
    }
  }

  /** Rows in the file (carried over and appended). */
  public synchronized int rows() { return rows; }

  public Path path() { return path; }

  @Override
  public synchronized void close() {
    if (channel == null) return;
    try {
      channel.force(false);
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close " + path + ": " + e.getMessage(), e);
    } finally {
      channel = null;
    }
  }

  /**
   * The complete lines of an existing file after its header; a last line without its line break
   * (a write cut short) is dropped. Fails with a one-line message when the header differs.
   */
  public static List<String> readRows(Path path, String header) {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
    }
    List<String> out = new ArrayList<>();
    int nl = text.indexOf('\n');
    String first = nl < 0 ? text : text.substring(0, nl);
    if (!first.strip().equals(header))
      throw new IllegalArgumentException(path + " does not start with the header " + header);
    int pos = nl + 1;
    while (nl >= 0 && pos < text.length()) {
      int next = text.indexOf('\n', pos);
      if (next < 0) break;
      String line = text.substring(pos, next).strip();
      if (!line.isEmpty()) out.add(line);
      pos = next + 1;
    }
    return out;
  }
}
