<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
<context>
    <name>App</name>
    <message>
        <source>Your name (as an annotator):</source>
        <translation>Tên của bạn (người gán nhãn):</translation>
    </message>
    <message>
        <source>Vietnamese</source>
        <translation>tiếng Việt</translation>
    </message>
    <message>
        <source>Korean</source>
        <translation>tiếng Hàn</translation>
    </message>
    <message>
        <source>no installed font shows %1 letters (they appear as empty boxes); on Debian/Ubuntu: sudo apt-get install %2</source>
        <translation>chưa cài phông chữ nào hiển thị được chữ %1 (chữ sẽ hiện thành ô trống); trên Debian/Ubuntu: sudo apt-get install %2</translation>
    </message>
    <message>
        <source>no role %1 (annotator or reviewer)</source>
        <translation>không có vai trò %1 (annotator hoặc reviewer)</translation>
    </message>
    <message>
        <source>Could not open the database:
%1</source>
        <translation>Không mở được cơ sở dữ liệu:
%1</translation>
    </message>
</context>
<context>
    <name>ArticleView</name>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Sao chép</translation>
    </message>
    <message>
        <source>Select &amp;all</source>
        <translation>Chọn &amp;tất cả</translation>
    </message>
</context>
<context>
    <name>Columns</name>
    <message>
        <source>Title</source>
        <translation>Tiêu đề</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>Spans</source>
        <translation>Đoạn</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Duyệt</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Xong</translation>
    </message>
    <message>
        <source>Head</source>
        <translation>Đầu</translation>
    </message>
    <message>
        <source>Relation</source>
        <translation>Quan hệ</translation>
    </message>
    <message>
        <source>Tail</source>
        <translation>Đích</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Văn bản</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Nhãn</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Từ</translation>
    </message>
    <message>
        <source>End</source>
        <translation>Đến</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Nguồn</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Tình trạng</translation>
    </message>
    <message>
        <source>Annotator</source>
        <translation>Người gán nhãn</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Vai trò</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Tài liệu</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>Đang làm</translation>
    </message>
    <message>
        <source>Todo</source>
        <translation>Chưa làm</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Bỏ qua</translation>
    </message>
    <message>
        <source>Span F1</source>
        <translation>F1 đoạn</translation>
    </message>
    <message>
        <source>Overlap F1</source>
        <translation>F1 chồng lấn</translation>
    </message>
    <message>
        <source>Cohen's κ</source>
        <translation>κ của Cohen</translation>
    </message>
    <message>
        <source>Spans A</source>
        <translation>Đoạn của A</translation>
    </message>
    <message>
        <source>Spans B</source>
        <translation>Đoạn của B</translation>
    </message>
    <message>
        <source>Matched</source>
        <translation>Khớp</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>Mã</translation>
    </message>
    <message>
        <source>Annotators</source>
        <translation>Người gán nhãn</translation>
    </message>
    <message>
        <source>Disagreements</source>
        <translation>Bất đồng</translation>
    </message>
    <message>
        <source>Candidates</source>
        <translation>Ứng viên</translation>
    </message>
    <message>
        <source>Agreed</source>
        <translation>Đồng thuận</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Ghi chú</translation>
    </message>
    <message>
        <source>Relation type</source>
        <translation>Loại quan hệ</translation>
    </message>
    <message>
        <source>Relation F1</source>
        <translation>F1 quan hệ</translation>
    </message>
</context>
<context>
    <name>Concordance</name>
    <message>
        <source>Concordance</source>
        <translation>Tra cứu ngữ cảnh</translation>
    </message>
    <message>
        <source>Search the &amp;corpus…</source>
        <translation>Tìm trong &amp;kho văn bản…</translation>
    </message>
</context>
<context>
    <name>ConcordancePanel</name>
    <message>
        <source>Search the corpus (no case, no accents needed)…</source>
        <translation>Tìm trong kho văn bản (không phân biệt hoa thường, không cần dấu)…</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Tìm</translation>
    </message>
    <message>
        <source>Left context</source>
        <translation>Ngữ cảnh trái</translation>
    </message>
    <message>
        <source>Hit</source>
        <translation>Kết quả</translation>
    </message>
    <message>
        <source>Right context</source>
        <translation>Ngữ cảnh phải</translation>
    </message>
    <message>
        <source>In your set</source>
        <translation>Trong bộ của bạn</translation>
    </message>
    <message>
        <source>Offsets</source>
        <translation>Vị trí</translation>
    </message>
    <message>
        <source>More</source>
        <translation>Thêm</translation>
    </message>
    <message>
        <source>Label selected…</source>
        <translation>Gán nhãn các kết quả đã chọn…</translation>
    </message>
    <message>
        <source>Label all not yet labelled…</source>
        <translation>Gán nhãn mọi kết quả chưa có nhãn…</translation>
    </message>
    <message>
        <source>Undo label-all in other documents</source>
        <translation>Hoàn tác gán nhãn hàng loạt ở các tài liệu khác</translation>
    </message>
    <message>
        <source>Label:</source>
        <translation>Nhãn:</translation>
    </message>
    <message>
        <source>Not searched: %1</source>
        <translation>Chưa tìm: %1</translation>
    </message>
    <message>
        <source> (more: press More)</source>
        <translation> (còn nữa: bấm Thêm)</translation>
    </message>
    <message>
        <source>%1 hit(s) in %2 document(s)</source>
        <translation>%1 kết quả trong %2 tài liệu</translation>
    </message>
    <message>
        <source>not yours to label</source>
        <translation>không thuộc quyền gán nhãn của bạn</translation>
    </message>
    <message>
        <source>labelled %1</source>
        <translation>đã gán nhãn %1</translation>
    </message>
    <message>
        <source>overlaps %1</source>
        <translation>chồng lấn %1</translation>
    </message>
    <message>
        <source>Labelling hits is done in annotate mode (Mode → Annotate).</source>
        <translation>Gán nhãn kết quả được thực hiện ở chế độ gán nhãn (Chế độ → Gán nhãn).</translation>
    </message>
    <message>
        <source>No hit selected.</source>
        <translation>Chưa chọn kết quả nào.</translation>
    </message>
    <message>
        <source>Not labelled: %1</source>
        <translation>Chưa gán nhãn: %1</translation>
    </message>
    <message>
        <source>label %1 hit(s) as %2</source>
        <translation>gán nhãn %2 cho %1 kết quả</translation>
    </message>
    <message>
        <source>%1 span(s) labelled %2.</source>
        <translation>Đã gán nhãn %2 cho %1 đoạn.</translation>
    </message>
    <message>
        <source>Not snapped to words: %1.</source>
        <translation>Không khớp được ranh giới từ: %1.</translation>
    </message>
    <message>
        <source>Failed: %1.</source>
        <translation>Thất bại: %1.</translation>
    </message>
    <message>
        <source>Label-all undone in %1 document(s).</source>
        <translation>Đã hoàn tác gán nhãn hàng loạt trong %1 tài liệu.</translation>
    </message>
    <message>
        <source>Not undone: %1.</source>
        <translation>Không hoàn tác được: %1.</translation>
    </message>
    <message>
        <source>undo label-all</source>
        <translation>hoàn tác gán nhãn hàng loạt</translation>
    </message>
