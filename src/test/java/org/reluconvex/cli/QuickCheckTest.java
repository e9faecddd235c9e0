package org.reluconvex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plain check command line read without picocli prints exactly what picocli's reading prints. */
class QuickCheckTest {
  private record Run(int code, String out, String err) {}

  private static Run run(boolean quick, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8), e = new PrintStream(err, true, StandardCharsets.UTF_8);
    ByteArrayInputStream in = new ByteArrayInputStream(new byte[0]);
    int code = quick ? Main.run(in, o, e, args) : Main.run(in, o, e, Main.SUBCOMMANDS, args);
    return new Run(code, normalise(out.toString(StandardCharsets.UTF_8)), normalise(err.toString(StandardCharsets.UTF_8)));
  }

  private static String normalise(String s) {
    return s.replaceAll("time:     [0-9.]+ s", "time: <t>").replaceAll("\"check_seconds\" : [0-9.Ee-]+", "\"check_seconds\" : <t>")
        .replaceAll("(?m)^\\s+at .*$", "<frame>");
  }

  @Test
  void theQuickPathPrintsWhatPicocliPrints() {
    String corpus = "reference/corpus/fig3_d2_3x3_11_1.onnx";
    List<String[]> lines = List.of(
        new String[] {"check", corpus},
        new String[] {"check", corpus, "--json"},
        new String[] {"check", corpus, "--exhaustive"},
        new String[] {"check", "--exhaustive", corpus, "--json"},
        new String[] {"check", corpus, "--box=-2,2"},
        new String[] {"check", corpus, "--box", "-2,2", "--method", "skeleton"},
        new String[] {"check", corpus, "--method=cells", "--verbose"},
        new String[] {"check", "example:beyond-icnn", "--box=-2:2,-1:3"},
        new String[] {"check", "example:beyond-icnn", "--method", "onelayer"},
        new String[] {"check", "example:beyond-icnn", "--method", "magic"},
        new String[] {"check", "example:beyond-icnn", "--box=1,-1"},
        new String[] {"check", "example:beyond-icnn", "--box=1,2,3", "--json"},
        new String[] {"check", "no-such-file.onnx"},
        new String[] {"check", "no-such-file.onnx", "--json"},
        new String[] {"check", "example:icnn-random?dim=3&widths=5,5&seed=2"});
    for (String[] args : lines) {
      assertThat(QuickCheck.parse(args)).as(String.join(" ", args)).isNotNull();
      Run quick = run(true, args), picocli = run(false, args);
      assertThat(quick).as(String.join(" ", args)).isEqualTo(picocli);
    }
  }

  @Test
  void anythingElseIsLeftToPicocli() {
    String m = "example:beyond-icnn";
    for (String[] args : List.of(
        new String[] {"check"},
        new String[] {"check", "--help"},
        new String[] {"check", m, "--explain"},
        new String[] {"check", m, m},
        new String[] {"check", m, "--json", "--json"},
        new String[] {"check", m, "--box=-1,1", "--box=-2,2"},
        new String[] {"check", m, "--box"},
        new String[] {"check", m, "--box", "--json"},
        new String[] {"check", "@args.txt"},
        new String[] {"check", "--", m},
        new String[] {"check", m, "--json=true"},
        new String[] {"check", m, "--global"},
        new String[] {"check", m, "--max-memory", "1G"},
        new String[] {"info", m},
        new String[] {"--verbose", "check", m}))
      assertThat(QuickCheck.parse(args)).as(String.join(" ", args)).isNull();
  }
}
