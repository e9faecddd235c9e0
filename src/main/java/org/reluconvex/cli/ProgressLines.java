package org.reluconvex.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Locale;
import org.reluconvex.complex.Piece;
import org.reluconvex.convexity.Progress;
import org.reluconvex.network.NeuronId;

/**
 * How a command shows a long computation on standard error: on an interactive terminal one line,
 * rewritten in place and cleared at the end; with {@code --progress} one JSON object per event,
 * {@code {"progress": {...}}}, for programs (serve forwards them to its client).
 */
final class ProgressLines implements Progress {
  /** The start of every JSON line: how serve tells them from the command's other messages. */
  static final String JSON_PREFIX = "{\"progress\":";

  private final PrintWriter err;
  private final boolean json;
  private boolean shown, ended;
  private long vertices;

  private ProgressLines(PrintWriter err, boolean json) {
    this.err = err;
    this.json = json;
  }

  /** JSON lines on 'err' when asked for, a line on the terminal, else null (nothing shown). */
  static ProgressLines of(MemoryOptions options) {
    if (options.progress) return new ProgressLines(options.err(), true);
    return System.console() == null ? null : new ProgressLines(options.err(), false);
  }

  @Override
  public synchronized void done(int finished, int planned, Piece piece, int v) {
    if (ended) return; // a worker finishing after the answer: nothing more is shown
    vertices += v;
    if (json) {
      line(event("pieces").put("done", finished).put("planned", planned).put("vertices", vertices));
      return;
    }
    show(String.format(Locale.ROOT, "pieces: %d of %d done, %,d vertices in them so far", finished, planned, vertices));
  }

  @Override
  public synchronized void programs(int done, int total, NeuronId neuron) {
    if (ended) return;
    if (json) {
      line(event("programs").put("done", done).put("total", total).put("layer", neuron.layer()).put("neuron", neuron.index()));
      return;
    }
    show(String.format(Locale.ROOT, "integer programs: %d of %d solved", done, total));
  }

  /** Models of a list checked so far (check --list). */
  synchronized void models(int done, int total) {
    if (json) line(event("models").put("done", done).put("total", total));
    else show(String.format(Locale.ROOT, "models: %d of %d checked", done, total));
  }

  /** Clears the terminal line (JSON lines stay); later events are not shown. */
  synchronized void end() {
    if (shown && !json) err.print("\r" + " ".repeat(72) + "\r");
    err.flush();
    shown = false;
    ended = true;
  }

  private static ObjectNode event(String kind) {
    return JsonNodeFactory.instance.objectNode().put("kind", kind);
  }

  private void line(ObjectNode event) {
    err.println(JSON_PREFIX + event + "}");
    err.flush();
  }

  private void show(String text) {
    err.print("\r" + text + " ");
    err.flush();
    shown = true;
  }
}
