package org.reluconvex.io;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.reluconvex.network.Examples;
import org.reluconvex.network.Network;
import org.reluconvex.network.RandomNetworks;

/**
 * Built-in models by name: the hand-made networks of {@link Examples}, and seeded PyTorch-style
 * random draws written {@code random?dim=2&widths=4,8&seed=1&skip=true} or
 * {@code icnn-random?dim=2&widths=4,8&seed=1}.
 */
public final class ExampleModels {
  private ExampleModels() {}

  /** Default seed of the random draws. */
  public static final long DEFAULT_SEED = 0;

  /** The model named by a spec such as {@code beyond-icnn} or {@code random?dim=2&widths=3,4}. */
  public static Network resolve(String spec) {
    int q = spec.indexOf('?');
    String name = q < 0 ? spec : spec.substring(0, q);
    Map<String, String> params = params(spec, q < 0 ? "" : spec.substring(q + 1));
    switch (name) {
      case "random":
      case "icnn-random": {
        boolean icnn = name.equals("icnn-random");
        checkKeys(spec, params, icnn ? Set.of("dim", "widths", "seed") : Set.of("dim", "widths", "seed", "skip"));
        if (!params.containsKey("dim") || !params.containsKey("widths"))
          throw new BadInputException("example:" + spec + ": needs dim and widths, e.g. example:" + name + "?dim=2&widths=4,8&seed=1");
        int dim = parseDim(params.get("dim"));
        int[] widths = parseWidths(params.get("widths"));
        long seed = params.containsKey("seed") ? parseSeed(params.get("seed")) : DEFAULT_SEED;
        if (icnn) return icnnRandom(dim, widths, seed);
        String skip = params.getOrDefault("skip", "false");
        if (!skip.equals("true") && !skip.equals("false"))
          throw new BadInputException("example:" + spec + ": skip must be true or false, got '" + skip + "'");
        return random(dim, widths, skip.equals("true"), seed);
      }
      default:
        if (!params.isEmpty()) throw new BadInputException("example:" + spec + ": example '" + name + "' takes no parameters");
        return builtIn(name);
    }
  }

  /** A hand-made network of {@link Examples} by name. */
  public static Network builtIn(String name) {
    for (String known : Examples.names()) if (known.equals(name)) return Examples.byName(name);
    throw new BadInputException("unknown example '" + name + "' (known: " + String.join(", ", Examples.names())
        + ", random?dim=D&widths=A,B&seed=S&skip=true, icnn-random?dim=D&widths=A,B&seed=S)");
  }

  /** MLP or SkipMLP drawn as PyTorch's nn.Linear does by default. */
  public static Network random(int dim, int[] widths, boolean skip, long seed) {
    checkSizes(dim, widths);
    return skip ? RandomNetworks.skipMlp(dim, widths, seed) : RandomNetworks.mlp(dim, widths, seed);
  }

  /** A random ICNN (SkipMLP with non-negative hidden-to-hidden and output weights). */
  public static Network icnnRandom(int dim, int[] widths, long seed) {
    checkSizes(dim, widths);
    return RandomNetworks.icnn(dim, widths, seed);
  }

  /** Upper bound on each width and on the input dimension of generated networks. */
  public static final int MAX_WIDTH = 1 << 16;

  /** Upper bound on the number of weights and biases of generated networks. */
  public static final long MAX_PARAMETERS = 50_000_000L;

  private static void checkSizes(int dim, int[] widths) {
    if (dim < 1 || dim > MAX_WIDTH) throw new BadInputException("input dimension must be between 1 and " + MAX_WIDTH + ", got " + dim);
    long params = 0;
    int prev = dim;
    for (int w : widths) {
      if (w < 1 || w > MAX_WIDTH) throw new BadInputException("widths must be between 1 and " + MAX_WIDTH + ", got " + w);
      params += (long) w * (prev + dim + 1);
      prev = w;
    }
    params += prev + dim + 1;
    if (params > MAX_PARAMETERS)
      throw new BadInputException("a network with input dimension " + dim + " and widths " + java.util.Arrays.toString(widths)
          + " would have about " + params + " parameters; the limit for generated networks is " + MAX_PARAMETERS);
  }

  /** Parses widths written {@code 4,8,8} (or {@code 4x8x8}). */
  public static int[] parseWidths(String s) {
    if (s == null || s.isBlank()) throw new BadInputException("widths are empty; write them as 4,8,8");
    String[] parts = s.trim().split("\\s*[,x]\\s*");
    int[] w = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        w[i] = Integer.parseInt(parts[i]);
      } catch (NumberFormatException e) {
        throw new BadInputException("widths '" + s + "': '" + parts[i] + "' is not a whole number");
      }
      if (w[i] < 1) throw new BadInputException("widths '" + s + "': every width must be at least 1");
    }
    return w;
  }

  private static int parseDim(String s) {
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      throw new BadInputException("dim '" + s + "' is not a whole number");
    }
  }

  private static long parseSeed(String s) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      throw new BadInputException("seed '" + s + "' is not a whole number");
    }
  }

  private static Map<String, String> params(String spec, String query) {
    Map<String, String> m = new LinkedHashMap<>();
    if (query.isEmpty()) return m;
    for (String kv : query.split("&")) {
      int eq = kv.indexOf('=');
      if (eq <= 0) throw new BadInputException("example:" + spec + ": parameter '" + kv + "' is not key=value");
      m.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    return m;
  }

  private static void checkKeys(String spec, Map<String, String> params, Set<String> known) {
    for (String k : params.keySet())
      if (!known.contains(k))
        throw new BadInputException("example:" + spec + ": unknown parameter '" + k + "' (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
  }
}
