<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>App</name>
    <message>
        <source>Your name (as an annotator):</source>
        <translation>Your name (as an annotator):</translation>
    </message>
    <message>
        <source>Vietnamese</source>
        <translation>Vietnamese</translation>
    </message>
    <message>
        <source>Korean</source>
        <translation>Korean</translation>
    </message>
    <message>
        <source>no installed font shows %1 letters (they appear as empty boxes); on Debian/Ubuntu: sudo apt-get install %2</source>
        <translation>no installed font shows %1 letters (they appear as empty boxes); on Debian/Ubuntu: sudo apt-get install %2</translation>
    </message>
    <message>
        <source>no role %1 (annotator or reviewer)</source>
        <translation>no role %1 (annotator or reviewer)</translation>
    </message>
    <message>
        <source>Could not open the database:
%1</source>
        <translation>Could not open the database:
%1</translation>
    </message>
</context>
<context>
    <name>ArticleView</name>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Copy</translation>
    </message>
    <message>
        <source>Select &amp;all</source>
        <translation>Select &amp;all</translation>
    </message>
</context>
<context>
    <name>Columns</name>
    <message>
        <source>Title</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Spans</source>
        <translation>Spans</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Review</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Head</source>
        <translation>Head</translation>
    </message>
    <message>
        <source>Relation</source>
        <translation>Relation</translation>
    </message>
    <message>
        <source>Tail</source>
        <translation>Tail</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Label</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>End</source>
        <translation>End</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>State</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Annotator</source>
        <translation>Annotator</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Documents</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>Todo</source>
        <translation>Todo</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Skipped</translation>
    </message>
    <message>
        <source>Span F1</source>
        <translation>Span F1</translation>
    </message>
    <message>
        <source>Overlap F1</source>
        <translation>Overlap F1</translation>
    </message>
    <message>
        <source>Cohen's κ</source>
        <translation>Cohen's κ</translation>
    </message>
    <message>
        <source>Spans A</source>
        <translation>Spans A</translation>
    </message>
    <message>
        <source>Spans B</source>
        <translation>Spans B</translation>
    </message>
    <message>
        <source>Matched</source>
        <translation>Matched</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Annotators</source>
        <translation>Annotators</translation>
    </message>
    <message>
        <source>Disagreements</source>
        <translation>Disagreements</translation>
    </message>
    <message>
        <source>Candidates</source>
        <translation>Candidates</translation>
    </message>
    <message>
        <source>Agreed</source>
        <translation>Agreed</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Relation type</source>
        <translation>Relation type</translation>
    </message>
    <message>
        <source>Relation F1</source>
        <translation>Relation F1</translation>
    </message>
</context>
<context>
    <name>Concordance</name>
    <message>
        <source>Concordance</source>
        <translation>Concordance</translation>
    </message>
    <message>
        <source>Search the &amp;corpus…</source>
        <translation>Search the &amp;corpus…</translation>
    </message>
</context>
<context>
    <name>ConcordancePanel</name>
    <message>
        <source>Search the corpus (no case, no accents needed)…</source>
        <translation>Search the corpus (no case, no accents needed)…</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>Left context</source>
        <translation>Left context</translation>
    </message>
    <message>
        <source>Hit</source>
        <translation>Hit</translation>
    </message>
    <message>
        <source>Right context</source>
        <translation>Right context</translation>
    </message>
    <message>
        <source>In your set</source>
        <translation>In your set</translation>
    </message>
    <message>
        <source>Offsets</source>
        <translation>Offsets</translation>
    </message>
    <message>
        <source>More</source>
        <translation>More</translation>
    </message>
    <message>
        <source>Label selected…</source>
        <translation>Label selected…</translation>
    </message>
    <message>
        <source>Label all not yet labelled…</source>
        <translation>Label all not yet labelled…</translation>
    </message>
    <message>
        <source>Undo label-all in other documents</source>
        <translation>Undo label-all in other documents</translation>
    </message>
    <message>
        <source>Label:</source>
        <translation>Label:</translation>
    </message>
    <message>
        <source>Not searched: %1</source>
        <translation>Not searched: %1</translation>
    </message>
    <message>
        <source> (more: press More)</source>
        <translation> (more: press More)</translation>
    </message>
    <message>
        <source>%1 hit(s) in %2 document(s)</source>
        <translation>%1 hit(s) in %2 document(s)</translation>
    </message>
    <message>
        <source>not yours to label</source>
        <translation>not yours to label</translation>
    </message>
    <message>
        <source>labelled %1</source>
        <translation>labelled %1</translation>
    </message>
    <message>
        <source>overlaps %1</source>
        <translation>overlaps %1</translation>
    </message>
    <message>
        <source>Labelling hits is done in annotate mode (Mode → Annotate).</source>
        <translation>Labelling hits is done in annotate mode (Mode → Annotate).</translation>
    </message>
    <message>
        <source>No hit selected.</source>
        <translation>No hit selected.</translation>
    </message>
    <message>
        <source>Not labelled: %1</source>
        <translation>Not labelled: %1</translation>
    </message>
    <message>
        <source>label %1 hit(s) as %2</source>
        <translation>label %1 hit(s) as %2</translation>
    </message>
    <message>
        <source>%1 span(s) labelled %2.</source>
        <translation>%1 span(s) labelled %2.</translation>
    </message>
    <message>
        <source>Not snapped to words: %1.</source>
        <translation>Not snapped to words: %1.</translation>
    </message>
    <message>
        <source>Failed: %1.</source>
        <translation>Failed: %1.</translation>
    </message>
    <message>
        <source>Label-all undone in %1 document(s).</source>
        <translation>Label-all undone in %1 document(s).</translation>
    </message>
    <message>
        <source>Not undone: %1.</source>
        <translation>Not undone: %1.</translation>
    </message>
    <message>
        <source>undo label-all</source>
        <translation>undo label-all</translation>
    </message>
