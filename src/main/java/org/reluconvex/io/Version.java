package org.reluconvex.io;

/**
 * The version of reluconvex, shown by {@code --version} and written into exported files (here, with
 * the file formats, so that the front door {@code org.reluconvex.ReluConvex} may use {@code io}
 * without a package cycle).
 */
public final class Version {
  public static final String VERSION = "0.1.0";

  private Version() {}
}
