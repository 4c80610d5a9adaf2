package io.github.trialbook.cellhost;

import static io.github.trialbook.cellhost.HostProcess.ofType;
import static io.github.trialbook.cellhost.HostProcess.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What needs a host of its own: the class path magic, shutdown, the end of input. */
class CellHostProcessTest {
  @TempDir
  Path tmp;

  @Test
  void jarsMagicExpandsGlobsInTheWorkingDirectoryAndMakesTheirClassesUsable() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src/demo"));
    Files.writeString(src.resolve("Greeter.java"),
        "package demo; public class Greeter { public String hi() { return \"hi from a jar\"; } }");
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    Path classes = Files.createDirectories(tmp.resolve("classes"));
    assertThat(javac.run(null, null, null, "-d", classes.toString(), src.resolve("Greeter.java").toString()))
        .isZero();
    Path lib = Files.createDirectories(tmp.resolve("lib"));
    try (OutputStream file = Files.newOutputStream(lib.resolve("greeter-1.0.jar"));
        JarOutputStream jar = new JarOutputStream(file)) {
      jar.putNextEntry(new JarEntry("demo/Greeter.class"));
      jar.write(Files.readAllBytes(classes.resolve("demo/Greeter.class")));
      jar.closeEntry();
    }
    try (HostProcess host = new HostProcess(tmp)) {
      assertThat(status(host.run(1, "new demo.Greeter()"))).isEqualTo("error");
      List<JsonNode> out = host.run(2, "%jars lib/*.jar\nnew demo.Greeter().hi()");
      assertThat(ofType(out, "execute_result").get(0).get("data").get("text/plain").asText())
          .isEqualTo("hi from a jar");
      assertThat(status(host.run(3, "%jar lib/greeter-1.0.jar\ndemo.Greeter g = new demo.Greeter();")))
          .isEqualTo("ok");
      host.send(Map.of("shutdown", true));
      assertThat(host.waitForExit()).isZero();
    }
  }

  @Test
  void shutdownLetsTheQueuedCellsFinishThenExitsZero() throws Exception {
    try (HostProcess host = new HostProcess(tmp)) {
      host.sendCell(1, "Thread.sleep(300);\nSystem.out.println(\"last words\");");
      host.send(Map.of("shutdown", true));
      List<JsonNode> out = host.awaitDone(1);
      assertThat(ofType(out, "stream")).extracting(o -> o.get("text").asText()).containsExactly("last words\n");
      assertThat(status(out)).isEqualTo("ok");
      assertThat(host.waitForExit()).isZero();
    }
  }

  @Test
  void aMalformedRequestIsAProtocolErrorAndTheHostGoesOn() throws Exception {
    try (HostProcess host = new HostProcess(tmp)) {
      host.send(Map.of("hello", 1));
      assertThat(host.next().get("type").asText()).isEqualTo("protocol_error");
      assertThat(status(host.run(1, "1"))).isEqualTo("ok");
      host.send(Map.of("shutdown", true));
      assertThat(host.waitForExit()).isZero();
    }
  }
}
