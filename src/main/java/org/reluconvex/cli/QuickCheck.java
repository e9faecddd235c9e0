package org.reluconvex.cli;

/**
 * The common {@code check MODEL} command line, read without picocli: building picocli's model of
 * a command is most of the start-up of a single check (picocli's class files predate Java 6, so the
 * JVM cannot keep them in a class-data sharing archive either). Only a plain form is taken: one
 * MODEL and the options {@code --box}, {@code --method}, {@code --json}, {@code --exhaustive} and
 * {@code --verbose}, each at most once. Anything else (help, other options, several models, an
 * argument file, a repeated option, a MODEL starting with '-' or '@') is left to picocli, so every
 * error message and every other behaviour stays picocli's. The options are set on the same
 * {@link CheckCommand} fields picocli would set, and the command runs the same code.
 */
final class QuickCheck {
  private QuickCheck() {}

  /** The check command the arguments describe, or null when picocli should read them. */
  static CheckCommand parse(String... args) {
    if (args.length < 2 || !args[0].equals("check")) return null;
    CheckCommand c = new CheckCommand();
    c.model = new ModelSource();
    c.domain = new DomainOptions();
    c.memory = new MemoryOptions();
    c.milp = new MilpOptions();
    boolean method = false, json = false, exhaustive = false, verbose = false;
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      String value = null;
      String name = a;
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 0) {
        name = a.substring(0, eq);
        value = a.substring(eq + 1);
      }
      switch (name) {
        case "--json" -> {
          if (json || value != null) return null;
          json = c.json = true;
        }
        case "--exhaustive" -> {
          if (exhaustive || value != null) return null;
          exhaustive = c.exhaustive = true;
        }
        case "--verbose" -> {
          if (verbose || value != null) return null;
          verbose = true;
        }
        case "--box", "--method" -> {
          if (value == null) {
            // a separate value, as picocli takes it, unless it looks like an option
            if (i + 1 >= args.length || args[i + 1].startsWith("--")) return null;
            value = args[++i];
          }
          if (name.equals("--box")) {
            if (c.domain.box != null) return null;
            c.domain.box = value;
          } else {
            if (method) return null;
            method = true;
            c.method = value;
          }
        }
        default -> {
          if (a.isEmpty() || a.startsWith("-") || a.startsWith("@") || c.model.model != null) return null;
          c.model.model = a;
        }
      }
    }
    return c.model.model == null ? null : c;
  }
}
