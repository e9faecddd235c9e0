package org.reluconvex.io;

import org.reluconvex.network.Network;

/**
 * ONNX import and export of ReLU networks. Import understands what {@code torch.onnx.export}
 * writes for Linear/ReLU networks with skips (see {@link OnnxImporter#SUPPORTED}); export writes
 * a standard opset-13 graph that onnxruntime runs and that imports back to an equal network
 * (with {@link Precision#FLOAT64}).
 */
public final class Onnx {
  private Onnx() {}

  /** Element type of exported weights. */
  public enum Precision {
    /** float64: the round trip is exact. */
    FLOAT64,
    /** float32: weights rounded to the nearest float, as PyTorch stores them. */
    FLOAT32
  }

  /** Ops the importer understands, for messages and docs. */
  public static String supportedOps() { return OnnxImporter.SUPPORTED; }

  /**
   * Reads an ONNX model. {@code source} names the file in error messages.
   *
   * @throws BadInputException for anything that is not a supported ONNX ReLU network
   */
  public static Network read(byte[] bytes, String source) {
    try {
      return readUnguarded(bytes, source);
    } catch (BadInputException e) {
      throw e;
    } catch (RuntimeException e) { // arithmetic on hostile shapes that slipped past the checks
      throw new BadInputException(source + ": cannot interpret the graph (" + e + ")", e);
    }
  }

  /** Parse and import without the safety net, so that tests see any exception the code lets through. */
  static Network readUnguarded(byte[] bytes, String source) {
    return OnnxImporter.toNetwork(OnnxParser.parse(bytes, source), source);
  }

  /** The network as ONNX bytes. */
  public static byte[] write(Network net, Precision precision) {
    return OnnxWriter.write(OnnxExporter.graph(net, precision));
  }

  /** The network as ONNX bytes with float64 weights. */
  public static byte[] write(Network net) { return write(net, Precision.FLOAT64); }
}
