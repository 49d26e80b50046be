package org.cegi.model.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.cegi.model.fixtures.TinyDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatTemplateTest {
  @TempDir Path dir;

  private static String resource(String name) throws IOException {
    try (InputStream in = ChatTemplateTest.class.getResourceAsStream("/chat-templates/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static final Map<String, String> LLAMA = Map.of("bos_token", "<|begin_of_text|>", "eos_token", "<|eot_id|>");
  private static final Map<String, String> QWEN = Map.of("eos_token", "<|im_end|>", "pad_token", "<|endoftext|>");

  @Test
  void qwen25MatchesApplyChatTemplate() throws IOException {
    ChatTemplate t = ChatTemplate.of(resource("Qwen-Qwen2.5-7B-Instruct.jinja"), QWEN);
    assertThat(t.render(List.of(ChatMessage.user("Hello")), true)).isEqualTo(
        "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n"
            + "<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n");
    assertThat(t.render(List.of(ChatMessage.system("Be brief."), ChatMessage.user("Hi"),
        ChatMessage.assistant("Hello!"), ChatMessage.user("What is CO2?")), true)).isEqualTo(
        "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n"
            + "<|im_start|>assistant\nHello!<|im_end|>\n<|im_start|>user\nWhat is CO2?<|im_end|>\n"
            + "<|im_start|>assistant\n");
    assertThat(t.render(List.of(ChatMessage.user("Hello")), false)).doesNotEndWith("<|im_start|>assistant\n");
  }

  @Test
  void llama31MatchesApplyChatTemplate() throws IOException {
    ChatTemplate t = ChatTemplate.of(resource("meta-llama-Llama-3.1-8B-Instruct.jinja"), LLAMA);
    assertThat(t.render(List.of(ChatMessage.system("You are helpful. "), ChatMessage.user("Hi")), true)).isEqualTo(
        "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nCutting Knowledge Date: December 2023\n"
            + "Today Date: 26 Jul 2024\n\nYou are helpful.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\n"
            + "Hi<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n");
  }

  @Test
  void llama32PrintsTodayThroughStrftimeNowAndTrimsContent() throws IOException {
    ChatTemplate t = ChatTemplate.of(resource("meta-llama-Llama-3.2-3B-Instruct.jinja"), LLAMA)
        .withClock(() -> LocalDateTime.of(2026, 11, 3, 10, 0));
    String expected = "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n"
        + "Cutting Knowledge Date: December 2023\nToday Date: 03 Nov 2026\n\n<|eot_id|>"
        + "<|start_header_id|>user<|end_header_id|>\n\nHi there<|eot_id|>"
        + "<|start_header_id|>assistant<|end_header_id|>\n\n";
    assertThat(t.render(List.of(ChatMessage.user("  Hi there \n")), true)).isEqualTo(expected);
    assertThat(t.render(List.of(ChatMessage.user("Hi there")), true, Map.of("date_string", "26 Jul 2024")))
        .contains("Today Date: 26 Jul 2024\n\n");
  }

  @Test
  void messageTextIsDataNotTemplate() throws IOException {
    ChatTemplate t = ChatTemplate.of(resource("Qwen-Qwen2.5-7B-Instruct.jinja"), QWEN);
    assertThat(t.render(List.of(ChatMessage.user("{{ 7 * 7 }} {% if x %}")), true))
        .contains("user\n{{ 7 * 7 }} {% if x %}<|im_end|>");
  }

  @Test
  void whitespaceRulesAreJinjas() {
    Map<String, String> none = Map.of();
    assertThat(ChatTemplate.of("  {% if true %}x{% endif %}\ny", none).render(List.of(), false)).isEqualTo("xy");
    assertThat(ChatTemplate.of("a {% if true %}b{% endif %}", none).render(List.of(), false)).isEqualTo("a b");
    assertThat(ChatTemplate.of("a\n  {{- 'b' }} {{ 'c' -}}\n d", none).render(List.of(), false)).isEqualTo("ab cd");
    assertThat(ChatTemplate.of("{% for a, b in {'x': 1, 'y': [1, 2]} | items %}{{ a }}={{ b | tojson }};{% endfor %}",
        none).render(List.of(), false)).isEqualTo("x=1;y=[1, 2];");
    assertThat(ChatTemplate.of("{{ {'a': {'b': [1, 'é']}} | tojson(indent=2) }}", none).render(List.of(), false))
        .isEqualTo("{\n  \"a\": {\n    \"b\": [\n      1,\n      \"é\"\n    ]\n  }\n}");
    assertThat(ChatTemplate.of("{% set ns = namespace(n=0) %}{% for i in range(5) %}{% if i == 3 %}{% break %}"
        + "{% endif %}{% set ns.n = ns.n + i %}{% endfor %}{{ ns.n }} {{ [1,2,3][1:] }} {{ ' x '.strip() }}"
        + "{{ ['a','b','a'] | reject('equalto', 'a') | join(',') }}", none).render(List.of(), false))
        .isEqualTo("3 [2, 3] xb");
  }

  @Test
  void errorsNameTheTemplateAndTheCause() {
    assertThatThrownBy(() -> ChatTemplate.of("{{ raise_exception('only user turns') }}", Map.of())
        .render(List.of(), true))
        .hasMessage("Chat template (inline) refused the messages: only user turns");
    assertThatThrownBy(() -> ChatTemplate.of("{% include 'x.jinja' %}", Map.of()))
        .hasMessageContaining("unsupported statement {% include 'x.jinja' %}");
    assertThatThrownBy(() -> ChatTemplate.of("{% macro m() %}no end", Map.of()))
        .hasMessageContaining("missing {% endmacro %}");
    assertThatThrownBy(() -> ChatTemplate.of("{{ '%d items' % 'many' }}", Map.of()).render(List.of(), true))
        .hasMessageContaining("%d format: a real number is required, not 'many'");
    assertThatThrownBy(() -> ChatTemplate.of("{{ '%s %s' % ('a',) }}", Map.of()).render(List.of(), true))
        .hasMessageContaining("not enough arguments for format string '%s %s'");
    assertThatThrownBy(() -> ChatTemplate.of("{{ '%s' % ('a', 'b') }}", Map.of()).render(List.of(), true))
        .hasMessageContaining("not all arguments converted during string formatting");
    assertThatThrownBy(() -> ChatTemplate.of("{{ '{0} {1}'.format('a') }}", Map.of()).render(List.of(), true))
        .hasMessageContaining("format string '{0} {1}' needs more than 1 argument(s)");
    assertThatThrownBy(() -> ChatTemplate.of("{% set x = {} %}{{ x.y.z }}", Map.of()).render(List.of(), true))
        .hasMessageContaining("reading 'z' of an undefined value");
  }

  @Test
  void fixtureTemplatesRenderFromTheFolder() {
    TinyDecoder.qwen2().writeTo(dir.resolve("q"));
    TinyDecoder.llama().writeTo(dir.resolve("l"));
    assertThat(ChatTemplate.fromModelFolder(dir.resolve("q")).render(List.of(ChatMessage.user("Hi")), true))
        .isEqualTo("<|im_start|>system\nYou are a tiny test model.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n"
            + "<|im_start|>assistant\n");
    assertThat(ChatTemplate.fromModelFolder(dir.resolve("l")).render(List.of(ChatMessage.user(" Hi ")), true))
        .isEqualTo("<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>"
            + "<|start_header_id|>assistant<|end_header_id|>\n\n");
    assertThatThrownBy(() -> ChatTemplate.fromModelFolder(dir))
        .hasMessageContaining("Missing tokenizer_config.json in " + dir);
  }
}