</context>
<context>
    <name>Conflicts</name>
    <message>
        <source>%1: none of these</source>
        <translation>%1: none of these</translation>
    </message>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <source>%1
state: %2; conflicts: %3
made by: %4</source>
        <translation>%1
state: %2; conflicts: %3
made by: %4</translation>
    </message>
    <message>
        <source>nobody (reviewer)</source>
        <translation>nobody (reviewer)</translation>
    </message>
    <message>
        <source>No document open.</source>
        <translation>No document open.</translation>
    </message>
    <message>
        <source>Nobody has annotated this article yet: nothing to review here.</source>
        <translation>Nobody has annotated this article yet: nothing to review here.</translation>
    </message>
    <message>
        <source>No open conflicts in this article (no annotator has finished it yet).</source>
        <translation>No open conflicts in this article (no annotator has finished it yet).</translation>
    </message>
    <message>
        <source>No open conflicts in this article. Ctrl+J opens the next document to adjudicate.</source>
        <translation>No open conflicts in this article. Ctrl+J opens the next document to adjudicate.</translation>
    </message>
    <message>
        <source>No candidates: the annotators working on this article have not marked anything yet.</source>
        <translation>No candidates: the annotators working on this article have not marked anything yet.</translation>
    </message>
    <message>
        <source>No candidates: the annotators who finished this article marked nothing.</source>
        <translation>No candidates: the annotators who finished this article marked nothing.</translation>
    </message>
    <message>
        <source>%1 (not done)</source>
        <translation>%1 (not done)</translation>
    </message>
    <message>
        <source>Decided by</source>
        <translation>Decided by</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>Show:</translation>
    </message>
    <message>
        <source>Open conflicts</source>
        <translation>Open conflicts</translation>
    </message>
    <message>
        <source>All candidates</source>
        <translation>All candidates</translation>
    </message>
    <message>
        <source>J / K step through the open conflicts either way</source>
        <translation>J / K step through the open conflicts either way</translation>
    </message>
    <message>
        <source>%1 row(s)</source>
        <translation>%1 row(s)</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <source>fewer than two annotators finished any document, so there is nothing to compare</source>
        <translation>fewer than two annotators finished any document, so there is nothing to compare</translation>
    </message>
    <message>
        <source>Compared %1 of %2 document(s).</source>
        <translation>Compared %1 of %2 document(s).</translation>
    </message>
    <message>
        <source>%1 finished by only one annotator</source>
        <translation>%1 finished by only one annotator</translation>
    </message>
    <message>
        <source>%1 not finished by anybody yet</source>
        <translation>%1 not finished by anybody yet</translation>
    </message>
    <message>
        <source>%1 left out because fewer than two annotators finished them</source>
        <translation>%1 left out because fewer than two annotators finished them</translation>
    </message>
    <message>
        <source>%1 span</source>
        <translation>%1 span</translation>
    </message>
    <message>
        <source>span</source>
        <translation>span</translation>
    </message>
    <message>
        <source>nobody finished a document that another annotator finished too</source>
        <translation>nobody finished a document that another annotator finished too</translation>
    </message>
    <message>
        <source>nobody marked any %1 in the compared documents, so there are no spans to compare</source>
        <translation>nobody marked any %1 in the compared documents, so there are no spans to compare</translation>
    </message>
    <message>
        <source>the compared documents have no tokens</source>
        <translation>the compared documents have no tokens</translation>
    </message>
    <message>
        <source>every token has the same tag (nobody marked any %1), so agreement beyond chance is undefined</source>
        <translation>every token has the same tag (nobody marked any %1), so agreement beyond chance is undefined</translation>
    </message>
    <message>
        <source>no relations to compare: no relation involves a %1 span</source>
        <translation>no relations to compare: no relation involves a %1 span</translation>
    </message>
    <message>
        <source>no relations to compare in the compared documents</source>
        <translation>no relations to compare in the compared documents</translation>
    </message>
    <message>
        <source>undefined</source>
        <translation>undefined</translation>
    </message>
    <message>
        <source>%1 and %2 have not both finished any document: nothing to compare</source>
        <translation>%1 and %2 have not both finished any document: nothing to compare</translation>
    </message>
    <message>
        <source>neither marked a %1 in the %2 document(s) both finished</source>
        <translation>neither marked a %1 in the %2 document(s) both finished</translation>
    </message>
    <message>
        <source>every token of the %1 document(s) both finished has the same tag for both: agreement beyond chance is undefined</source>
        <translation>every token of the %1 document(s) both finished has the same tag for both: agreement beyond chance is undefined</translation>
    </message>
    <message>
        <source>no relations in the %1 document(s) both finished</source>
        <translation>no relations in the %1 document(s) both finished</translation>
    </message>
    <message>
        <source>Inter-annotator agreement</source>
        <translation>Inter-annotator agreement</translation>
    </message>
    <message>
        <source>Label:</source>
        <translation>Label:</translation>
    </message>
    <message>
        <source>All labels</source>
        <translation>All labels</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Annotators</source>
        <translation>Annotators</translation>
    </message>
    <message>
        <source>who finished at least one compared document</source>
        <translation>who finished at least one compared document</translation>
    </message>
    <message>
        <source>Documents compared</source>
        <translation>Documents compared</translation>
    </message>
    <message>
        <source>finished by at least two annotators / in the project</source>
        <translation>finished by at least two annotators / in the project</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <source>tokens of the compared documents (project tokenizer)</source>
        <translation>tokens of the compared documents (project tokenizer)</translation>
    </message>
    <message>
        <source>Span F1 (exact)</source>
        <translation>Span F1 (exact)</translation>
    </message>
    <message>
        <source>same start, end and label; pooled over all pairs</source>
        <translation>same start, end and label; pooled over all pairs</translation>
    </message>
    <message>
        <source>Span F1 (overlap)</source>
        <translation>Span F1 (overlap)</translation>
    </message>
    <message>
        <source>overlapping span with the same label counts as found</source>
        <translation>overlapping span with the same label counts as found</translation>
    </message>
    <message>
        <source>Cohen's κ (mean of pairs)</source>
        <translation>Cohen's κ (mean of pairs)</translation>
    </message>
    <message>
        <source>token-level BIO tags, corrected for chance</source>
        <translation>token-level BIO tags, corrected for chance</translation>
    </message>
    <message>
        <source>Krippendorff's α</source>
        <translation>Krippendorff's α</translation>
    </message>
    <message>
        <source>nominal, all annotators, token-level BIO tags; ≥ 0.8 reliable</source>
        <translation>nominal, all annotators, token-level BIO tags; ≥ 0.8 reliable</translation>
    </message>
    <message>
        <source>Relation F1</source>
        <translation>Relation F1</translation>
    </message>
    <message>
        <source>exact (head, tail, label)</source>
        <translation>exact (head, tail, label)</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Overview</translation>
    </message>
    <message>
        <source>Hardest first. Double-click: open the document in review mode</source>
        <translation>Hardest first. Double-click: open the document in review mode</translation>
    </message>
    <message>
        <source>Annotator pairs:</source>
        <translation>Annotator pairs:</translation>
    </message>
    <message>
        <source>Pairs</source>
        <translation>Pairs</translation>
    </message>
    <message>
        <source>Relation types (exact head, tail and label):</source>
        <translation>Relation types (exact head, tail and label):</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>Labels</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Documents</translation>
    </message>
    <message>
        <source>Confusion</source>
        <translation>Confusion</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Progress</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 of %2</translation>
    </message>
    <message>
        <source>Only finished work counts: a document an annotator has not marked done is missing for her (not read as “no entities”). A figure shown as — is undefined, not zero.</source>
        <translation>Only finished work counts: a document an annotator has not marked done is missing for her (not read as “no entities”). A figure shown as — is undefined, not zero.</translation>
    </message>
    <message>
        <source>nobody marked any %1: no spans to compare</source>
        <translation>nobody marked any %1: no spans to compare</translation>
    </message>
    <message>
        <source>only %1 finished it: fewer than two annotators, nothing to compare</source>
        <translation>only %1 finished it: fewer than two annotators, nothing to compare</translation>
    </message>
    <message>
        <source>no annotator has finished this document</source>
        <translation>no annotator has finished this document</translation>
    </message>
