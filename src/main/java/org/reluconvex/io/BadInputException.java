package org.reluconvex.io;

/**
 * A model, points file or specification that reluconvex cannot use. The message is one line that
 * names the file and, where it helps, the node, tensor, shape, line or value at fault.
 */
public class BadInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BadInputException(String message) {
    super(oneLine(message));
  }

  public BadInputException(String message, Throwable cause) {
    super(oneLine(message), cause);
  }

  private static String oneLine(String s) {
    return s == null ? "bad input" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
  }
}
