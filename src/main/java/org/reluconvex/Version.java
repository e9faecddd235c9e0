package org.reluconvex;

/** The version of reluconvex, shown by {@code --version} and written into exported files. */
public final class Version {
  public static final String VERSION = "0.1.0";

  private Version() {}
}