</context>
<context>
    <name>Conflicts</name>
    <message>
        <source>%1: none of these</source>
        <translation>%1: không chọn cái nào</translation>
    </message>
    <message>
        <source>none</source>
        <translation>không có</translation>
    </message>
    <message>
        <source>%1
state: %2; conflicts: %3
made by: %4</source>
        <translation>%1
tình trạng: %2; xung đột: %3
người tạo: %4</translation>
    </message>
    <message>
        <source>nobody (reviewer)</source>
        <translation>không ai (người duyệt)</translation>
    </message>
    <message>
        <source>No document open.</source>
        <translation>Chưa mở tài liệu nào.</translation>
    </message>
    <message>
        <source>Nobody has annotated this article yet: nothing to review here.</source>
        <translation>Chưa ai gán nhãn bài báo này: không có gì để duyệt.</translation>
    </message>
    <message>
        <source>No open conflicts in this article (no annotator has finished it yet).</source>
        <translation>Bài báo này không còn xung đột (chưa người gán nhãn nào làm xong).</translation>
    </message>
    <message>
        <source>No open conflicts in this article. Ctrl+J opens the next document to adjudicate.</source>
        <translation>Bài báo này không còn xung đột. Ctrl+J mở tài liệu tiếp theo cần phân xử.</translation>
    </message>
    <message>
        <source>No candidates: the annotators working on this article have not marked anything yet.</source>
        <translation>Không có ứng viên: những người đang gán nhãn bài báo này chưa đánh dấu gì.</translation>
    </message>
    <message>
        <source>No candidates: the annotators who finished this article marked nothing.</source>
        <translation>Không có ứng viên: những người đã làm xong bài báo này không đánh dấu gì.</translation>
    </message>
    <message>
        <source>%1 (not done)</source>
        <translation>%1 (chưa xong)</translation>
    </message>
    <message>
        <source>Decided by</source>
        <translation>Người quyết định</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>Hiển thị:</translation>
    </message>
    <message>
        <source>Open conflicts</source>
        <translation>Xung đột còn mở</translation>
    </message>
    <message>
        <source>All candidates</source>
        <translation>Mọi ứng viên</translation>
    </message>
    <message>
        <source>J / K step through the open conflicts either way</source>
        <translation>J / K chuyển qua lại giữa các xung đột còn mở</translation>
    </message>
    <message>
        <source>%1 row(s)</source>
        <translation>%1 dòng</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <source>fewer than two annotators finished any document, so there is nothing to compare</source>
        <translation>chưa có tài liệu nào được từ hai người gán nhãn trở lên làm xong, nên không có gì để so sánh</translation>
    </message>
    <message>
        <source>Compared %1 of %2 document(s).</source>
        <translation>Đã so sánh %1 trên %2 tài liệu.</translation>
    </message>
    <message>
        <source>%1 finished by only one annotator</source>
        <translation>%1 chỉ có một người gán nhãn làm xong</translation>
    </message>
    <message>
        <source>%1 not finished by anybody yet</source>
        <translation>%1 chưa ai làm xong</translation>
    </message>
    <message>
        <source>%1 left out because fewer than two annotators finished them</source>
        <translation>%1 bị bỏ ra vì có ít hơn hai người gán nhãn làm xong</translation>
    </message>
    <message>
        <source>%1 span</source>
        <translation>đoạn %1</translation>
    </message>
    <message>
        <source>span</source>
        <translation>đoạn</translation>
    </message>
    <message>
        <source>nobody finished a document that another annotator finished too</source>
        <translation>không có tài liệu nào được hai người gán nhãn cùng làm xong</translation>
    </message>
    <message>
        <source>nobody marked any %1 in the compared documents, so there are no spans to compare</source>
        <translation>không ai đánh dấu %1 nào trong các tài liệu được so sánh, nên không có đoạn nào để so sánh</translation>
    </message>
    <message>
        <source>the compared documents have no tokens</source>
        <translation>các tài liệu được so sánh không có token nào</translation>
    </message>
    <message>
        <source>every token has the same tag (nobody marked any %1), so agreement beyond chance is undefined</source>
        <translation>mọi token có cùng một thẻ (không ai đánh dấu %1 nào), nên độ đồng thuận vượt ngẫu nhiên không xác định</translation>
    </message>
    <message>
        <source>no relations to compare: no relation involves a %1 span</source>
        <translation>không có quan hệ để so sánh: không quan hệ nào liên quan đến đoạn %1</translation>
    </message>
    <message>
        <source>no relations to compare in the compared documents</source>
        <translation>không có quan hệ để so sánh trong các tài liệu được so sánh</translation>
    </message>
    <message>
        <source>undefined</source>
        <translation>không xác định</translation>
    </message>
    <message>
        <source>%1 and %2 have not both finished any document: nothing to compare</source>
        <translation>%1 và %2 chưa cùng làm xong tài liệu nào: không có gì để so sánh</translation>
    </message>
    <message>
        <source>neither marked a %1 in the %2 document(s) both finished</source>
        <translation>cả hai đều không đánh dấu %1 nào trong %2 tài liệu cả hai đã làm xong</translation>
    </message>
    <message>
        <source>every token of the %1 document(s) both finished has the same tag for both: agreement beyond chance is undefined</source>
        <translation>mọi token của %1 tài liệu cả hai đã làm xong đều có cùng thẻ ở cả hai người: độ đồng thuận vượt ngẫu nhiên không xác định</translation>
    </message>
    <message>
        <source>no relations in the %1 document(s) both finished</source>
        <translation>không có quan hệ nào trong %1 tài liệu cả hai đã làm xong</translation>
    </message>
    <message>
        <source>Inter-annotator agreement</source>
        <translation>Độ đồng thuận giữa những người gán nhãn</translation>
    </message>
    <message>
        <source>Label:</source>
        <translation>Nhãn:</translation>
    </message>
    <message>
        <source>All labels</source>
        <translation>Mọi nhãn</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Làm mới</translation>
    </message>
    <message>
        <source>Annotators</source>
        <translation>Người gán nhãn</translation>
    </message>
    <message>
        <source>who finished at least one compared document</source>
        <translation>những người đã làm xong ít nhất một tài liệu được so sánh</translation>
    </message>
    <message>
        <source>Documents compared</source>
        <translation>Tài liệu được so sánh</translation>
    </message>
    <message>
        <source>finished by at least two annotators / in the project</source>
        <translation>được ít nhất hai người gán nhãn làm xong / trong dự án</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>tokens of the compared documents (project tokenizer)</source>
        <translation>token của các tài liệu được so sánh (bộ tách token của dự án)</translation>
    </message>
    <message>
        <source>Span F1 (exact)</source>
        <translation>F1 đoạn (khớp chính xác)</translation>
    </message>
    <message>
        <source>same start, end and label; pooled over all pairs</source>
        <translation>cùng điểm đầu, điểm cuối và nhãn; gộp trên mọi cặp</translation>
    </message>
    <message>
        <source>Span F1 (overlap)</source>
        <translation>F1 đoạn (chồng lấn)</translation>
    </message>
    <message>
        <source>overlapping span with the same label counts as found</source>
        <translation>đoạn chồng lấn có cùng nhãn được tính là tìm thấy</translation>
    </message>
    <message>
        <source>Cohen's κ (mean of pairs)</source>
        <translation>κ của Cohen (trung bình các cặp)</translation>
    </message>
    <message>
        <source>token-level BIO tags, corrected for chance</source>
        <translation>thẻ BIO theo token, đã hiệu chỉnh theo ngẫu nhiên</translation>
    </message>
    <message>
        <source>Krippendorff's α</source>
        <translation>α của Krippendorff</translation>
    </message>
    <message>
        <source>nominal, all annotators, token-level BIO tags; ≥ 0.8 reliable</source>
        <translation>định danh, mọi người gán nhãn, thẻ BIO theo token; ≥ 0,8 là đáng tin cậy</translation>
    </message>
    <message>
        <source>Relation F1</source>
        <translation>F1 quan hệ</translation>
    </message>
    <message>
        <source>exact (head, tail, label)</source>
        <translation>khớp chính xác (đầu, đích, nhãn)</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Tổng quan</translation>
    </message>
    <message>
        <source>Hardest first. Double-click: open the document in review mode</source>
        <translation>Khó nhất trước. Nhấp đúp: mở tài liệu ở chế độ duyệt</translation>
    </message>
    <message>
        <source>Annotator pairs:</source>
        <translation>Các cặp người gán nhãn:</translation>
    </message>
    <message>
        <source>Pairs</source>
        <translation>Cặp</translation>
    </message>
    <message>
        <source>Relation types (exact head, tail and label):</source>
        <translation>Loại quan hệ (khớp chính xác đầu, đích và nhãn):</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>Nhãn</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Tài liệu</translation>
    </message>
    <message>
        <source>Confusion</source>
        <translation>Nhầm lẫn</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Tiến độ</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 trên %2</translation>
    </message>
    <message>
        <source>Only finished work counts: a document an annotator has not marked done is missing for her (not read as “no entities”). A figure shown as — is undefined, not zero.</source>
        <translation>Chỉ tính phần việc đã xong: tài liệu mà người gán nhãn chưa đánh dấu xong được coi là thiếu với người đó (không hiểu là “không có thực thể”). Số liệu hiển thị — là không xác định, không phải bằng 0.</translation>
    </message>
    <message>
        <source>nobody marked any %1: no spans to compare</source>
        <translation>không ai đánh dấu %1 nào: không có đoạn để so sánh</translation>
    </message>
    <message>
        <source>only %1 finished it: fewer than two annotators, nothing to compare</source>
        <translation>chỉ %1 làm xong: ít hơn hai người gán nhãn, không có gì để so sánh</translation>
    </message>
    <message>
        <source>no annotator has finished this document</source>
        <translation>chưa người gán nhãn nào làm xong tài liệu này</translation>
    </message>
