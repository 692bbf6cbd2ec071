"""spaCy integration: the registered tokenizer, training configs. spaCy is imported lazily."""
