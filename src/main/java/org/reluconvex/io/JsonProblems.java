package org.reluconvex.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a JSON parse error means to a person, without the parser's own feature names and hints. */
public final class JsonProblems {
  private JsonProblems() {}

  private static final Pattern NON_STANDARD = Pattern.compile("Non-standard token '([^']*)'");

  /** One line: 'NaN is not a number JSON allows ...' for NaN and infinities, else the parser's message without its hints. */
  public static String describe(JsonProcessingException e) {
    String msg = e.getOriginalMessage() == null ? "malformed" : e.getOriginalMessage();
    Matcher m = NON_STANDARD.matcher(msg);
    if (m.find()) return m.group(1) + " is not a number JSON allows (every weight, bias and coordinate must be a finite number)";
    // the parser's hints and source locations name its own features, not the user's input
    for (String cut : new String[] {": enable `", " (start marker at [Source:", " at [Source:", "\n"}) {
      int k = msg.indexOf(cut);
      if (k >= 0) msg = msg.substring(0, k);
    }
    return msg;
  }
}