</context>
<context>
    <name>DocumentList</name>
    <message>
        <source>Filter title and text…</source>
        <translation>Filter title and text…</translation>
    </message>
    <message>
        <source>All</source>
        <translation>All</translation>
    </message>
    <message>
        <source>Show the documents in one review state</source>
        <translation>Show the documents in one review state</translation>
    </message>
    <message>
        <source>Show the documents with one status (yours)</source>
        <translation>Show the documents with one status (yours)</translation>
    </message>
    <message>
        <source>%1 document(s)</source>
        <translation>%1 document(s)</translation>
    </message>
</context>
<context>
    <name>DocumentTable</name>
    <message>
        <source>todo</source>
        <translation>todo</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>in progress</translation>
    </message>
    <message>
        <source>done</source>
        <translation>done</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>skipped</translation>
    </message>
    <message>
        <source>conflicts</source>
        <translation>conflicts</translation>
    </message>
    <message>
        <source>to merge</source>
        <translation>to merge</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>waiting</translation>
    </message>
    <message>
        <source>adjudicated</source>
        <translation>adjudicated</translation>
    </message>
    <message>
        <source>unannotated</source>
        <translation>unannotated</translation>
    </message>
    <message>
        <source>open conflicts left: the reviewer decides (A / X)</source>
        <translation>open conflicts left: the reviewer decides (A / X)</translation>
    </message>
    <message>
        <source>no conflict left, but a merge would still add what the annotators agree on (Ctrl+M)</source>
        <translation>no conflict left, but a merge would still add what the annotators agree on (Ctrl+M)</translation>
    </message>
    <message>
        <source>annotators are working on it; nobody has finished it yet</source>
        <translation>annotators are working on it; nobody has finished it yet</translation>
    </message>
    <message>
        <source>adjudicated: gold is complete, nothing left to decide</source>
        <translation>adjudicated: gold is complete, nothing left to decide</translation>
    </message>
    <message>
        <source>nobody has annotated it yet</source>
        <translation>nobody has annotated it yet</translation>
    </message>
    <message>
        <source>%1 conflict</source>
        <translation>%1 conflict</translation>
    </message>
    <message>
        <source>%1 conflicts</source>
        <translation>%1 conflicts</translation>
    </message>
    <message>
        <source>%1
%2 · %3 characters</source>
        <translation>%1
%2 · %3 characters</translation>
    </message>
    <message>
        <source>%1 of %2 annotator(s) finished it · %3 candidate(s) · %4 open conflict(s) · %5 gold span(s)</source>
        <translation>%1 of %2 annotator(s) finished it · %3 candidate(s) · %4 open conflict(s) · %5 gold span(s)</translation>
    </message>
</context>
<context>
    <name>Editing</name>
    <message>
        <source>add %1 “%2”</source>
        <translation>add %1 “%2”</translation>
    </message>
    <message>
        <source>delete %1 “%2”</source>
        <translation>delete %1 “%2”</translation>
    </message>
    <message>
        <source>relabel “%1” %2 → %3</source>
        <translation>relabel “%1” %2 → %3</translation>
    </message>
    <message>
        <source>add relation %1</source>
        <translation>add relation %1</translation>
    </message>
    <message>
        <source>delete relation %1</source>
        <translation>delete relation %1</translation>
    </message>
    <message>
        <source>Could not record the time spent: %1</source>
        <translation>Could not record the time spent: %1</translation>
    </message>
    <message>
        <source>undo %1</source>
        <translation>undo %1</translation>
    </message>
    <message>
        <source>redo %1</source>
        <translation>redo %1</translation>
    </message>
    <message>
        <source>marked %1</source>
        <translation>marked %1</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <source>Find in article…</source>
        <translation>Find in article…</translation>
    </message>
    <message>
        <source>Previous (Shift+Enter)</source>
        <translation>Previous (Shift+Enter)</translation>
    </message>
    <message>
        <source>Next (Enter)</source>
        <translation>Next (Enter)</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
    <message>
        <source>not found</source>
        <translation>not found</translation>
    </message>
