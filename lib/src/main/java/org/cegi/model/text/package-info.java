/** Tokenizers of model folders (Hugging Face {@code tokenizer.json} through DJL's tokenizers). */
package org.cegi.model.text;
