package org.cegi.model.hub;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.cegi.internal.Check;
import org.cegi.model.ModelLocation;
import org.cegi.model.ModelVariant;

/**
 * Fetches files of Hugging Face Hub repositories — models and data sets — into the hub cache layout that
 * {@code huggingface_hub} uses ({@code models--org--name/} or {@code datasets--org--name/}, each with
 * {@code blobs}, {@code snapshots/<commit>/<file>}, {@code refs/<revision>}), so that Python and Java share one
 * cache. Downloads resume from a partial {@code .incomplete} file, are checked against the
 * SHA-256 the hub gives for LFS files, and send {@code HF_TOKEN} when set. Offline ({@code HF_HUB_OFFLINE=1} or
 * no connection) files come from the cache, or the error says which file is missing and how to provide it.
 *
 * <pre>{@code
 * HubClient hub = HubClient.builder().build();                       // HF_HOME, HF_TOKEN, HF_ENDPOINT respected
 * Path dir = hub.downloadModel(ModelCatalog.builtIn().get("qwen2.5-0.5b-instruct", Quantization.Q4));
 * try (OnnxCausalLm lm = OnnxCausalLm.load(dir, "model_q4.onnx", 2)) { … }
 * Path sql = hub.downloadDataset("gretelai/synthetic_text_to_sql", "main",
 *     "synthetic_text_to_sql_test.snappy.parquet");                 // datasets--gretelai--synthetic_text_to_sql
 * }</pre>
 */
public final class HubClient {
  /** Files every decoder model folder needs beside its ONNX file. */
  public static final List<String> MODEL_FILES =
      List.of("config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json");

  /** The kind of a Hub repository: models and data sets have their own URLs and cache folders. */
  public enum RepoType {
    /** {@code {endpoint}/{repo}/resolve/…}, cached in {@code models--org--name}. */
    MODEL("models", ""),
    /** {@code {endpoint}/datasets/{repo}/resolve/…}, cached in {@code datasets--org--name}. */
    DATASET("datasets", "datasets/");

    private final String cachePrefix;
    private final String urlPrefix;

    RepoType(String cachePrefix, String urlPrefix) {
      this.cachePrefix = cachePrefix;
      this.urlPrefix = urlPrefix;
    }
  }

  /** Receives download progress: bytes so far and the total (-1 when unknown). */
  @FunctionalInterface
  public interface Progress {
    void update(String file, long bytes, long total);
  }

  private final URI endpoint;
  private final Path cacheDir;
  private final Optional<String> token;
  private final boolean offline;
  private final Progress progress;
  private final HttpClient http;

  private HubClient(Builder b) {
    this.endpoint = b.endpoint;
    this.cacheDir = b.cacheDir;
    this.token = b.token;
    this.offline = b.offline;
    this.progress = b.progress;
    this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
        .connectTimeout(Duration.ofSeconds(20)).build();
  }

  /** A builder whose defaults come from the environment (HF_ENDPOINT, HF_HUB_CACHE/HF_HOME, HF_TOKEN, HF_HUB_OFFLINE). */
  public static Builder builder() {
    return new Builder();
  }