</context>
<context>
    <name>Guidelines</name>
    <message>
        <source>Guidelines</source>
        <translation>Guidelines</translation>
    </message>
    <message>
        <source>&amp;Guidelines for the current label</source>
        <translation>&amp;Guidelines for the current label</translation>
    </message>
</context>
<context>
    <name>GuidelinesPanel</name>
    <message>
        <source>Search the guidelines…</source>
        <translation>Search the guidelines…</translation>
    </message>
    <message>
        <source>Select a span or a label (or press F1) to see its guideline.</source>
        <translation>Select a span or a label (or press F1) to see its guideline.</translation>
    </message>
    <message>
        <source>No guideline mentions “%1”.</source>
        <translation>No guideline mentions “%1”.</translation>
    </message>
    <message>
        <source>Where “%1” occurs in the corpus</source>
        <translation>Where “%1” occurs in the corpus</translation>
    </message>
    <message>
        <source>Search failed: %1</source>
        <translation>Search failed: %1</translation>
    </message>
</context>
<context>
    <name>LabelPalette</name>
    <message>
        <source>key %1</source>
        <translation>key %1</translation>
    </message>
    <message>
        <source>e.g.</source>
        <translation>e.g.</translation>
    </message>
</context>
<context>
    <name>LabelPreviewDialog</name>
    <message>
        <source>Label hits: preview</source>
        <translation>Label hits: preview</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>&amp;Apply</translation>
    </message>
</context>
<context>
    <name>Live</name>
    <message>
        <source>“%1” was changed elsewhere (another window or program): reopen it to see the changes — an edit here would not be saved</source>
        <translation>“%1” was changed elsewhere (another window or program): reopen it to see the changes — an edit here would not be saved</translation>
    </message>
    <message>
        <source>The database server cannot be reached (%1); reconnecting by itself — edits made meanwhile are NOT saved</source>
        <translation>The database server cannot be reached (%1); reconnecting by itself — edits made meanwhile are NOT saved</translation>
    </message>
    <message>
        <source>Connected to the database again</source>
        <translation>Connected to the database again</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Opening the document list…</source>
        <translation>Opening the document list…</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Documents</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>Labels</translation>
    </message>
    <message>
        <source>Spans</source>
        <translation>Spans</translation>
    </message>
    <message>
        <source>Relations</source>
        <translation>Relations</translation>
    </message>
    <message>
        <source>Switch annotator</source>
        <translation>Switch annotator</translation>
    </message>
    <message>
        <source>Status: %1</source>
        <translation>Status: %1</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>Switch &amp;annotator…</source>
        <translation>Switch &amp;annotator…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Undo</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Redo</translation>
    </message>
    <message>
        <source>&amp;Delete span</source>
        <translation>&amp;Delete span</translation>
    </message>
    <message>
        <source>Delete / Backspace in the article</source>
        <translation>Delete / Backspace in the article</translation>
    </message>
    <message>
        <source>&amp;Relation from selected span</source>
        <translation>&amp;Relation from selected span</translation>
    </message>
    <message>
        <source>R in the article</source>
        <translation>R in the article</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>&amp;Find…</translation>
    </message>
    <message>
        <source>&amp;Document</source>
        <translation>&amp;Document</translation>
    </message>
    <message>
        <source>&amp;Next</source>
        <translation>&amp;Next</translation>
    </message>
    <message>
        <source>&amp;Previous</source>
        <translation>&amp;Previous</translation>
    </message>
    <message>
        <source>Mark &amp;done and open next not done</source>
        <translation>Mark &amp;done and open next not done</translation>
    </message>
    <message>
        <source>&amp;Skip</source>
        <translation>&amp;Skip</translation>
    </message>
    <message>
        <source>Reopen (mark in progress)</source>
        <translation>Reopen (mark in progress)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>Zoom &amp;in</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>Zoom &amp;out</translation>
    </message>
    <message>
        <source>&amp;Mode</source>
        <translation>&amp;Mode</translation>
    </message>
    <message>
        <source>&amp;Annotate</source>
        <translation>&amp;Annotate</translation>
    </message>
    <message>
        <source>&amp;Language (applies at the next start)</source>
        <translation>&amp;Language (applies at the next start)</translation>
    </message>
    <message>
        <source>The window will be in %1 from the next start.</source>
        <translation>The window will be in %1 from the next start.</translation>
    </message>
    <message>
        <source>Relation %1 selected: Delete removes it</source>
        <translation>Relation %1 selected: Delete removes it</translation>
    </message>
    <message>
        <source>Could not open the database:
%1</source>
        <translation>Could not open the database:
%1</translation>
    </message>
    <message>
        <source>Could not open the document: %1</source>
        <translation>Could not open the document: %1</translation>
    </message>
    <message>
        <source>No other document left to do</source>
        <translation>No other document left to do</translation>
    </message>
    <message>
        <source>No other document</source>
        <translation>No other document</translation>
    </message>
    <message>
        <source>Annotator (type a new name to add one):</source>
        <translation>Annotator (type a new name to add one):</translation>
    </message>
    <message>
        <source>switch to annotator %1</source>
        <translation>switch to annotator %1</translation>
    </message>
    <message>
        <source>Annotator: %1 (reviewer)</source>
        <translation>Annotator: %1 (reviewer)</translation>
    </message>
    <message>
        <source>Annotator: %1</source>
        <translation>Annotator: %1</translation>
    </message>
    <message>
        <source>Waiting for the database (another program is writing) to save: %1</source>
        <translation>Waiting for the database (another program is writing) to save: %1</translation>
    </message>
    <message>
        <source>Not done: %1</source>
        <translation>Not done: %1</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>Saved: %1</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>Not saved</translation>
    </message>
    <message>
        <source>The last action was NOT saved.

