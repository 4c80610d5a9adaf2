package io.github.trialbook.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Replaces a file so that a reader sees the old or the new content, never a mix or nothing: the
 * bytes go to a temporary file beside the target (its folders made first), are forced to disk,
 * then moved over it; the rename is made durable too. The file gets the target's permissions, or
 * {@code rw-r--r--} when new, like a plain write. Manifests, notebooks and reports all write this
 * way. Not for users.
 *
 * <pre>{@code
 * AtomicFiles.write(Path.of("runs", "x", "manifest.json"), json);
 * }</pre>
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  public static void write(Path target, byte[] content) throws IOException {
    // An interrupt pending on this thread would close the channel mid-write (FileChannel is
    // interruptible), and a cancelled run must still record its status: hold it until done.
    Uninterruptibly.holdingInterrupt(() -> {
      replace(target.toAbsolutePath(), content);
      return null;
    });
  }

  private static void replace(Path target, byte[] content) throws IOException {
    Files.createDirectories(target.getParent());
    Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buf = ByteBuffer.wrap(content);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      permissionsLikeAPlainWrite(temp, target);
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
    forceDirectory(target.getParent());
  }

  /** A temporary file is private (0600); give it the target's permissions, or rw-r--r--. */
  private static void permissionsLikeAPlainWrite(Path temp, Path target) throws IOException {
    if (!temp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return;
    }
    Set<PosixFilePermission> perms = Files.exists(target) ? Files.getPosixFilePermissions(target)
        : PosixFilePermissions.fromString("rw-r--r--");
    Files.setPosixFilePermissions(temp, perms);
  }

  /** Makes the rename itself durable (Linux: fsync of the directory). */
  private static void forceDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // not every OS can open a directory (Windows): the rename is still atomic
    }
  }
}