</context>
<context>
    <name>DocumentList</name>
    <message>
        <source>Filter title and text…</source>
        <translation>Lọc theo tiêu đề và nội dung…</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Tất cả</translation>
    </message>
    <message>
        <source>Show the documents in one review state</source>
        <translation>Hiển thị các tài liệu ở một tình trạng duyệt</translation>
    </message>
    <message>
        <source>Show the documents with one status (yours)</source>
        <translation>Hiển thị các tài liệu có một trạng thái (của bạn)</translation>
    </message>
    <message>
        <source>%1 document(s)</source>
        <translation>%1 tài liệu</translation>
    </message>
</context>
<context>
    <name>DocumentTable</name>
    <message>
        <source>todo</source>
        <translation>chưa làm</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>đang làm</translation>
    </message>
    <message>
        <source>done</source>
        <translation>đã xong</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>đã bỏ qua</translation>
    </message>
    <message>
        <source>conflicts</source>
        <translation>có xung đột</translation>
    </message>
    <message>
        <source>to merge</source>
        <translation>cần hợp nhất</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>đang chờ</translation>
    </message>
    <message>
        <source>adjudicated</source>
        <translation>đã phân xử</translation>
    </message>
    <message>
        <source>unannotated</source>
        <translation>chưa gán nhãn</translation>
    </message>
    <message>
        <source>open conflicts left: the reviewer decides (A / X)</source>
        <translation>còn xung đột: người duyệt quyết định (A / X)</translation>
    </message>
    <message>
        <source>no conflict left, but a merge would still add what the annotators agree on (Ctrl+M)</source>
        <translation>hết xung đột, nhưng hợp nhất vẫn sẽ thêm những gì người gán nhãn đồng thuận (Ctrl+M)</translation>
    </message>
    <message>
        <source>annotators are working on it; nobody has finished it yet</source>
        <translation>đang có người gán nhãn; chưa ai làm xong</translation>
    </message>
    <message>
        <source>adjudicated: gold is complete, nothing left to decide</source>
        <translation>đã phân xử: bản chuẩn đã hoàn chỉnh, không còn gì phải quyết định</translation>
    </message>
    <message>
        <source>nobody has annotated it yet</source>
        <translation>chưa ai gán nhãn</translation>
    </message>
    <message>
        <source>%1 conflict</source>
        <translation>%1 xung đột</translation>
    </message>
    <message>
        <source>%1 conflicts</source>
        <translation>%1 xung đột</translation>
    </message>
    <message>
        <source>%1
%2 · %3 characters</source>
        <translation>%1
%2 · %3 ký tự</translation>
    </message>
    <message>
        <source>%1 of %2 annotator(s) finished it · %3 candidate(s) · %4 open conflict(s) · %5 gold span(s)</source>
        <translation>%1 trên %2 người gán nhãn đã làm xong · %3 ứng viên · %4 xung đột còn mở · %5 đoạn trong bản chuẩn</translation>
    </message>
</context>
<context>
    <name>Editing</name>
    <message>
        <source>add %1 “%2”</source>
        <translation>thêm %1 “%2”</translation>
    </message>
    <message>
        <source>delete %1 “%2”</source>
        <translation>xóa %1 “%2”</translation>
    </message>
    <message>
        <source>relabel “%1” %2 → %3</source>
        <translation>đổi nhãn “%1” %2 → %3</translation>
    </message>
    <message>
        <source>add relation %1</source>
        <translation>thêm quan hệ %1</translation>
    </message>
    <message>
        <source>delete relation %1</source>
        <translation>xóa quan hệ %1</translation>
    </message>
    <message>
        <source>Could not record the time spent: %1</source>
        <translation>Không ghi được thời gian làm việc: %1</translation>
    </message>
    <message>
        <source>undo %1</source>
        <translation>hoàn tác %1</translation>
    </message>
    <message>
        <source>redo %1</source>
        <translation>làm lại %1</translation>
    </message>
    <message>
        <source>marked %1</source>
        <translation>đã đánh dấu %1</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <source>Find in article…</source>
        <translation>Tìm trong bài báo…</translation>
    </message>
    <message>
        <source>Previous (Shift+Enter)</source>
        <translation>Trước (Shift+Enter)</translation>
    </message>
    <message>
        <source>Next (Enter)</source>
        <translation>Tiếp (Enter)</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>Đóng (Esc)</translation>
    </message>
    <message>
        <source>not found</source>
        <translation>không tìm thấy</translation>
    </message>