%1</source>
        <translation>The last action was NOT saved.

%1</translation>
    </message>
    <message>
        <source>Still waiting for the database to save “%1”: close again to give it up (it was not saved)</source>
        <translation>Still waiting for the database to save “%1”: close again to give it up (it was not saved)</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <source>Merge into gold</source>
        <translation>Merge into gold</translation>
    </message>
    <message>
        <source>unanimous — every annotator who finished agrees</source>
        <translation>unanimous — every annotator who finished agrees</translation>
    </message>
    <message>
        <source>majority — more than half of them</source>
        <translation>majority — more than half of them</translation>
    </message>
    <message>
        <source>min-agree — at least N of them</source>
        <translation>min-agree — at least N of them</translation>
    </message>
    <message>
        <source>This document</source>
        <translation>This document</translation>
    </message>
    <message>
        <source>All documents</source>
        <translation>All documents</translation>
    </message>
    <message>
        <source>Policy:</source>
        <translation>Policy:</translation>
    </message>
    <message>
        <source>Documents:</source>
        <translation>Documents:</translation>
    </message>
    <message>
        <source>Your decisions are kept; only the automatic part of gold is recomputed.</source>
        <translation>Your decisions are kept; only the automatic part of gold is recomputed.</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>Merge</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ModelJobs</name>
    <message>
        <source>Cancelled</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>Suggest with a pattern file</source>
        <translation>Suggest with a pattern file</translation>
    </message>
    <message>
        <source>Patterns (*.jsonl *.tsv *.txt);;All files (*)</source>
        <translation>Patterns (*.jsonl *.tsv *.txt);;All files (*)</translation>
    </message>
    <message>
        <source>Suggest with a spaCy model (its folder)</source>
        <translation>Suggest with a spaCy model (its folder)</translation>
    </message>
    <message>
        <source>Loading the patterns…</source>
        <translation>Loading the patterns…</translation>
    </message>
    <message>
        <source>Suggesting with the patterns…</source>
        <translation>Suggesting with the patterns…</translation>
    </message>
    <message>
        <source>Suggest with %1</source>
        <translation>Suggest with %1</translation>
    </message>
    <message>
        <source>Loading the model…</source>
        <translation>Loading the model…</translation>
    </message>
    <message>
        <source>Suggesting with the model…</source>
        <translation>Suggesting with the model…</translation>
    </message>
    <message>
        <source>Train now</source>
        <translation>Train now</translation>
    </message>
    <message>
        <source>Training steps (spaCy NER on the gold sets, else your own set):</source>
        <translation>Training steps (spaCy NER on the gold sets, else your own set):</translation>
    </message>
    <message>
        <source>Exporting the training data…</source>
        <translation>Exporting the training data…</translation>
    </message>
    <message>
        <source>, dev score %1</source>
        <translation>, dev score %1</translation>
    </message>
    <message>
        <source>Training: step %1 of %2</source>
        <translation>Training: step %1 of %2</translation>
    </message>
    <message>
        <source>Loading the new model…</source>
        <translation>Loading the new model…</translation>
    </message>
    <message>
        <source>Suggesting with the new model…</source>
        <translation>Suggesting with the new model…</translation>
    </message>
    <message>
        <source>A model job is still running</source>
        <translation>A model job is still running</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>%1: cancelled</source>
        <translation>%1: cancelled</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 failed: %2</translation>
    </message>
    <message>
        <source>, dev F1 %1</source>
        <translation>, dev F1 %1</translation>
    </message>
    <message>
        <source>model %1</source>
        <translation>model %1</translation>
    </message>
    <message>
        <source>%1 new suggestion(s) on %2 document(s)</source>
        <translation>%1 new suggestion(s) on %2 document(s)</translation>
    </message>
    <message>
        <source>%1 new suggestion(s) on %2 document(s) (%3)</source>
        <translation>%1 new suggestion(s) on %2 document(s) (%3)</translation>
    </message>
</context>
<context>
    <name>Modes</name>
    <message>
        <source>&amp;Review</source>
        <translation>&amp;Review</translation>
    </message>
</context>
<context>
    <name>NotesController</name>
    <message>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>Add &amp;note to this document…</source>
        <translation>Add &amp;note to this document…</translation>
    </message>
    <message>
        <source>Needs &amp;review (flag this document)</source>
        <translation>Needs &amp;review (flag this document)</translation>
    </message>
    <message>
        <source>note on %1</source>
        <translation>note on %1</translation>
    </message>
    <message>
        <source>the document</source>
        <translation>the document</translation>
    </message>
    <message>
        <source>delete note</source>
        <translation>delete note</translation>
    </message>
    <message>
        <source>flag: needs review</source>
        <translation>flag: needs review</translation>
    </message>
    <message>
        <source>flag cleared</source>
        <translation>flag cleared</translation>
    </message>
    <message>
        <source>this document</source>
        <translation>this document</translation>
    </message>
    <message>
        <source>Add note</source>
        <translation>Add note</translation>
    </message>
    <message>
        <source>Note for the reviewer about %1:</source>
        <translation>Note for the reviewer about %1:</translation>
    </message>
    <message>
        <source>Add note to this span…</source>
        <translation>Add note to this span…</translation>
    </message>
    <message>
        <source>Delete note “%1”</source>
        <translation>Delete note “%1”</translation>
    </message>
    <message>
        <source>Add note to this relation…</source>
        <translation>Add note to this relation…</translation>
    </message>
