package org.reluconvex.plot;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;

/** A drawing of a fixed size, saved as PNG, SVG, or both. */
public final class Figure {
  private Figure() {}

  /** Draws onto a canvas of the format the file name asks for ({@code .png} or {@code .svg}) and saves it. */
  public static void save(Path file, int width, int height, Consumer<Canvas> drawing) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".png")) {
      PngCanvas c = new PngCanvas(width, height);
      drawing.accept(c);
      c.save(file);
    } else if (name.endsWith(".svg")) {
      SvgCanvas c = new SvgCanvas(width, height);
      drawing.accept(c);
      c.save(file);
    } else {
      throw new IllegalArgumentException("output file " + file + " must end in .png or .svg");
    }
  }

  /** Saves {@code base.png} and {@code base.svg}. */
  public static void saveBoth(Path dir, String base, int width, int height, Consumer<Canvas> drawing) {
    save(dir.resolve(base + ".png"), width, height, drawing);
    save(dir.resolve(base + ".svg"), width, height, drawing);
  }
}