</context>
<context>
    <name>Guidelines</name>
    <message>
        <source>Guidelines</source>
        <translation>Hướng dẫn</translation>
    </message>
    <message>
        <source>&amp;Guidelines for the current label</source>
        <translation>&amp;Hướng dẫn cho nhãn hiện tại</translation>
    </message>
</context>
<context>
    <name>GuidelinesPanel</name>
    <message>
        <source>Search the guidelines…</source>
        <translation>Tìm trong hướng dẫn…</translation>
    </message>
    <message>
        <source>Select a span or a label (or press F1) to see its guideline.</source>
        <translation>Chọn một đoạn hoặc một nhãn (hoặc nhấn F1) để xem hướng dẫn.</translation>
    </message>
    <message>
        <source>No guideline mentions “%1”.</source>
        <translation>Không hướng dẫn nào nhắc đến “%1”.</translation>
    </message>
    <message>
        <source>Where “%1” occurs in the corpus</source>
        <translation>Nơi “%1” xuất hiện trong kho văn bản</translation>
    </message>
    <message>
        <source>Search failed: %1</source>
        <translation>Tìm kiếm thất bại: %1</translation>
    </message>
</context>
<context>
    <name>LabelPalette</name>
    <message>
        <source>key %1</source>
        <translation>phím %1</translation>
    </message>
    <message>
        <source>e.g.</source>
        <translation>ví dụ:</translation>
    </message>
</context>
<context>
    <name>LabelPreviewDialog</name>
    <message>
        <source>Label hits: preview</source>
        <translation>Gán nhãn kết quả: xem trước</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>Á&amp;p dụng</translation>
    </message>
</context>
<context>
    <name>Live</name>
    <message>
        <source>“%1” was changed elsewhere (another window or program): reopen it to see the changes — an edit here would not be saved</source>
        <translation>“%1” đã được thay đổi ở nơi khác (cửa sổ hoặc chương trình khác): hãy mở lại để xem thay đổi — chỉnh sửa ở đây sẽ không được lưu</translation>
    </message>
    <message>
        <source>The database server cannot be reached (%1); reconnecting by itself — edits made meanwhile are NOT saved</source>
        <translation>Không kết nối được máy chủ cơ sở dữ liệu (%1); đang tự kết nối lại — chỉnh sửa trong lúc này KHÔNG được lưu</translation>
    </message>
    <message>
        <source>Connected to the database again</source>
        <translation>Đã kết nối lại với cơ sở dữ liệu</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Opening the document list…</source>
        <translation>Đang mở danh sách tài liệu…</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Tài liệu</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>Nhãn</translation>
    </message>
    <message>
        <source>Spans</source>
        <translation>Đoạn</translation>
    </message>
    <message>
        <source>Relations</source>
        <translation>Quan hệ</translation>
    </message>
    <message>
        <source>Switch annotator</source>
        <translation>Đổi người gán nhãn</translation>
    </message>
    <message>
        <source>Status: %1</source>
        <translation>Trạng thái: %1</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Tệp</translation>
    </message>
    <message>
        <source>Switch &amp;annotator…</source>
        <translation>Đổi &amp;người gán nhãn…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>T&amp;hoát</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Chỉnh sửa</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Hoàn tác</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Làm lại</translation>
    </message>
    <message>
        <source>&amp;Delete span</source>
        <translation>&amp;Xóa đoạn</translation>
    </message>
    <message>
        <source>Delete / Backspace in the article</source>
        <translation>Delete / Backspace trong bài báo</translation>
    </message>
    <message>
        <source>&amp;Relation from selected span</source>
        <translation>&amp;Quan hệ từ đoạn đã chọn</translation>
    </message>
    <message>
        <source>R in the article</source>
        <translation>R trong bài báo</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>&amp;Tìm…</translation>
    </message>
    <message>
        <source>&amp;Document</source>
        <translation>Tài &amp;liệu</translation>
    </message>
    <message>
        <source>&amp;Next</source>
        <translation>&amp;Tiếp</translation>
    </message>
    <message>
        <source>&amp;Previous</source>
        <translation>T&amp;rước</translation>
    </message>
    <message>
        <source>Mark &amp;done and open next not done</source>
        <translation>Đánh dấu &amp;xong và mở tài liệu chưa xong tiếp theo</translation>
    </message>
    <message>
        <source>&amp;Skip</source>
        <translation>&amp;Bỏ qua</translation>
    </message>
    <message>
        <source>Reopen (mark in progress)</source>
        <translation>Mở lại (đánh dấu đang làm)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Xem</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>Phóng &amp;to</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>Thu &amp;nhỏ</translation>
    </message>
    <message>
        <source>&amp;Mode</source>
        <translation>C&amp;hế độ</translation>
    </message>
    <message>
        <source>&amp;Annotate</source>
        <translation>&amp;Gán nhãn</translation>
    </message>
    <message>
        <source>&amp;Language (applies at the next start)</source>
        <translation>N&amp;gôn ngữ (áp dụng từ lần khởi động sau)</translation>
    </message>
    <message>
        <source>The window will be in %1 from the next start.</source>
        <translation>Từ lần khởi động sau, cửa sổ sẽ dùng %1.</translation>
    </message>
    <message>
        <source>Relation %1 selected: Delete removes it</source>
        <translation>Đã chọn quan hệ %1: Delete để xóa</translation>
    </message>
    <message>
        <source>Could not open the database:
%1</source>
        <translation>Không mở được cơ sở dữ liệu:
%1</translation>
    </message>
    <message>
        <source>Could not open the document: %1</source>
        <translation>Không mở được tài liệu: %1</translation>
    </message>
    <message>
        <source>No other document left to do</source>
        <translation>Không còn tài liệu nào khác cần làm</translation>
    </message>
    <message>
        <source>No other document</source>
        <translation>Không có tài liệu nào khác</translation>
    </message>
    <message>
        <source>Annotator (type a new name to add one):</source>
        <translation>Người gán nhãn (gõ tên mới để thêm):</translation>
    </message>
    <message>
        <source>switch to annotator %1</source>
        <translation>đổi sang người gán nhãn %1</translation>
    </message>
    <message>
        <source>Annotator: %1 (reviewer)</source>
        <translation>Người gán nhãn: %1 (người duyệt)</translation>
    </message>
    <message>
        <source>Annotator: %1</source>
        <translation>Người gán nhãn: %1</translation>
    </message>
    <message>
        <source>Waiting for the database (another program is writing) to save: %1</source>
        <translation>Đang chờ cơ sở dữ liệu (chương trình khác đang ghi) để lưu: %1</translation>
    </message>
    <message>
        <source>Not done: %1</source>
        <translation>Chưa thực hiện: %1</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>Đã lưu: %1</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>Chưa lưu</translation>
    </message>
    <message>
        <source>The last action was NOT saved.