</context>
<context>
    <name>NotesPanel</name>
    <message>
        <source>Filter notes by text…</source>
        <translation>Filter notes by text…</translation>
    </message>
    <message>
        <source>Needs review only</source>
        <translation>Needs review only</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>Author</translation>
    </message>
    <message>
        <source>On</source>
        <translation>On</translation>
    </message>
    <message>
        <source>Needs review</source>
        <translation>Needs review</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>Every author</source>
        <translation>Every author</translation>
    </message>
    <message>
        <source>Notes not read: %1</source>
        <translation>Notes not read: %1</translation>
    </message>
    <message>
        <source>document</source>
        <translation>document</translation>
    </message>
    <message>
        <source>span</source>
        <translation>span</translation>
    </message>
    <message>
        <source>relation</source>
        <translation>relation</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>yes</translation>
    </message>
</context>
<context>
    <name>QLineEdit</name>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Undo</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Redo</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>Cu&amp;t</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Copy</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>&amp;Paste</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>Select All</translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Apply</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>&amp;Yes</source>
        <translation>&amp;Yes</translation>
    </message>
    <message>
        <source>&amp;No</source>
        <translation>&amp;No</translation>
    </message>
</context>
<context>
    <name>ReviewMode</name>
    <message>
        <source>Conflicts</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>Show:</translation>
    </message>
    <message>
        <source>One annotator's layer (or gold) beside the merged view</source>
        <translation>One annotator's layer (or gold) beside the merged view</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Layer</translation>
    </message>
    <message>
        <source>Re&amp;view</source>
        <translation>Re&amp;view</translation>
    </message>
    <message>
        <source>Act as &amp;reviewer</source>
        <translation>Act as &amp;reviewer</translation>
    </message>
    <message>
        <source>Give the current user the reviewer role (stored in the database)</source>
        <translation>Give the current user the reviewer role (stored in the database)</translation>
    </message>
    <message>
        <source>&amp;Next conflict</source>
        <translation>&amp;Next conflict</translation>
    </message>
    <message>
        <source>&amp;Previous conflict</source>
        <translation>&amp;Previous conflict</translation>
    </message>
    <message>
        <source>&amp;Accept</source>
        <translation>&amp;Accept</translation>
    </message>
    <message>
        <source>Accept the selected candidate into gold</source>
        <translation>Accept the selected candidate into gold</translation>
    </message>
    <message>
        <source>Re&amp;ject</source>
        <translation>Re&amp;ject</translation>
    </message>
    <message>
        <source>Reject the selected candidate (kept out of gold)</source>
        <translation>Reject the selected candidate (kept out of gold)</translation>
    </message>
    <message>
        <source>&amp;Edit gold</source>
        <translation>&amp;Edit gold</translation>
    </message>
    <message>
        <source>Label keys, Delete and R edit gold while this is on</source>
        <translation>Label keys, Delete and R edit gold while this is on</translation>
    </message>
    <message>
        <source>&amp;Undo last decision</source>
        <translation>&amp;Undo last decision</translation>
    </message>
    <message>
        <source>R&amp;edo decision</source>
        <translation>R&amp;edo decision</translation>
    </message>
    <message>
        <source>Next &amp;document to adjudicate</source>
        <translation>Next &amp;document to adjudicate</translation>
    </message>
    <message>
        <source>&amp;Merge into gold…</source>
        <translation>&amp;Merge into gold…</translation>
    </message>
    <message>
        <source>A&amp;greement dashboard…</source>
        <translation>A&amp;greement dashboard…</translation>
    </message>
    <message>
        <source>Merge…</source>
        <translation>Merge…</translation>
    </message>
    <message>
        <source>Merge into gold: policy unanimous, majority or min-agree N (Ctrl+M)</source>
        <translation>Merge into gold: policy unanimous, majority or min-agree N (Ctrl+M)</translation>
    </message>
    <message>
        <source>Agreement…</source>
        <translation>Agreement…</translation>
    </message>
    <message>
        <source>Agreement dashboard: how far the annotators agree (Ctrl+Shift+G)</source>
        <translation>Agreement dashboard: how far the annotators agree (Ctrl+Shift+G)</translation>
    </message>
    <message>
        <source>gold: %1</source>
        <translation>gold: %1</translation>
    </message>
    <message>
        <source>Press E (Review → Edit gold) to add, relabel or delete gold spans and relations</source>
        <translation>Press E (Review → Edit gold) to add, relabel or delete gold spans and relations</translation>
    </message>
    <message>
        <source>Review mode: the annotators' work merged, coloured by state</source>
        <translation>Review mode: the annotators' work merged, coloured by state</translation>
    </message>
    <message>
        <source>make %1 %2</source>
        <translation>make %1 %2</translation>
    </message>
    <message>
        <source>%1 is now a reviewer</source>
        <translation>%1 is now a reviewer</translation>
    </message>
    <message>
        <source>%1 is now an annotator</source>
        <translation>%1 is now an annotator</translation>
    </message>
    <message>
        <source>Could not list the documents: %1</source>
        <translation>Could not list the documents: %1</translation>
    </message>
    <message>
        <source>Could not load the review of this document: %1</source>
        <translation>Could not load the review of this document: %1</translation>
    </message>
    <message>
        <source>Review: nobody has annotated this article yet — Ctrl+J opens the next document to adjudicate</source>
        <translation>Review: nobody has annotated this article yet — Ctrl+J opens the next document to adjudicate</translation>
    </message>
    <message>
        <source>Review: no annotator has finished this article yet — %1 candidate(s), all incomplete</source>
        <translation>Review: no annotator has finished this article yet — %1 candidate(s), all incomplete</translation>
    </message>
    <message>
        <source>Review: no conflicts left in this document — Ctrl+M merges, Ctrl+J opens the next one to adjudicate</source>
        <translation>Review: no conflicts left in this document — Ctrl+M merges, Ctrl+J opens the next one to adjudicate</translation>
    </message>
    <message>
        <source>Review: %1 conflict(s) left in this document — J / K to step through them, A accept, X reject</source>
        <translation>Review: %1 conflict(s) left in this document — J / K to step through them, A accept, X reject</translation>
    </message>
    <message>
        <source>Gold</source>
        <translation>Gold</translation>
    </message>
    <message>
        <source>%1 (not done)</source>
        <translation>%1 (not done)</translation>
    </message>
    <message>
        <source>Progress unavailable</source>
        <translation>Progress unavailable</translation>
    </message>
    <message>
        <source>%1 document(s) adjudicated, %2 being annotated (nobody finished), %3 not started</source>
        <translation>%1 document(s) adjudicated, %2 being annotated (nobody finished), %3 not started</translation>
    </message>
    <message>
        <source>Nothing to review yet:
no annotator has finished a document</source>
        <translation>Nothing to review yet:
no annotator has finished a document</translation>
    </message>
    <message>
        <source>%1. Documents appear here once an annotator marks them done.</source>
        <translation>%1. Documents appear here once an annotator marks them done.</translation>
    </message>
    <message>
        <source>%1 conflict(s) left here</source>
        <translation>%1 conflict(s) left here</translation>
    </message>
    <message>
        <source>No document open</source>
        <translation>No document open</translation>
    </message>
    <message>
        <source>%1 of %2 document(s) left to adjudicate</source>
        <translation>%1 of %2 document(s) left to adjudicate</translation>
    </message>
    <message>
        <source>Only a reviewer can open review mode. Tick Review → Act as reviewer, or start with annotator --user NAME --role reviewer</source>
        <translation>Only a reviewer can open review mode. Tick Review → Act as reviewer, or start with annotator --user NAME --role reviewer</translation>
    </message>
    <message>
        <source>Open a document first</source>
        <translation>Open a document first</translation>
    </message>
    <message>
        <source>Not done: %1</source>
        <translation>Not done: %1</translation>
    </message>
    <message>
        <source>No conflicts left in this document — Ctrl+J opens the next document to adjudicate</source>
        <translation>No conflicts left in this document — Ctrl+J opens the next document to adjudicate</translation>
    </message>
    <message>
        <source>Conflict %1 of %2: %3 (%4)</source>
        <translation>Conflict %1 of %2: %3 (%4)</translation>
    </message>
    <message>
        <source>Select a candidate first: J / K, or click a span</source>
        <translation>Select a candidate first: J / K, or click a span</translation>
    </message>
    <message>
        <source>accept %1</source>
        <translation>accept %1</translation>
    </message>
    <message>
        <source>reject %1</source>
        <translation>reject %1</translation>
    </message>
    <message>
        <source>Editing gold: select text + label key adds a span; on a span a label key relabels, Delete deletes, R + click adds a relation. E again to stop.</source>
        <translation>Editing gold: select text + label key adds a span; on a span a label key relabels, Delete deletes, R + click adds a relation. E again to stop.</translation>
    </message>
    <message>
        <source>Editing gold off</source>
        <translation>Editing gold off</translation>
    </message>
    <message>
        <source>Nothing to undo</source>
        <translation>Nothing to undo</translation>
    </message>
    <message>
        <source>Nothing to redo</source>
        <translation>Nothing to redo</translation>
    </message>
    <message>
        <source>undo %1</source>
        <translation>undo %1</translation>
    </message>
    <message>
        <source>redo %1</source>
        <translation>redo %1</translation>
    </message>
    <message>
        <source>The last decision was made on another document</source>
        <translation>The last decision was made on another document</translation>
    </message>
    <message>
        <source>No document left to adjudicate</source>
        <translation>No document left to adjudicate</translation>
    </message>
    <message>
        <source>This is the only document left to adjudicate</source>
        <translation>This is the only document left to adjudicate</translation>
    </message>
    <message>
        <source>merge with %1</source>
        <translation>merge with %1</translation>
    </message>
    <message>
        <source>merged %1 document(s) with %2: +%3/-%4 span(s), %5 conflict(s) left</source>
        <translation>merged %1 document(s) with %2: +%3/-%4 span(s), %5 conflict(s) left</translation>
    </message>
</context>
<context>
    <name>ReviewState</name>
    <message>
        <source>accepted</source>
        <translation>accepted</translation>
    </message>
    <message>
        <source>In gold: accepted by the reviewer, added by the reviewer, or auto-merged</source>
        <translation>In gold: accepted by the reviewer, added by the reviewer, or auto-merged</translation>
    </message>
    <message>
        <source>agreed (not yet in gold)</source>
        <translation>agreed (not yet in gold)</translation>
    </message>
    <message>
        <source>The merge policy accepts it: the next merge puts it in gold</source>
        <translation>The merge policy accepts it: the next merge puts it in gold</translation>
    </message>
    <message>
        <source>disagreement</source>
        <translation>disagreement</translation>
    </message>
    <message>
        <source>Everybody finished and the policy does not accept it: decide (A / X)</source>
        <translation>Everybody finished and the policy does not accept it: decide (A / X)</translation>
    </message>
    <message>
        <source>incomplete</source>
        <translation>incomplete</translation>
    </message>
    <message>
        <source>Some annotator has not finished the document yet</source>
        <translation>Some annotator has not finished the document yet</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>rejected</translation>
    </message>
    <message>
        <source>Rejected by the reviewer (or another label of the extent was accepted)</source>
        <translation>Rejected by the reviewer (or another label of the extent was accepted)</translation>
    </message>
    <message>
        <source>agreed</source>
        <translation>agreed</translation>
    </message>
</context>
<context>
    <name>SaveStatus</name>
    <message>
        <source>⏳ waiting for the database…</source>
        <translation>⏳ waiting for the database…</translation>
    </message>
    <message>
        <source>Nothing to save yet</source>
        <translation>Nothing to save yet</translation>
    </message>
    <message>
        <source>✔ Saved %1</source>
        <translation>✔ Saved %1</translation>
    </message>
    <message>
        <source>✖ NOT SAVED</source>
        <translation>✖ NOT SAVED</translation>
    </message>
    <message>
        <source>Another program is writing to the database; waiting to save: %1</source>
        <translation>Another program is writing to the database; waiting to save: %1</translation>
    </message>
