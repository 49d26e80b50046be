package org.cegi.model.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.cegi.model.GenerationOptions;
import org.cegi.model.ModelCatalog;
import org.cegi.model.ModelVariant;
import org.cegi.model.Quantization;
import org.cegi.model.fixtures.TinyDecoder;
import org.cegi.model.onnx.OnnxCausalLm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests the hub client against a local HTTP server (127.0.0.1 only) that serves a fixture model. */
class HubClientTest {
  static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
  static final String REPO = "cegi-test/tiny-qwen2";

  @TempDir Path tmp;
  Path served;
  Path cache;
  HttpServer server;
  final List<String> log = new CopyOnWriteArrayList<>();
  volatile boolean corrupt;
  volatile boolean requireToken;

  @BeforeEach
  void start() throws IOException {
    served = TinyDecoder.qwen2().variants(EnumSet.of(TinyDecoder.Variant.FP32, TinyDecoder.Variant.Q4))
        .writeTo(tmp.resolve("served"));
    cache = tmp.resolve("hf-cache");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    String range = ex.getRequestHeaders().getFirst("Range");
    log.add(ex.getRequestMethod() + " " + path + (range == null ? "" : " " + range) + (auth == null ? "" : " " + auth));
    String prefix = "/" + REPO + "/resolve/main/";
    if (requireToken && !"Bearer s3cret".equals(auth)) {
      ex.sendResponseHeaders(401, -1);
      ex.close();
      return;
    }
    Path file = path.startsWith(prefix) ? served.resolve(path.substring(prefix.length())) : null;
    if (file == null || !Files.isRegularFile(file)) {
      ex.sendResponseHeaders(404, -1);
      ex.close();
      return;
    }
    byte[] data = Files.readAllBytes(file);
    ex.getResponseHeaders().add("X-Repo-Commit", COMMIT);
    if (file.toString().endsWith(".onnx")) {
      ex.getResponseHeaders().add("X-Linked-Etag", "\"" + sha256(data) + "\"");
    } else {
      ex.getResponseHeaders().add("ETag", "\"" + sha256(data).substring(0, 40) + "\"");
    }
    ex.getResponseHeaders().add("X-Linked-Size", String.valueOf(data.length));
    if (ex.getRequestMethod().equals("HEAD")) {
      ex.sendResponseHeaders(200, -1);
      ex.close();
      return;
    }
    int from = 0;
    if (range != null) {
      from = Integer.parseInt(range.replace("bytes=", "").replace("-", ""));
    }
    byte[] body = java.util.Arrays.copyOfRange(data, from, data.length);
    if (corrupt) {
      body[body.length / 2] ^= 1;
    }
    ex.sendResponseHeaders(range == null ? 200 : 206, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private HubClient.Builder client() {
    return HubClient.builder().endpoint(endpoint()).cacheDir(cache).noToken();
  }

  private ModelVariant variant(Quantization q) {
    ModelVariant base = ModelCatalog.builtIn().get("qwen2.5-0.5b-instruct", q);
    return new ModelVariant("tiny", "qwen2", "tiny", 1, q, base.fineTuning(), base.engine(),
        org.cegi.model.ModelLocation.hub(REPO, "onnx/" + q.onnxFile()), "general");
  }

  @Test
  void downloadsAModelIntoTheHubCacheLayoutAndItRuns() throws Exception {
    List<long[]> progress = new CopyOnWriteArrayList<>();
    Path dir = client().token("s3cret").progress((f, b, t) -> progress.add(new long[] {b, t})).build()
        .downloadModel(variant(Quantization.Q4));
    Path repo = cache.resolve("models--cegi-test--tiny-qwen2");
    assertThat(dir).isEqualTo(repo.resolve("snapshots").resolve(COMMIT));
    assertThat(Files.readString(repo.resolve("refs/main"))).isEqualTo(COMMIT);
    Path onnx = dir.resolve("onnx/model_q4.onnx");
    assertThat(Files.isSymbolicLink(onnx)).isTrue();
    assertThat(Files.readAllBytes(onnx)).isEqualTo(Files.readAllBytes(served.resolve("onnx/model_q4.onnx")));
    assertThat(repo.resolve("blobs").resolve(sha256(Files.readAllBytes(onnx)))).exists();
    assertThat(log).anyMatch(l -> l.startsWith("GET") && l.endsWith("Bearer s3cret"));
    assertThat(progress).isNotEmpty();
    try (OnnxCausalLm lm = OnnxCausalLm.load(dir, "model_q4.onnx", 1)) {
      assertThat(lm.generate("Hello", GenerationOptions.builder().maxNewTokens(4).build()).tokenIds()).hasSize(4);
    }
    log.clear();
    client().build().downloadModel(variant(Quantization.Q4));
    assertThat(log).allMatch(l -> l.startsWith("HEAD"));
  }

  @Test
  void downloadsTheThreeFilesOfAVisionLanguageVariant() throws Exception {
    served = org.cegi.model.fixtures.TinyQwen2Vl.create()
        .variants(EnumSet.of(TinyDecoder.Variant.FP32, TinyDecoder.Variant.INT8)).writeTo(tmp.resolve("served-vl"));
    ModelVariant v = new ModelVariant("tiny-vl", "qwen2-vl", "tiny", 1, Quantization.FP32,
        org.cegi.model.FineTuning.BASE, org.cegi.model.Engine.ONNX_RUNTIME,
        org.cegi.model.ModelLocation.hub(REPO, "onnx/decoder_model_merged.onnx"), "general")
        .withQuantization(Quantization.INT8);
    Path dir = client().build().downloadModel(v);
    for (String f : List.of("onnx/decoder_model_merged_int8.onnx", "onnx/vision_encoder_int8.onnx",
        "onnx/embed_tokens_int8.onnx", "preprocessor_config.json", "config.json")) {
      assertThat(dir.resolve(f)).exists();
    }
    try (org.cegi.model.vlm.OnnxVisionLm vlm = org.cegi.model.vlm.OnnxVisionLm.load(dir, Quantization.INT8, 1)) {
      assertThat(vlm.decoder().positionAxes()).isEqualTo(3);
    }
  }

  @Test
  void listsTheFilesAVariantNeedsAndWhichAreNotCachedWithoutTheNetwork() {
    assertThat(HubClient.modelFiles(variant(Quantization.Q4))).containsExactly("config.json",
        "generation_config.json", "tokenizer.json", "tokenizer_config.json", "onnx/model_q4.onnx");
    assertThat(HubClient.modelFiles(ModelCatalog.builtIn().get("qwen2-vl-2b-instruct", Quantization.INT8)))
        .contains("onnx/decoder_model_merged_int8.onnx", "onnx/vision_encoder_int8.onnx",
            "onnx/embed_tokens_int8.onnx", "preprocessor_config.json");
    HubClient offline = client().offline(true).build();
    assertThat(offline.missingFromCache(variant(Quantization.Q4))).hasSize(5);
    assertThat(offline.reachable(1)).isFalse();
    assertThat(log).isEmpty();
    client().build().download(REPO, "config.json");
    assertThat(offline.missingFromCache(variant(Quantization.Q4))).hasSize(4).doesNotContain("config.json");
    assertThat(client().build().reachable(2)).isTrue();
    server.stop(0);
    assertThat(client().build().reachable(1)).isFalse();
  }

  @Test
  void downloadsTheExternalDataAGraphRefersTo() throws Exception {
    // A graph over 2 GB keeps its weights in model_fp16.onnx_data (and _data_1, …); the graph names them.
    Files.write(served.resolve("onnx/model_fp16.onnx"), ("graph\u0000location\u0012\u0014model_fp16.onnx_data"
        + "\u0000location\u0012\u0016model_fp16.onnx_data_1\u0000model_fp16.onnx_data").getBytes(
            java.nio.charset.StandardCharsets.US_ASCII));
    Files.write(served.resolve("onnx/model_fp16.onnx_data"), new byte[] {1, 2, 3});
    Files.write(served.resolve("onnx/model_fp16.onnx_data_1"), new byte[] {4, 5});
    HubClient offline = client().offline(true).build();
    client().build().download(REPO, "onnx/model_fp16.onnx");
    assertThat(offline.missingFromCache(variant(Quantization.FP16))).containsExactly("config.json",
        "generation_config.json", "tokenizer.json", "tokenizer_config.json", "onnx/model_fp16.onnx_data",
        "onnx/model_fp16.onnx_data_1");
    Path dir = client().build().downloadModel(variant(Quantization.FP16));
    assertThat(Files.readAllBytes(dir.resolve("onnx/model_fp16.onnx_data"))).containsExactly(1, 2, 3);
    assertThat(Files.readAllBytes(dir.resolve("onnx/model_fp16.onnx_data_1"))).containsExactly(4, 5);
    assertThat(offline.missingFromCache(variant(Quantization.FP16))).isEmpty();
    assertThat(HubClient.externalData(dir.resolve("config.json"), "config.json")).isEmpty();
    assertThat(HubClient.externalData(served.resolve("onnx/model_q4.onnx"), "onnx/model_q4.onnx")).isEmpty();
  }

  @Test
  void resumesAPartialDownload() throws Exception {
    byte[] full = Files.readAllBytes(served.resolve("onnx/model.onnx"));
    Path blobs = cache.resolve("models--cegi-test--tiny-qwen2/blobs");
    Files.createDirectories(blobs);
    Files.write(blobs.resolve(sha256(full) + ".incomplete"), java.util.Arrays.copyOf(full, 1000));
    Path got = client().build().download(REPO, "onnx/model.onnx");
    assertThat(log).contains("GET /" + REPO + "/resolve/main/onnx/model.onnx bytes=1000-");
    assertThat(Files.readAllBytes(got)).isEqualTo(full);
  }

  @Test
  void checksumMismatchIsReportedAndThePartialFileDropped() {
    corrupt = true;
    assertThatThrownBy(() -> client().build().download(REPO, "onnx/model.onnx"))
        .hasMessageContaining("Checksum mismatch for " + REPO + "/onnx/model.onnx")
        .hasMessageContaining("run again");
  }

  @Test
  void offlineUsesTheCacheOrSaysHowToProvideTheFile() {
    assertThatThrownBy(() -> client().offline(true).build().download(REPO, "onnx/model.onnx"))
        .hasMessageContaining("Cannot get " + REPO + "/onnx/model.onnx: offline mode (HF_HUB_OFFLINE=1)")
        .hasMessageContaining("Provide it locally")
        .hasMessageContaining(cache.toString());
    Path online = client().build().download(REPO, "config.json");
    assertThat(client().offline(true).build().download(REPO, "config.json")).isEqualTo(online);
    server.stop(0);
    assertThat(client().build().download(REPO, "config.json")).isEqualTo(online);
    assertThatThrownBy(() -> client().build().download(REPO, "tokenizer.json"))
        .hasMessageContaining("cannot be reached")
        .hasMessageContaining("tokenizer.json");
  }

  @Test
  void missingFilesAndRefusedTokensAreExplained() {
    assertThatThrownBy(() -> client().build().download(REPO, "onnx/model_q4f16.onnx"))
        .hasMessageContaining("The hub has no " + REPO + "/onnx/model_q4f16.onnx (revision main) (HTTP 404)");
    requireToken = true;
    assertThatThrownBy(() -> client().build().download(REPO, "config.json"))
        .hasMessageContaining("HTTP 401")
        .hasMessageContaining("set HF_TOKEN");
    assertThat(client().token("s3cret").build().download(REPO, "config.json")).exists();
  }
}