%1</source>
        <translation>Thao tác vừa rồi CHƯA ĐƯỢC LƯU.

%1</translation>
    </message>
    <message>
        <source>Still waiting for the database to save “%1”: close again to give it up (it was not saved)</source>
        <translation>Vẫn đang chờ cơ sở dữ liệu để lưu “%1”: đóng lần nữa để bỏ qua (thao tác đó chưa được lưu)</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <source>Merge into gold</source>
        <translation>Hợp nhất vào bản chuẩn</translation>
    </message>
    <message>
        <source>unanimous — every annotator who finished agrees</source>
        <translation>nhất trí — mọi người gán nhãn đã làm xong đều đồng ý</translation>
    </message>
    <message>
        <source>majority — more than half of them</source>
        <translation>đa số — hơn một nửa số người</translation>
    </message>
    <message>
        <source>min-agree — at least N of them</source>
        <translation>tối thiểu — ít nhất N người</translation>
    </message>
    <message>
        <source>This document</source>
        <translation>Tài liệu này</translation>
    </message>
    <message>
        <source>All documents</source>
        <translation>Mọi tài liệu</translation>
    </message>
    <message>
        <source>Policy:</source>
        <translation>Chính sách:</translation>
    </message>
    <message>
        <source>Documents:</source>
        <translation>Tài liệu:</translation>
    </message>
    <message>
        <source>Your decisions are kept; only the automatic part of gold is recomputed.</source>
        <translation>Các quyết định của bạn được giữ nguyên; chỉ phần tự động của bản chuẩn được tính lại.</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>Hợp nhất</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
</context>
<context>
    <name>ModelJobs</name>
    <message>
        <source>Cancelled</source>
        <translation>Đã hủy</translation>
    </message>
    <message>
        <source>Suggest with a pattern file</source>
        <translation>Gợi ý bằng tệp mẫu</translation>
    </message>
    <message>
        <source>Patterns (*.jsonl *.tsv *.txt);;All files (*)</source>
        <translation>Tệp mẫu (*.jsonl *.tsv *.txt);;Mọi tệp (*)</translation>
    </message>
    <message>
        <source>Suggest with a spaCy model (its folder)</source>
        <translation>Gợi ý bằng mô hình spaCy (thư mục của mô hình)</translation>
    </message>
    <message>
        <source>Loading the patterns…</source>
        <translation>Đang nạp các mẫu…</translation>
    </message>
    <message>
        <source>Suggesting with the patterns…</source>
        <translation>Đang gợi ý bằng các mẫu…</translation>
    </message>
    <message>
        <source>Suggest with %1</source>
        <translation>Gợi ý bằng %1</translation>
    </message>
    <message>
        <source>Loading the model…</source>
        <translation>Đang nạp mô hình…</translation>
    </message>
    <message>
        <source>Suggesting with the model…</source>
        <translation>Đang gợi ý bằng mô hình…</translation>
    </message>
    <message>
        <source>Train now</source>
        <translation>Huấn luyện ngay</translation>
    </message>
    <message>
        <source>Training steps (spaCy NER on the gold sets, else your own set):</source>
        <translation>Số bước huấn luyện (spaCy NER trên các bộ chuẩn, nếu không thì trên bộ của bạn):</translation>
    </message>
    <message>
        <source>Exporting the training data…</source>
        <translation>Đang xuất dữ liệu huấn luyện…</translation>
    </message>
    <message>
        <source>, dev score %1</source>
        <translation>, điểm trên tập dev %1</translation>
    </message>
    <message>
        <source>Training: step %1 of %2</source>
        <translation>Huấn luyện: bước %1 trên %2</translation>
    </message>
    <message>
        <source>Loading the new model…</source>
        <translation>Đang nạp mô hình mới…</translation>
    </message>
    <message>
        <source>Suggesting with the new model…</source>
        <translation>Đang gợi ý bằng mô hình mới…</translation>
    </message>
    <message>
        <source>A model job is still running</source>
        <translation>Một tác vụ mô hình vẫn đang chạy</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>%1: cancelled</source>
        <translation>%1: đã hủy</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 thất bại: %2</translation>
    </message>
    <message>
        <source>, dev F1 %1</source>
        <translation>, F1 trên tập dev %1</translation>
    </message>
    <message>
        <source>model %1</source>
        <translation>mô hình %1</translation>
    </message>
    <message>
        <source>%1 new suggestion(s) on %2 document(s)</source>
        <translation>%1 gợi ý mới trên %2 tài liệu</translation>
    </message>
    <message>
        <source>%1 new suggestion(s) on %2 document(s) (%3)</source>
        <translation>%1 gợi ý mới trên %2 tài liệu (%3)</translation>
    </message>
</context>
<context>
    <name>Modes</name>
    <message>
        <source>&amp;Review</source>
        <translation>&amp;Duyệt</translation>
    </message>
</context>
<context>
    <name>NotesController</name>
    <message>
        <source>Notes</source>
        <translation>Ghi chú</translation>
    </message>
    <message>
        <source>Add &amp;note to this document…</source>
        <translation>Thêm &amp;ghi chú cho tài liệu này…</translation>
    </message>
    <message>
        <source>Needs &amp;review (flag this document)</source>
        <translation>Cần &amp;duyệt (gắn cờ tài liệu này)</translation>
    </message>
    <message>
        <source>note on %1</source>
        <translation>ghi chú về %1</translation>
    </message>
    <message>
        <source>the document</source>
        <translation>tài liệu</translation>
    </message>
    <message>
        <source>delete note</source>
        <translation>xóa ghi chú</translation>
    </message>
    <message>
        <source>flag: needs review</source>
        <translation>cờ: cần duyệt</translation>
    </message>
    <message>
        <source>flag cleared</source>
        <translation>đã bỏ cờ</translation>
    </message>
    <message>
        <source>this document</source>
        <translation>tài liệu này</translation>
    </message>
    <message>
        <source>Add note</source>
        <translation>Thêm ghi chú</translation>
    </message>
    <message>
        <source>Note for the reviewer about %1:</source>
        <translation>Ghi chú cho người duyệt về %1:</translation>
    </message>
    <message>
        <source>Add note to this span…</source>
        <translation>Thêm ghi chú cho đoạn này…</translation>
    </message>
    <message>
        <source>Delete note “%1”</source>
        <translation>Xóa ghi chú “%1”</translation>
    </message>
    <message>
        <source>Add note to this relation…</source>
        <translation>Thêm ghi chú cho quan hệ này…</translation>
    </message>