</context>
<context>
    <name>SpanTable</name>
    <message>
        <source>manual</source>
        <translation>manual</translation>
    </message>
    <message>
        <source>pattern</source>
        <translation>pattern</translation>
    </message>
    <message>
        <source>model</source>
        <translation>model</translation>
    </message>
    <message>
        <source>import</source>
        <translation>import</translation>
    </message>
</context>
<context>
    <name>Suggestions</name>
    <message>
        <source>accept %1 “%2”</source>
        <translation>accept %1 “%2”</translation>
    </message>
    <message>
        <source>accept %1 suggestions</source>
        <translation>accept %1 suggestions</translation>
    </message>
    <message>
        <source>Pending suggestions of this article: Tab next, Enter/A accept, X reject, Shift+A accept all shown</source>
        <translation>Pending suggestions of this article: Tab next, Enter/A accept, X reject, Shift+A accept all shown</translation>
    </message>
    <message>
        <source>Hide model suggestions scored below this (pattern matches always show)</source>
        <translation>Hide model suggestions scored below this (pattern matches always show)</translation>
    </message>
    <message>
        <source>min score</source>
        <translation>min score</translation>
    </message>
    <message>
        <source>Mo&amp;del</source>
        <translation>Mo&amp;del</translation>
    </message>
    <message>
        <source>Suggest with &amp;patterns…</source>
        <translation>Suggest with &amp;patterns…</translation>
    </message>
    <message>
        <source>Run a pattern file (spaCy/Prodigy JSONL, or text&lt;TAB&gt;label) over your documents to do</source>
        <translation>Run a pattern file (spaCy/Prodigy JSONL, or text&lt;TAB&gt;label) over your documents to do</translation>
    </message>
    <message>
        <source>Suggest with a &amp;model…</source>
        <translation>Suggest with a &amp;model…</translation>
    </message>
    <message>
        <source>Run a trained spaCy model over your documents to do</source>
        <translation>Run a trained spaCy model over your documents to do</translation>
    </message>
    <message>
        <source>&amp;Train now…</source>
        <translation>&amp;Train now…</translation>
    </message>
    <message>
        <source>Train a model on the gold sets (else your own), then suggest with it</source>
        <translation>Train a model on the gold sets (else your own), then suggest with it</translation>
    </message>
    <message>
        <source>&amp;Accept suggestion	Enter, A</source>
        <translation>&amp;Accept suggestion	Enter, A</translation>
    </message>
    <message>
        <source>In the article: the selected, else the next</source>
        <translation>In the article: the selected, else the next</translation>
    </message>
    <message>
        <source>&amp;Reject suggestion	X</source>
        <translation>&amp;Reject suggestion	X</translation>
    </message>
    <message>
        <source>Accept all &amp;shown	Shift+A</source>
        <translation>Accept all &amp;shown	Shift+A</translation>
    </message>
    <message>
        <source>&amp;Next suggestion	Tab</source>
        <translation>&amp;Next suggestion	Tab</translation>
    </message>
    <message>
        <source>Next document: most &amp;uncertain first</source>
        <translation>Next document: most &amp;uncertain first</translation>
    </message>
    <message>
        <source>Ctrl+Enter and Skip open the document the newest model is least sure of</source>
        <translation>Ctrl+Enter and Skip open the document the newest model is least sure of</translation>
    </message>
    <message>
        <source>Could not read the suggestions: %1</source>
        <translation>Could not read the suggestions: %1</translation>
    </message>
    <message>
        <source>Suggestions: %1</source>
        <translation>Suggestions: %1</translation>
    </message>
    <message>
        <source>Suggestions: %1 (%2 below %3)</source>
        <translation>Suggestions: %1 (%2 below %3)</translation>
    </message>
    <message>
        <source>No suggestion on this article above the threshold</source>
        <translation>No suggestion on this article above the threshold</translation>
    </message>
    <message>
        <source>No suggestion on this article</source>
        <translation>No suggestion on this article</translation>
    </message>
    <message>
        <source>pattern match</source>
        <translation>pattern match</translation>
    </message>
    <message>
        <source>score %1</source>
        <translation>score %1</translation>
    </message>
    <message>
        <source>Suggestion %1 “%2” (%3, %4): Enter/A accept, X reject, Tab next</source>
        <translation>Suggestion %1 “%2” (%3, %4): Enter/A accept, X reject, Tab next</translation>
    </message>
    <message>
        <source>A suggestion of %1: accept it (Enter), click the span and press %2's key to relabel it, or reject it (X)</source>
        <translation>A suggestion of %1: accept it (Enter), click the span and press %2's key to relabel it, or reject it (X)</translation>
    </message>
</context>
<context>
    <name>Tagger</name>
    <message>
        <source>No label on key %1</source>
        <translation>No label on key %1</translation>
    </message>
    <message>
        <source>The selection holds no token</source>
        <translation>The selection holds no token</translation>
    </message>
    <message>
        <source>Select some text (or click a span) first</source>
        <translation>Select some text (or click a span) first</translation>
    </message>
    <message>
        <source>Click a span first, then press Delete</source>
        <translation>Click a span first, then press Delete</translation>
    </message>
    <message>
        <source>Click the head span first, then press R</source>
        <translation>Click the head span first, then press R</translation>
    </message>
    <message>
        <source>Relation from “%1” [%2]: click the target span (Esc cancels)</source>
        <translation>Relation from “%1” [%2]: click the target span (Esc cancels)</translation>
    </message>
    <message>
        <source>Relation cancelled</source>
        <translation>Relation cancelled</translation>
    </message>
    <message>
        <source>The schema allows no relation from %1 to %2</source>
        <translation>The schema allows no relation from %1 to %2</translation>
    </message>
    <message>
        <source> (symmetric)</source>
        <translation> (symmetric)</translation>
    </message>
</context>
<context>
    <name>WriteRunner</name>
    <message>
        <source>Not done: still waiting for the database to save “%1”; try again once it is saved</source>
        <translation>Not done: still waiting for the database to save “%1”; try again once it is saved</translation>
    </message>
</context>
</TS>