  /** The hub cache folder ({@code $HF_HUB_CACHE}, else {@code $HF_HOME/hub}, else {@code ~/.cache/huggingface/hub}). */
  public static Path defaultCacheDir() {
    String hubCache = System.getenv("HF_HUB_CACHE");
    if (hubCache != null && !hubCache.isBlank()) {
      return Path.of(hubCache);
    }
    String home = System.getenv("HF_HOME");
    if (home != null && !home.isBlank()) {
      return Path.of(home, "hub");
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("huggingface").resolve("hub");
  }

  public Path cacheDir() {
    return cacheDir;
  }

  /** The cache folder of a model repository. */
  public Path repoDir(String repoId) {
    return repoDir(RepoType.MODEL, repoId);
  }

  /** The cache folder of a repository: {@code models--org--name} or {@code datasets--org--name}. */
  public Path repoDir(RepoType type, String repoId) {
    Check.notNull("repo type", type);
    checkRepo(repoId);
    return cacheDir.resolve(type.cachePrefix + "--" + repoId.replace("/", "--"));
  }

  /**
   * Downloads the files a variant needs (its ONNX file and {@link #MODEL_FILES}; for a vision-language variant also
   * the vision encoder and embeddings of the same encoding and {@code preprocessor_config.json}; and the external-data
   * files, such as {@code onnx/model_fp16.onnx_data}, that a graph over 2 GB refers to) and returns the
   * snapshot folder, which {@code OnnxCausalLm.load} (or {@code OnnxVisionLm.load}) reads. A local variant is returned as is.
   */
  public Path downloadModel(ModelVariant variant) {
    ModelLocation loc = variant.location();
    if (loc.kind() == ModelLocation.Kind.LOCAL) {
      return Path.of(loc.source());
    }
    Path snapshot = null;
    for (String f : modelFiles(variant)) {
      Path p = download(loc.source(), loc.revision(), f);
      if (snapshot == null) {
        snapshot = p.getParent();
      }
      for (String data : externalData(p, f)) {
        download(loc.source(), loc.revision(), data);
      }
    }
    return snapshot;
  }

  /**
   * The external-data files an ONNX file refers to (graphs over 2 GB keep their weights beside them, e.g.
   * {@code onnx/model_fp16.onnx_data}, {@code …_data_1}), as repository paths next to {@code file}; empty for other
   * files. Found by scanning the graph for its own file name followed by {@code _data}.
   */
  static List<String> externalData(Path local, String file) {
    if (!file.endsWith(".onnx")) {
      return List.of();
    }
    String dir = file.substring(0, file.lastIndexOf('/') + 1);
    String base = file.substring(dir.length()) + "_data";
    byte[] name = base.getBytes(StandardCharsets.US_ASCII);
    java.util.Set<String> found = new java.util.TreeSet<>();
    try {
      if (Files.size(local) > EXTERNAL_DATA_SCAN_LIMIT) {
        return List.of();
      }
      byte[] data = Files.readAllBytes(local);
      for (int i = 0; i + name.length <= data.length; i++) {
        if (data[i] != name[0] || !java.util.Arrays.equals(data, i, i + name.length, name, 0, name.length)) {
          continue;
        }
        int j = i + name.length;
        StringBuilder suffix = new StringBuilder();
        if (j + 1 < data.length && data[j] == '_' && data[j + 1] >= '0' && data[j + 1] <= '9') {
          suffix.append('_');
          for (j++; j < data.length && data[j] >= '0' && data[j] <= '9'; j++) {
            suffix.append((char) data[j]);
          }
        }
        found.add(dir + base + suffix);
        i = j - 1;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + local + ": " + e.getMessage(), e);
    }
    return List.copyOf(found);
  }

  /**
   * ONNX files larger than this (bytes) are not scanned for external data: a graph that keeps its weights outside
   * holds only its nodes and small tensors, a few MB.
   */
  static final long EXTERNAL_DATA_SCAN_LIMIT = 256L << 20;

  /**
   * The repository files {@link #downloadModel} fetches for a hub variant: {@link #MODEL_FILES}, its ONNX file and,
   * for a vision-language variant, the vision encoder and embeddings of the same encoding and
   * {@code preprocessor_config.json}. Empty for a local variant.
   */
  public static List<String> modelFiles(ModelVariant variant) {
    Check.notNull("variant", variant);
    ModelLocation loc = variant.location();
    if (loc.kind() == ModelLocation.Kind.LOCAL) {
      return List.of();
    }
    List<String> files = new ArrayList<>(MODEL_FILES);
    files.add(loc.file());
    if (variant.visionLanguage()) {
      // Split vision-language export: the encoder and embeddings of the same encoding, and the image processor.
      String dir = loc.file().substring(0, loc.file().lastIndexOf('/') + 1);
      String name = loc.file().substring(dir.length());
      String suffix = name.substring(ModelVariant.MERGED_DECODER.length());
      files.add(dir + "vision_encoder" + suffix);
      files.add(dir + "embed_tokens" + suffix);
      files.add("preprocessor_config.json");
    }
    return List.copyOf(files);
  }

  /**
   * The files of {@link #modelFiles} that are not in this client's cache, and the external-data files of cached ONNX
   * graphs that are not (no network is used): empty when the variant can be loaded offline.
   */
  public List<String> missingFromCache(ModelVariant variant) {
    ModelLocation loc = variant.location();
    List<String> missing = new ArrayList<>();
    for (String f : modelFiles(variant)) {
      Optional<Path> p = cached(loc.source(), loc.revision(), f);
      if (p.isEmpty()) {
        missing.add(f);
        continue;
      }
      for (String data : externalData(p.get(), f)) {
        if (cached(loc.source(), loc.revision(), data).isEmpty()) {
          missing.add(data);
        }
      }
    }
    return List.copyOf(missing);
  }

  /**
   * Whether the hub answers at all (one HEAD request to its endpoint, at most {@code timeoutS} seconds); false in
   * offline mode, without a request.
   */
  public boolean reachable(double timeoutS) {
    Check.positive("timeoutS", timeoutS);
    if (offline) {
      return false;
    }
    try {
      HttpRequest r = HttpRequest.newBuilder(endpoint).method("HEAD", HttpRequest.BodyPublishers.noBody())
          .timeout(Duration.ofMillis((long) (timeoutS * 1000))).build();
      HttpClient quick = HttpClient.newBuilder().connectTimeout(Duration.ofMillis((long) (timeoutS * 1000)))
          .followRedirects(HttpClient.Redirect.NORMAL).build();
      quick.send(r, HttpResponse.BodyHandlers.discarding());
      return true;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Downloads one file at {@code main}. */
  public Path download(String repoId, String file) {
    return download(repoId, "main", file);
  }

  /** Downloads one file of a model repository (or finds it in the cache) and returns its path in the snapshot folder. */
  public Path download(String repoId, String revision, String file) {
    return download(RepoType.MODEL, repoId, revision, file);
  }

  /**
   * Downloads one file of a data set repository ({@code https://huggingface.co/datasets/{repo}/resolve/{revision}/
   * {file}}) into {@code datasets--org--name} of the cache, or finds it there, with the same resume, checksum, token
   * and offline behaviour as model files.
   */
  public Path downloadDataset(String repoId, String revision, String file) {
    return download(RepoType.DATASET, repoId, revision, file);
  }

  /** Downloads one file of a repository (or finds it in the cache) and returns its path in the snapshot folder. */
  public Path download(RepoType type, String repoId, String revision, String file) {
    Check.notNull("repo type", type);
    checkRepo(repoId);
    Check.nonBlank("revision", revision);
    Check.nonBlank("file", file);
    if (file.startsWith("/") || file.contains("..")) {
      throw new IllegalArgumentException("file must be a relative path inside the repository, got " + file);
    }
    Path repo = repoDir(type, repoId);
    if (offline) {
      return cached(type, repoId, revision, file).orElseThrow(() -> missingOffline(type, repoId, revision, file,
          "offline mode (HF_HUB_OFFLINE=1)", null));
    }
    URI url = endpoint.resolve("/" + type.urlPrefix + repoId + "/resolve/" + encode(revision) + "/"
        + encodePath(file));
    HttpResponse<Void> head;
    try {
      head = http.send(request(url).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      Optional<Path> c = cached(type, repoId, revision, file);
      if (c.isPresent()) {
        return c.get();
      }
      throw missingOffline(type, repoId, revision, file, "the hub at " + endpoint + " cannot be reached ("
          + e.getMessage() + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while asking the hub for " + repoId + "/" + file, e);
    }
    checkStatus(type, head.statusCode(), repoId, revision, file);
    String commit = head.headers().firstValue("X-Repo-Commit").orElse(revision);
    String etag = head.headers().firstValue("X-Linked-Etag").or(() -> head.headers().firstValue("ETag"))
        .map(HubClient::unquote).orElse("");
    if (etag.isBlank()) {
      throw new IllegalStateException("The hub sent no ETag for " + repoId + "/" + file + " at " + url
          + ": is " + endpoint + " a Hugging Face Hub endpoint?");
    }
    long size = head.headers().firstValue("X-Linked-Size")
        .or(() -> head.headers().firstValue("Content-Length")).map(Long::parseLong).orElse(-1L);
    Path blob = repo.resolve("blobs").resolve(etag);
    Path pointer = repo.resolve("snapshots").resolve(commit).resolve(file);
    try {
      Files.createDirectories(blob.getParent());
      if (!Files.isRegularFile(blob)) {
        fetch(type, url, blob, etag, size, repoId + "/" + file);
      }
      Files.createDirectories(pointer.getParent());
      if (!Files.exists(pointer)) {
        try {
          Files.createSymbolicLink(pointer, pointer.getParent().relativize(blob));
        } catch (UnsupportedOperationException | IOException e) {
          Files.copy(blob, pointer, StandardCopyOption.REPLACE_EXISTING);
        }
      }
      Files.createDirectories(repo.resolve("refs"));
      if (!revision.equals(commit)) {
        Path ref = repo.resolve("refs").resolve(revision); // refs/pr/7 nests, as huggingface_hub writes it
        Files.createDirectories(ref.getParent());
        Files.writeString(ref, commit, StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + repoId + "/" + file + " into the hub cache " + cacheDir
          + ": " + e.getMessage() + ". Set HF_HUB_CACHE to a writable folder.", e);
    }
    return pointer;
  }

  /** The cached copy of a model repository's file, if any (revision resolved through {@code refs/}). */
  public Optional<Path> cached(String repoId, String revision, String file) {
    return cached(RepoType.MODEL, repoId, revision, file);
  }

  /** The cached copy of a file, if any (revision resolved through {@code refs/}). */
  public Optional<Path> cached(RepoType type, String repoId, String revision, String file) {
    Path repo = repoDir(type, repoId);
    String commit = revision;
    Path ref = repo.resolve("refs").resolve(revision);
    try {
      if (Files.isRegularFile(ref)) {
        commit = Files.readString(ref, StandardCharsets.UTF_8).trim();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + ref + ": " + e.getMessage(), e);
    }
    Path p = repo.resolve("snapshots").resolve(commit).resolve(file);
    return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
  }

  private void fetch(RepoType type, URI url, Path blob, String etag, long size, String what) throws IOException {
    Path partial = blob.resolveSibling(blob.getFileName() + ".incomplete");
    long have = Files.isRegularFile(partial) ? Files.size(partial) : 0;
    HttpRequest.Builder rb = request(url).GET();
    if (have > 0) {
      rb.header("Range", "bytes=" + have + "-");
    }
    HttpResponse<InputStream> resp;
    try {
      resp = http.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    int status = resp.statusCode();
    boolean append = status == 206;
    if (status != 200 && status != 206) {
      resp.body().close();
      checkStatus(type, status, what, "", "");
      throw new IOException("HTTP " + status + " for " + url);
    }
    long done = append ? have : 0;
    try (InputStream in = resp.body();
        OutputStream out = Files.newOutputStream(partial, StandardOpenOption.CREATE,
            append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        out.write(buf, 0, n);
        done += n;
        progress.update(what, done, size);
      }
    }
    if (size >= 0 && Files.size(partial) != size) {
      throw new IllegalStateException("Download of " + what + " is incomplete: " + Files.size(partial) + " of "
          + size + " bytes in " + partial + ". Run again to resume.");
    }
    if (etag.matches("[0-9a-f]{64}")) {
      String sha = sha256(partial);
      if (!sha.equals(etag)) {
        Files.delete(partial);
        throw new IllegalStateException("Checksum mismatch for " + what + ": the hub gives SHA-256 " + etag
            + " but the download has " + sha + ". The partial file was deleted; run again.");
      }
    }
    Files.move(partial, blob, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private HttpRequest.Builder request(URI url) {
    HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(30))
        .header("User-Agent", "cegi/0.1; java/" + System.getProperty("java.version"));
    token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
    return b;
  }

  private void checkStatus(RepoType type, int status, String repoId, String revision, String file) {
    if (status == 200 || status == 206 || status == 302 || status == 307) {
      return;
    }
    String what = (type == RepoType.DATASET ? "data set " : "") + (file.isEmpty() ? repoId
        : repoId + "/" + file + " (revision " + revision + ")");
    if (status == 401 || status == 403) {
      throw new IllegalStateException("The hub refused " + what + " (HTTP " + status + "): the repository is gated"
          + " or private. Accept its licence on huggingface.co and set HF_TOKEN to an access token"
          + (token.isPresent() ? " that has access (the token sent was refused)." : "."));
    }
    if (status == 404) {
      throw new IllegalArgumentException("The hub has no " + what + " (HTTP 404): check the repository id and"
          + " file name (" + (type == RepoType.DATASET ? "the data set's Files tab lists them, e.g."
          + " data/test-00000-of-00001.parquet; or download the file and give its local path"
          : "quantized ONNX files are onnx/model_q4.onnx, onnx/model_int8.onnx, …") + ").");
    }
    throw new IllegalStateException("The hub answered HTTP " + status + " for " + what);
  }

  private IllegalStateException missingOffline(RepoType type, String repoId, String revision, String file,
      String why, Throwable cause) {
    Path where = repoDir(type, repoId).resolve("snapshots").resolve(revision).resolve(file);
    if (type == RepoType.DATASET) {
      return new IllegalStateException("Cannot get data set file " + repoId + "/" + file + ": " + why + " and it is"
          + " not in the hub cache " + cacheDir + ". Provide it locally: download it elsewhere (huggingface-cli"
          + " download --repo-type dataset " + repoId + " " + file + ") and give its local path as the task's"
          + " source: in the plan (or Datasets.load(task, path, split)), or copy it to " + where + ".", cause);
    }
    return new IllegalStateException("Cannot get " + repoId + "/" + file + ": " + why + " and it is not in the"
        + " hub cache " + cacheDir + ". Provide it locally: download the repository elsewhere (huggingface-cli"
        + " download " + repoId + ") and copy it to " + where + ", or put the model folder anywhere and load it"
        + " with OnnxCausalLm.load(folder) / ModelCatalog.withFolder(folder).", cause);
  }

  private static void checkRepo(String repoId) {
    ModelLocation.hub(repoId, "x");
  }

  private static String unquote(String etag) {
    String e = etag.startsWith("W/") ? etag.substring(2) : etag;
    return e.replace("\"", "").trim().toLowerCase(Locale.ROOT);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String encodePath(String path) {
    List<String> parts = new ArrayList<>();
    for (String p : path.split("/")) {
      parts.add(encode(p));
    }
    return String.join("/", parts);
  }

  static String sha256(Path file) throws IOException {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      try (InputStream in = Files.newInputStream(file)) {
        byte[] buf = new byte[1 << 16];
        int n;
        while ((n = in.read(buf)) > 0) {
          md.update(buf, 0, n);
        }
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }

  /** Configuration of a {@link HubClient}; every default comes from the environment. */
  public static final class Builder {
    private URI endpoint;
    private Path cacheDir = defaultCacheDir();
    private Optional<String> token;
    private boolean offline;
    private Progress progress = (f, b, t) -> { };

    private Builder() {
      String ep = System.getenv("HF_ENDPOINT");
      endpoint = URI.create(ep != null && !ep.isBlank() ? ep : "https://huggingface.co");
      String t = System.getenv("HF_TOKEN");
      token = t == null || t.isBlank() ? Optional.empty() : Optional.of(t.trim());
      String off = System.getenv("HF_HUB_OFFLINE");
      offline = off != null && (off.equals("1") || off.equalsIgnoreCase("true"));
    }

    public Builder endpoint(URI uri) {
      this.endpoint = Check.notNull("endpoint", uri);
      return this;
    }

    public Builder cacheDir(Path dir) {
      this.cacheDir = Check.notNull("cache dir", dir);
      return this;
    }

    public Builder token(String accessToken) {
      this.token = Optional.of(Check.nonBlank("token", accessToken));
      return this;
    }

    public Builder noToken() {
      this.token = Optional.empty();
      return this;
    }

    public Builder offline(boolean on) {
      this.offline = on;
      return this;
    }

    public Builder progress(Progress listener) {
      this.progress = Check.notNull("progress", listener);
      return this;
    }

    public HubClient build() {
      return new HubClient(this);
    }
  }
}
