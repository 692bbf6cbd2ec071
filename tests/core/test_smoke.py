from annotator.core.tokenize import token_texts


def test_tokenizer_splits_punctuation():
    assert token_texts("Thuận, (KEPCO).") == ["Thuận", ",", "(", "KEPCO", ")", "."]
