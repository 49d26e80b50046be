package org.cegi.model.hub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Hugging Face Hub stand-in for tests, on 127.0.0.1 only: serves files of data set repositories at
 * {@code /datasets/{repo}/resolve/main/{file}} the way the hub does (commit, ETag or LFS SHA-256, size, ranges),
 * logs every request, and stops on {@link #close()}.
 */
public final class LocalHub implements AutoCloseable {
  public static final String COMMIT = "89abcdef0123456789abcdef0123456789abcdef";

  private final HttpServer server;
  private final Map<String, Path> files = new ConcurrentHashMap<>();
  public final List<String> log = new CopyOnWriteArrayList<>();
  public volatile String requiredToken;

  public LocalHub() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Serves {@code local} as file {@code file} of data set {@code repo} at revision main. */
  public LocalHub dataset(String repo, String file, Path local) {
    files.put("/datasets/" + repo + "/resolve/main/" + file, local);
    return this;
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      String range = ex.getRequestHeaders().getFirst("Range");
      log.add(ex.getRequestMethod() + " " + path + (range == null ? "" : " " + range)
          + (auth == null ? "" : " " + auth));
      if (requiredToken != null && !("Bearer " + requiredToken).equals(auth)) {
        ex.sendResponseHeaders(401, -1);
        return;
      }
      Path file = files.get(path);
      if (file == null) {
        ex.sendResponseHeaders(404, -1);
        return;
      }
      byte[] data = Files.readAllBytes(file);
      ex.getResponseHeaders().add("X-Repo-Commit", COMMIT);
      if (path.endsWith(".parquet")) {
        ex.getResponseHeaders().add("X-Linked-Etag", "\"" + sha256(data) + "\"");
      } else {
        ex.getResponseHeaders().add("ETag", "\"" + sha256(data).substring(0, 40) + "\"");
      }
      ex.getResponseHeaders().add("X-Linked-Size", String.valueOf(data.length));
      if (ex.getRequestMethod().equals("HEAD")) {
        ex.sendResponseHeaders(200, -1);
        return;
      }
      int from = range == null ? 0 : Integer.parseInt(range.replace("bytes=", "").replace("-", ""));
      byte[] body = java.util.Arrays.copyOfRange(data, from, data.length);
      ex.sendResponseHeaders(range == null ? 200 : 206, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  public static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
