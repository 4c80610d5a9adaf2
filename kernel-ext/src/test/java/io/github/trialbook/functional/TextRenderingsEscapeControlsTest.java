package io.github.trialbook.functional;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps every text rendering behind {@code internal.PlainText}: each {@code toText()} and each
 * {@code text/plain} entry a main class writes must escape (or take its text from a producer
 * that does), so a rendering added later cannot pass a model's ANSI escapes to a terminal.
 */
class TextRenderingsEscapeControlsTest {
  private static final Path SOURCES = Path.of("src/main/java/io/github/trialbook");
  /** Producers whose text is escaped already. */
  private static final List<String> ESCAPING = List.of("PlainText.escape(", "TableText.text(",
      "writer.text(", "mimeBundle()");

  @Test
  void everyTextRenderingEscapesControlCharacters() throws IOException {
    List<String> unescaped = new ArrayList<>();
    Pattern toText = Pattern.compile("String toText\\(\\)\\s*\\{");
    Pattern plainPut = Pattern.compile("put\\(\"text/plain\",[^;]*;");
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String source = Files.readString(file);
        Matcher m = toText.matcher(source);
        while (m.find()) {
          String body = body(source, m.end() - 1);
          if (ESCAPING.stream().noneMatch(body::contains)) {
            unescaped.add(SOURCES.relativize(file) + ": toText()");
          }
        }
        Matcher put = plainPut.matcher(source);
        while (put.find()) {
          if (ESCAPING.stream().noneMatch(put.group()::contains)) {
            unescaped.add(SOURCES.relativize(file) + ": " + put.group());
          }
        }
      }
    }
    assertThat(unescaped).isEmpty();
  }

  /** The block starting at the brace at {@code open}. */
  private static String body(String source, int open) {
    int depth = 0;
    for (int i = open; i < source.length(); i++) {
      char c = source.charAt(i);
      if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        return source.substring(open, i + 1);
      }
    }
    return source.substring(open);
  }
}