</context>
<context>
    <name>NotesPanel</name>
    <message>
        <source>Filter notes by text…</source>
        <translation>Lọc ghi chú theo nội dung…</translation>
    </message>
    <message>
        <source>Needs review only</source>
        <translation>Chỉ những mục cần duyệt</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Ghi chú</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>Tác giả</translation>
    </message>
    <message>
        <source>On</source>
        <translation>Đối tượng</translation>
    </message>
    <message>
        <source>Needs review</source>
        <translation>Cần duyệt</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Thời gian</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Tài liệu</translation>
    </message>
    <message>
        <source>Every author</source>
        <translation>Mọi tác giả</translation>
    </message>
    <message>
        <source>Notes not read: %1</source>
        <translation>Không đọc được ghi chú: %1</translation>
    </message>
    <message>
        <source>document</source>
        <translation>tài liệu</translation>
    </message>
    <message>
        <source>span</source>
        <translation>đoạn</translation>
    </message>
    <message>
        <source>relation</source>
        <translation>quan hệ</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>có</translation>
    </message>
</context>
<context>
    <name>QLineEdit</name>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Hoàn tác</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Làm lại</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>&amp;Cắt</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Sao chép</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>&amp;Dán</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Xóa</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>Chọn tất cả</translation>
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
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Áp dụng</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <source>&amp;Yes</source>
        <translation>&amp;Có</translation>
    </message>
    <message>
        <source>&amp;No</source>
        <translation>&amp;Không</translation>
    </message>
</context>
<context>
    <name>ReviewMode</name>
    <message>
        <source>Conflicts</source>
        <translation>Xung đột</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>Hiển thị:</translation>
    </message>
    <message>
        <source>One annotator's layer (or gold) beside the merged view</source>
        <translation>Lớp của một người gán nhãn (hoặc bản chuẩn) bên cạnh bản gộp</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Lớp</translation>
    </message>
    <message>
        <source>Re&amp;view</source>
        <translation>&amp;Duyệt</translation>
    </message>
    <message>
        <source>Act as &amp;reviewer</source>
        <translation>Làm &amp;người duyệt</translation>
    </message>
    <message>
        <source>Give the current user the reviewer role (stored in the database)</source>
        <translation>Cấp vai trò người duyệt cho người dùng hiện tại (lưu trong cơ sở dữ liệu)</translation>
    </message>
    <message>
        <source>&amp;Next conflict</source>
        <translation>Xung đột &amp;tiếp theo</translation>
    </message>
    <message>
        <source>&amp;Previous conflict</source>
        <translation>Xung đột t&amp;rước</translation>
    </message>
    <message>
        <source>&amp;Accept</source>
        <translation>&amp;Chấp nhận</translation>
    </message>
    <message>
        <source>Accept the selected candidate into gold</source>
        <translation>Chấp nhận ứng viên đã chọn vào bản chuẩn</translation>
    </message>
    <message>
        <source>Re&amp;ject</source>
        <translation>Từ chố&amp;i</translation>
    </message>
    <message>
        <source>Reject the selected candidate (kept out of gold)</source>
        <translation>Từ chối ứng viên đã chọn (không đưa vào bản chuẩn)</translation>
    </message>
    <message>
        <source>&amp;Edit gold</source>
        <translation>&amp;Sửa bản chuẩn</translation>
    </message>
    <message>
        <source>Label keys, Delete and R edit gold while this is on</source>
        <translation>Khi bật, phím nhãn, Delete và R sẽ sửa bản chuẩn</translation>
    </message>
    <message>
        <source>&amp;Undo last decision</source>
        <translation>&amp;Hoàn tác quyết định vừa rồi</translation>
    </message>
    <message>
        <source>R&amp;edo decision</source>
        <translation>&amp;Làm lại quyết định</translation>
    </message>
    <message>
        <source>Next &amp;document to adjudicate</source>
        <translation>Tài liệu tiếp theo cần &amp;phân xử</translation>
    </message>
    <message>
        <source>&amp;Merge into gold…</source>
        <translation>Hợp nhất &amp;vào bản chuẩn…</translation>
    </message>
    <message>
        <source>A&amp;greement dashboard…</source>
        <translation>&amp;Bảng độ đồng thuận…</translation>
    </message>
    <message>
        <source>Merge…</source>
        <translation>Hợp nhất…</translation>
    </message>
    <message>
        <source>Merge into gold: policy unanimous, majority or min-agree N (Ctrl+M)</source>
        <translation>Hợp nhất vào bản chuẩn: chính sách nhất trí, đa số hoặc tối thiểu N (Ctrl+M)</translation>
    </message>
    <message>
        <source>Agreement…</source>
        <translation>Độ đồng thuận…</translation>
    </message>
    <message>
        <source>Agreement dashboard: how far the annotators agree (Ctrl+Shift+G)</source>
        <translation>Bảng độ đồng thuận: mức độ nhất trí giữa những người gán nhãn (Ctrl+Shift+G)</translation>
    </message>
    <message>
        <source>gold: %1</source>
        <translation>bản chuẩn: %1</translation>
    </message>
    <message>
        <source>Press E (Review → Edit gold) to add, relabel or delete gold spans and relations</source>
        <translation>Nhấn E (Duyệt → Sửa bản chuẩn) để thêm, đổi nhãn hoặc xóa đoạn và quan hệ trong bản chuẩn</translation>
    </message>
    <message>
        <source>Review mode: the annotators' work merged, coloured by state</source>
        <translation>Chế độ duyệt: phần việc của những người gán nhãn được gộp lại, tô màu theo tình trạng</translation>
    </message>
    <message>
        <source>make %1 %2</source>
        <translation>đặt %1 làm %2</translation>
    </message>
    <message>
        <source>%1 is now a reviewer</source>
        <translation>%1 giờ là người duyệt</translation>
    </message>
    <message>
        <source>%1 is now an annotator</source>
        <translation>%1 giờ là người gán nhãn</translation>
    </message>
    <message>
        <source>Could not list the documents: %1</source>
        <translation>Không liệt kê được các tài liệu: %1</translation>
    </message>
    <message>
        <source>Could not load the review of this document: %1</source>
        <translation>Không nạp được phần duyệt của tài liệu này: %1</translation>
    </message>
    <message>
        <source>Review: nobody has annotated this article yet — Ctrl+J opens the next document to adjudicate</source>
        <translation>Duyệt: chưa ai gán nhãn bài báo này — Ctrl+J mở tài liệu tiếp theo cần phân xử</translation>
    </message>
    <message>
        <source>Review: no annotator has finished this article yet — %1 candidate(s), all incomplete</source>
        <translation>Duyệt: chưa người gán nhãn nào làm xong bài báo này — %1 ứng viên, tất cả chưa hoàn tất</translation>
    </message>
    <message>
        <source>Review: no conflicts left in this document — Ctrl+M merges, Ctrl+J opens the next one to adjudicate</source>
        <translation>Duyệt: tài liệu này không còn xung đột — Ctrl+M để hợp nhất, Ctrl+J mở tài liệu tiếp theo cần phân xử</translation>
    </message>
    <message>
        <source>Review: %1 conflict(s) left in this document — J / K to step through them, A accept, X reject</source>
        <translation>Duyệt: tài liệu này còn %1 xung đột — J / K để chuyển qua lại, A chấp nhận, X từ chối</translation>
    </message>
    <message>
        <source>Gold</source>
        <translation>Bản chuẩn</translation>
    </message>
    <message>
        <source>%1 (not done)</source>
        <translation>%1 (chưa xong)</translation>
    </message>
    <message>
        <source>Progress unavailable</source>
        <translation>Không có thông tin tiến độ</translation>
    </message>
    <message>
        <source>%1 document(s) adjudicated, %2 being annotated (nobody finished), %3 not started</source>
        <translation>%1 tài liệu đã phân xử, %2 đang được gán nhãn (chưa ai xong), %3 chưa bắt đầu</translation>
    </message>
    <message>
        <source>Nothing to review yet:
