package org.reluconvex.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * docs/cli.md is the command-line reference, generated from the commands' own help: this test renders
 * it and fails when the committed page differs (run with {@code -Dreluconvex.update.docs=true} to
 * write it anew), so the reference cannot drift from the commands.
 */
class CliReferenceTest {
  private static final Path PAGE = Path.of("docs", "cli.md");

  @Test
  void theReferenceIsTheCommandsOwnHelp() throws Exception {
    String text = render();
    if (Boolean.getBoolean("reluconvex.update.docs")) Files.writeString(PAGE, text, StandardCharsets.UTF_8);
    assertThat(Files.readString(PAGE, StandardCharsets.UTF_8)).as("docs/cli.md (regenerate with -Dreluconvex.update.docs=true)").isEqualTo(text);
  }

  static String render() {
    CommandLine root = Main.commandLine(new ByteArrayInputStream(new byte[0]), new PrintWriter(new StringWriter()),
        new PrintWriter(new StringWriter()), new String[0]);
    StringBuilder sb = new StringBuilder("# Command-line reference\n\n")
        .append("Generated from the commands' own `--help` (`CliReferenceTest` keeps this page equal to it). ")
        .append("The [guide](guide.md) shows each command at work. Shell completion for bash and zsh: ")
        .append("`source <(java -jar target/reluconvex.jar generate-completion)`.\n");
    add(sb, root, "reluconvex", 2);
    return sb.toString();
  }

  private static void add(StringBuilder sb, CommandLine cl, String name, int level) {
    cl.setUsageHelpWidth(100);
    sb.append('\n').append("#".repeat(level)).append(' ').append(name).append("\n\n```\n")
        .append(cl.getUsageMessage(CommandLine.Help.Ansi.OFF).stripTrailing()).append("\n```\n");
    for (var e : cl.getSubcommands().entrySet())
      if (!e.getValue().getCommandSpec().usageMessage().hidden()) add(sb, e.getValue(), name + " " + e.getKey(), Math.min(level + 1, 4));
  }
}
