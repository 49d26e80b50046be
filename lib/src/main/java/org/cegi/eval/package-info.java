/**
 * Task metrics with numerical parity to the implementations papers publish numbers with: {@link
 * org.cegi.eval.Bleu} and {@link org.cegi.eval.Chrf} (sacreBLEU 2.x), {@link org.cegi.eval.Rouge} (Google
 * rouge-score 0.1.2 with NLTK's Porter stemmer), {@link org.cegi.eval.CocoCaptionEval} (pycocoevalcap 1.2
 * BLEU-1..4, ROUGE-L, CIDEr-D, with an own PTB tokenizer) and {@link org.cegi.eval.VqaAccuracy} (official VQA v2);
 * text-to-SQL execution accuracy lives in {@link org.cegi.eval.sql}.
 *
 * <pre>{@code
 * double bleu = Bleu.corpus(hypotheses, references).score();                          // 0..100
 * double rougeL = Rouge.withStemmer(true).mean(targets, predictions).get(RougeType.ROUGE_L).fmeasure();
 * double cider = CocoCaptionEval.standard().evaluate(images).scores().get("CIDEr");
 * double vqa = VqaAccuracy.aggregate(questions).overallPercentRounded();
 * }</pre>
 */
package org.cegi.eval;