no annotator has finished a document</source>
        <translation>Chưa có gì để duyệt:
chưa người gán nhãn nào làm xong tài liệu</translation>
    </message>
    <message>
        <source>%1. Documents appear here once an annotator marks them done.</source>
        <translation>%1. Tài liệu sẽ xuất hiện ở đây khi có người gán nhãn đánh dấu xong.</translation>
    </message>
    <message>
        <source>%1 conflict(s) left here</source>
        <translation>Còn %1 xung đột ở đây</translation>
    </message>
    <message>
        <source>No document open</source>
        <translation>Chưa mở tài liệu nào</translation>
    </message>
    <message>
        <source>%1 of %2 document(s) left to adjudicate</source>
        <translation>Còn %1 trên %2 tài liệu cần phân xử</translation>
    </message>
    <message>
        <source>Only a reviewer can open review mode. Tick Review → Act as reviewer, or start with annotator --user NAME --role reviewer</source>
        <translation>Chỉ người duyệt mới mở được chế độ duyệt. Chọn Duyệt → Làm người duyệt, hoặc khởi động bằng annotator --user TÊN --role reviewer</translation>
    </message>
    <message>
        <source>Open a document first</source>
        <translation>Hãy mở một tài liệu trước</translation>
    </message>
    <message>
        <source>Not done: %1</source>
        <translation>Chưa thực hiện: %1</translation>
    </message>
    <message>
        <source>No conflicts left in this document — Ctrl+J opens the next document to adjudicate</source>
        <translation>Tài liệu này không còn xung đột — Ctrl+J mở tài liệu tiếp theo cần phân xử</translation>
    </message>
    <message>
        <source>Conflict %1 of %2: %3 (%4)</source>
        <translation>Xung đột %1 trên %2: %3 (%4)</translation>
    </message>
    <message>
        <source>Select a candidate first: J / K, or click a span</source>
        <translation>Hãy chọn một ứng viên trước: J / K, hoặc nhấp vào một đoạn</translation>
    </message>
    <message>
        <source>accept %1</source>
        <translation>chấp nhận %1</translation>
    </message>
    <message>
        <source>reject %1</source>
        <translation>từ chối %1</translation>
    </message>
    <message>
        <source>Editing gold: select text + label key adds a span; on a span a label key relabels, Delete deletes, R + click adds a relation. E again to stop.</source>
        <translation>Đang sửa bản chuẩn: chọn văn bản + phím nhãn để thêm đoạn; trên một đoạn, phím nhãn để đổi nhãn, Delete để xóa, R + nhấp để thêm quan hệ. Nhấn E lần nữa để dừng.</translation>
    </message>
    <message>
        <source>Editing gold off</source>
        <translation>Đã tắt sửa bản chuẩn</translation>
    </message>
    <message>
        <source>Nothing to undo</source>
        <translation>Không có gì để hoàn tác</translation>
    </message>
    <message>
        <source>Nothing to redo</source>
        <translation>Không có gì để làm lại</translation>
    </message>
    <message>
        <source>undo %1</source>
        <translation>hoàn tác %1</translation>
    </message>
    <message>
        <source>redo %1</source>
        <translation>làm lại %1</translation>
    </message>
    <message>
        <source>The last decision was made on another document</source>
        <translation>Quyết định gần nhất được đưa ra trên một tài liệu khác</translation>
    </message>
    <message>
        <source>No document left to adjudicate</source>
        <translation>Không còn tài liệu nào cần phân xử</translation>
    </message>
    <message>
        <source>This is the only document left to adjudicate</source>
        <translation>Đây là tài liệu duy nhất còn cần phân xử</translation>
    </message>
    <message>
        <source>merge with %1</source>
        <translation>hợp nhất theo %1</translation>
    </message>
    <message>
        <source>merged %1 document(s) with %2: +%3/-%4 span(s), %5 conflict(s) left</source>
        <translation>đã hợp nhất %1 tài liệu theo %2: +%3/-%4 đoạn, còn %5 xung đột</translation>
    </message>
</context>
<context>
    <name>ReviewState</name>
    <message>
        <source>accepted</source>
        <translation>đã chấp nhận</translation>
    </message>
    <message>
        <source>In gold: accepted by the reviewer, added by the reviewer, or auto-merged</source>
        <translation>Trong bản chuẩn: được người duyệt chấp nhận, do người duyệt thêm, hoặc tự động hợp nhất</translation>
    </message>
    <message>
        <source>agreed (not yet in gold)</source>
        <translation>đồng thuận (chưa vào bản chuẩn)</translation>
    </message>
    <message>
        <source>The merge policy accepts it: the next merge puts it in gold</source>
        <translation>Chính sách hợp nhất chấp nhận: lần hợp nhất tới sẽ đưa vào bản chuẩn</translation>
    </message>
    <message>
        <source>disagreement</source>
        <translation>bất đồng</translation>
    </message>
    <message>
        <source>Everybody finished and the policy does not accept it: decide (A / X)</source>
        <translation>Mọi người đã làm xong và chính sách không chấp nhận: hãy quyết định (A / X)</translation>
    </message>
    <message>
        <source>incomplete</source>
        <translation>chưa hoàn tất</translation>
    </message>
    <message>
        <source>Some annotator has not finished the document yet</source>
        <translation>Có người gán nhãn chưa làm xong tài liệu</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>đã từ chối</translation>
    </message>
    <message>
        <source>Rejected by the reviewer (or another label of the extent was accepted)</source>
        <translation>Bị người duyệt từ chối (hoặc một nhãn khác trên cùng đoạn đã được chấp nhận)</translation>
    </message>
    <message>
        <source>agreed</source>
        <translation>đồng thuận</translation>
    </message>
</context>
<context>
    <name>SaveStatus</name>
    <message>
        <source>⏳ waiting for the database…</source>
        <translation>⏳ đang chờ cơ sở dữ liệu…</translation>
    </message>
    <message>
        <source>Nothing to save yet</source>
        <translation>Chưa có gì để lưu</translation>
    </message>
    <message>
        <source>✔ Saved %1</source>
        <translation>✔ Đã lưu %1</translation>
    </message>
    <message>
        <source>✖ NOT SAVED</source>
        <translation>✖ CHƯA LƯU</translation>
    </message>
    <message>
        <source>Another program is writing to the database; waiting to save: %1</source>
        <translation>Một chương trình khác đang ghi vào cơ sở dữ liệu; đang chờ để lưu: %1</translation>
    </message>
