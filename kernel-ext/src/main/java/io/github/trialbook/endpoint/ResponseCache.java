package io.github.trialbook.endpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Chat results stored one file per request under a directory, named by the SHA-256 of the request
 * body with its model filled in: a rerun with unchanged prompts does not pay twice. Files hold the
 * {@link ChatResult} only (never a header or a key) and are written to a temporary file and moved
 * into place, so a reader sees a whole entry or none. Thread-safe.
 */
final class ResponseCache {
  private final Path dir;
  private final ObjectMapper json;

  ResponseCache(Path dir, ObjectMapper json) {
    this.dir = dir;
    this.json = json;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("response cache directory " + dir
          + " cannot be created; pass a writable directory to cache(dir)", e);
    }
  }

  Optional<ChatResult> get(byte[] requestBody) {
    Path file = fileOf(requestBody);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(json.readValue(file.toFile(), ChatResult.class).fromCache());
    } catch (IOException e) {
      return Optional.empty(); // missing, or damaged: a miss, and the answer overwrites it
    }
  }

  void put(byte[] requestBody, ChatResult result) {
    Path file = fileOf(requestBody);
    try {
      Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
      json.writeValue(tmp.toFile(), result);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("response cache entry " + file + " cannot be written", e);
    }
  }

  private Path fileOf(byte[] requestBody) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(requestBody);
      return dir.resolve(HexFormat.of().formatHex(hash) + ".json");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
