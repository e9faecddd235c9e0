package org.reluconvex.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import org.reluconvex.network.Network;

/**
 * Reading and writing model files, the one entry point the rest of the project uses. The format
 * follows the extension ({@code .onnx}, {@code .json}); an unknown extension is read by sniffing
 * the content. Every problem is a {@link BadInputException} with a one-line message.
 */
public final class ModelFiles {
  /** Model files larger than this are refused (a ReLU network checked exactly is far smaller). */
  public static final long MAX_BYTES = 1L << 30;

  /** Prefix of built-in models in {@link #resolve(String)}. */
  public static final String EXAMPLE_PREFIX = "example:";

  /** The file formats. */
  public enum Format {
    ONNX, JSON;

    /** The format named by the file's extension, or null. */
    public static Format ofPath(Path p) {
      Path name = p.getFileName();
      String s = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
      if (s.endsWith(".onnx")) return ONNX;
      if (s.endsWith(".json")) return JSON;
      return null;
    }
  }

  private ModelFiles() {}

  /**
   * A model given as a path to a .onnx or .json file, or as {@code example:NAME} (a built-in; see
   * {@link ExampleModels#resolve(String)}).
   */
  public static Network resolve(String spec) {
    if (spec == null || spec.isBlank()) throw new BadInputException("no model given");
    if (spec.startsWith(EXAMPLE_PREFIX)) return ExampleModels.resolve(spec.substring(EXAMPLE_PREFIX.length()));
    Path p;
    try {
      p = Path.of(spec);
    } catch (InvalidPathException e) {
      throw new BadInputException(spec + ": not a valid file name (" + e.getReason() + ")");
    }
    return read(p);
  }

  /** Reads a model file, ONNX or JSON. */
  public static Network read(Path p) {
    byte[] bytes = readBytes(p);
    String src = p.toString();
    Format f = Format.ofPath(p);
    if (f != null) return read(bytes, f, src);
    Format sniffed = sniff(bytes);
    try {
      return read(bytes, sniffed, src);
    } catch (BadInputException e) {
      throw new BadInputException(e.getMessage() + " (the name ends neither in .onnx nor in .json, so the content was read as "
          + sniffed + ")", e);
    }
  }

  /** Reads a model from bytes already in memory, in the given format (null: sniff). */
  public static Network read(byte[] bytes, Format format, String source) {
    Format f = format == null ? sniff(bytes) : format;
    return f == Format.JSON ? JsonModel.read(new String(bytes, StandardCharsets.UTF_8), source) : Onnx.read(bytes, source);
  }

  /** JSON when the first non-blank byte opens an object, ONNX otherwise. */
  static Format sniff(byte[] bytes) {
    for (byte b : bytes) {
      if (b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == (byte) 0xEF || b == (byte) 0xBB || b == (byte) 0xBF) continue;
      return b == '{' ? Format.JSON : Format.ONNX;
    }
    return Format.ONNX;
  }

  static byte[] readBytes(Path p) {
    try {
      if (Files.isDirectory(p)) throw new BadInputException(p + ": is a directory, not a model file");
      long size = Files.size(p);
      if (size > MAX_BYTES) throw new BadInputException(p + ": file of " + size + " bytes is too large for a model");
      if (size == 0) throw new BadInputException(p + ": the file is empty");
      return Files.readAllBytes(p);
    } catch (NoSuchFileException e) {
      throw new BadInputException(p + ": no such file");
    } catch (IOException | SecurityException e) {
      throw new BadInputException(p + ": cannot read (" + e.getMessage() + ")", e);
    }
  }

  /** Writes the network in the format of the extension (.onnx with float64 weights, or .json). */
  public static void write(Network net, Path p) {
    write(net, p, Onnx.Precision.FLOAT64);
  }

  /**
   * Writes the network; {@code precision} applies to ONNX. The bytes go to a temporary file in the
   * same directory that is then moved over the target, so a failure leaves any old file intact.
   */
  public static void write(Network net, Path p, Onnx.Precision precision) {
    Format f = Format.ofPath(p);
    if (f == null)
      throw new BadInputException(p + ": cannot tell the format from the file name; use .onnx or .json");
    byte[] bytes = f == Format.ONNX ? Onnx.write(net, precision) : JsonModel.write(net).getBytes(StandardCharsets.UTF_8);
    writeAtomically(p, bytes);
  }

  /**
   * A temporary file is created private (0600); the model is for a colleague or a Spark executor
   * under another user too: the permissions of the file it replaces, else rw-r--r--.
   */
  private static void readableByOthers(Path tmp, Path target) throws IOException {
    try {
      java.util.Set<java.nio.file.attribute.PosixFilePermission> perms = Files.exists(target) ? Files.getPosixFilePermissions(target)
          : java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--");
      Files.setPosixFilePermissions(tmp, perms);
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: its own defaults apply
    }
  }

  /** Writes bytes to a temporary sibling file, then moves it over {@code p}. */
  public static void writeAtomically(Path p, byte[] bytes) {
    Path abs = p.toAbsolutePath();
    Path dir = abs.getParent();
    if (dir == null || !Files.isDirectory(dir)) throw new BadInputException(p + ": cannot write, the directory " + dir + " does not exist");
    if (Files.isDirectory(abs)) throw new BadInputException(p + ": cannot write, it is a directory");
    Path tmp = null;
    try {
      tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
      Files.write(tmp, bytes);
      readableByOthers(tmp, abs);
      try {
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (IOException | SecurityException e) {
      throw new BadInputException(p + ": cannot write (" + e.getMessage() + ")", e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // nothing more to do: the target is untouched
        }
      }
    }
  }
}