</context>
<context>
    <name>SpanTable</name>
    <message>
        <source>manual</source>
        <translation>thủ công</translation>
    </message>
    <message>
        <source>pattern</source>
        <translation>mẫu</translation>
    </message>
    <message>
        <source>model</source>
        <translation>mô hình</translation>
    </message>
    <message>
        <source>import</source>
        <translation>nhập</translation>
    </message>
</context>
<context>
    <name>Suggestions</name>
    <message>
        <source>accept %1 “%2”</source>
        <translation>chấp nhận %1 “%2”</translation>
    </message>
    <message>
        <source>accept %1 suggestions</source>
        <translation>chấp nhận %1 gợi ý</translation>
    </message>
    <message>
        <source>Pending suggestions of this article: Tab next, Enter/A accept, X reject, Shift+A accept all shown</source>
        <translation>Gợi ý đang chờ của bài báo này: Tab tiếp theo, Enter/A chấp nhận, X từ chối, Shift+A chấp nhận mọi gợi ý đang hiện</translation>
    </message>
    <message>
        <source>Hide model suggestions scored below this (pattern matches always show)</source>
        <translation>Ẩn gợi ý của mô hình có điểm dưới mức này (kết quả khớp mẫu luôn hiện)</translation>
    </message>
    <message>
        <source>min score</source>
        <translation>điểm tối thiểu</translation>
    </message>
    <message>
        <source>Mo&amp;del</source>
        <translation>&amp;Mô hình</translation>
    </message>
    <message>
        <source>Suggest with &amp;patterns…</source>
        <translation>Gợi ý bằng &amp;mẫu…</translation>
    </message>
    <message>
        <source>Run a pattern file (spaCy/Prodigy JSONL, or text&lt;TAB&gt;label) over your documents to do</source>
        <translation>Chạy một tệp mẫu (spaCy/Prodigy JSONL, hoặc văn bản&lt;TAB&gt;nhãn) trên các tài liệu bạn cần làm</translation>
    </message>
    <message>
        <source>Suggest with a &amp;model…</source>
        <translation>Gợi ý bằng mô hì&amp;nh…</translation>
    </message>
    <message>
        <source>Run a trained spaCy model over your documents to do</source>
        <translation>Chạy một mô hình spaCy đã huấn luyện trên các tài liệu bạn cần làm</translation>
    </message>
    <message>
        <source>&amp;Train now…</source>
        <translation>Huấn &amp;luyện ngay…</translation>
    </message>
    <message>
        <source>Train a model on the gold sets (else your own), then suggest with it</source>
        <translation>Huấn luyện mô hình trên các bộ chuẩn (nếu không thì trên bộ của bạn), rồi gợi ý bằng mô hình đó</translation>
    </message>
    <message>
        <source>&amp;Accept suggestion	Enter, A</source>
        <translation>&amp;Chấp nhận gợi ý	Enter, A</translation>
    </message>
    <message>
        <source>In the article: the selected, else the next</source>
        <translation>Trong bài báo: gợi ý đang chọn, nếu không thì gợi ý tiếp theo</translation>
    </message>
    <message>
        <source>&amp;Reject suggestion	X</source>
        <translation>&amp;Từ chối gợi ý	X</translation>
    </message>
    <message>
        <source>Accept all &amp;shown	Shift+A</source>
        <translation>Chấp nhận mọi gợi ý đang &amp;hiện	Shift+A</translation>
    </message>
    <message>
        <source>&amp;Next suggestion	Tab</source>
        <translation>Gợi ý tiếp th&amp;eo	Tab</translation>
    </message>
    <message>
        <source>Next document: most &amp;uncertain first</source>
        <translation>Tài liệu tiếp theo: &amp;kém chắc chắn nhất trước</translation>
    </message>
    <message>
        <source>Ctrl+Enter and Skip open the document the newest model is least sure of</source>
        <translation>Ctrl+Enter và Bỏ qua sẽ mở tài liệu mà mô hình mới nhất kém chắc chắn nhất</translation>
    </message>
    <message>
        <source>Could not read the suggestions: %1</source>
        <translation>Không đọc được các gợi ý: %1</translation>
    </message>
    <message>
        <source>Suggestions: %1</source>
        <translation>Gợi ý: %1</translation>
    </message>
    <message>
        <source>Suggestions: %1 (%2 below %3)</source>
        <translation>Gợi ý: %1 (%2 dưới %3)</translation>
    </message>
    <message>
        <source>No suggestion on this article above the threshold</source>
        <translation>Bài báo này không có gợi ý nào trên ngưỡng</translation>
    </message>
    <message>
        <source>No suggestion on this article</source>
        <translation>Bài báo này không có gợi ý nào</translation>
    </message>
    <message>
        <source>pattern match</source>
        <translation>khớp mẫu</translation>
    </message>
    <message>
        <source>score %1</source>
        <translation>điểm %1</translation>
    </message>
    <message>
        <source>Suggestion %1 “%2” (%3, %4): Enter/A accept, X reject, Tab next</source>
        <translation>Gợi ý %1 “%2” (%3, %4): Enter/A chấp nhận, X từ chối, Tab tiếp theo</translation>
    </message>
    <message>
        <source>A suggestion of %1: accept it (Enter), click the span and press %2's key to relabel it, or reject it (X)</source>
        <translation>Một gợi ý %1: chấp nhận (Enter), nhấp vào đoạn và nhấn phím của %2 để đổi nhãn, hoặc từ chối (X)</translation>
    </message>
</context>
<context>
    <name>Tagger</name>
    <message>
        <source>No label on key %1</source>
        <translation>Không có nhãn nào gắn với phím %1</translation>
    </message>
    <message>
        <source>The selection holds no token</source>
        <translation>Vùng chọn không chứa token nào</translation>
    </message>
    <message>
        <source>Select some text (or click a span) first</source>
        <translation>Hãy chọn văn bản (hoặc nhấp vào một đoạn) trước</translation>
    </message>
    <message>
        <source>Click a span first, then press Delete</source>
        <translation>Hãy nhấp vào một đoạn trước, rồi nhấn Delete</translation>
    </message>
    <message>
        <source>Click the head span first, then press R</source>
        <translation>Hãy nhấp vào đoạn đầu trước, rồi nhấn R</translation>
    </message>
    <message>
        <source>Relation from “%1” [%2]: click the target span (Esc cancels)</source>
        <translation>Quan hệ từ “%1” [%2]: nhấp vào đoạn đích (Esc để hủy)</translation>
    </message>
    <message>
        <source>Relation cancelled</source>
        <translation>Đã hủy tạo quan hệ</translation>
    </message>
    <message>
        <source>The schema allows no relation from %1 to %2</source>
        <translation>Lược đồ không cho phép quan hệ nào từ %1 đến %2</translation>
    </message>
    <message>
        <source> (symmetric)</source>
        <translation> (đối xứng)</translation>
    </message>
</context>
<context>
    <name>WriteRunner</name>
    <message>
        <source>Not done: still waiting for the database to save “%1”; try again once it is saved</source>
        <translation>Chưa thực hiện: vẫn đang chờ cơ sở dữ liệu để lưu “%1”; hãy thử lại khi đã lưu xong</translation>
    </message>
</context>
</TS>
