package org.reluconvex.experiment;

import java.io.IOException;
import java.nio.file.Path;
import org.reluconvex.network.Network;

/** Saves a network to a file (the io package decides the format from the name). */
@FunctionalInterface
public interface ModelWriter {
  void write(Network net, Path file) throws IOException;
}
