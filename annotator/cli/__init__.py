"""Command line: `annotator [--db URL_OR_PATH] [--user NAME] COMMAND ...`."""
