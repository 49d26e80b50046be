package org.cegi.eval;

/** Placeholder; replaced below. */
final class PtbTokenizer {
  private PtbTokenizer() {}

  static String tokenizeCaption(String raw) {
    throw new UnsupportedOperationException("PTB tokenizer not implemented yet");
  }
}
