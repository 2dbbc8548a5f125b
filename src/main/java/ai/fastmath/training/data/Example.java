package ai.fastmath.training.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One curriculum example as a line of the JSONL files, OpenR1 style: {@code generation} is the
 * assistant's whole reply ({@code <think>\n...\n</think>\n\n...\boxed{answer}...}), absent in the
 * GRPO set; {@code answer} is an integer written in decimal.
 */
@JsonPropertyOrder({"id", "family", "level", "problem", "generation", "answer"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Example(String id, String family, int level, String problem, String generation, String answer) {}
