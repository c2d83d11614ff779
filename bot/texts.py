"""What the bot says, in Vietnamese, in one place. Every string here is HTML-safe as written.

Anything interpolated into these strings must be escaped by the caller (render.py does it).
"""

from __future__ import annotations

COMMANDS: list[tuple[str, str]] = [
    ("hoi", "Đặt câu hỏi về văn bản"),
    ("chutri", "Hỏi cơ quan nào chủ trì một nhiệm vụ"),
    ("vanban", "Danh sách văn bản; /vanban <số>: thông tin một văn bản"),
    ("nhiemvu", "Nhiệm vụ của một cơ quan: /nhiemvu Sở Tư pháp"),
    ("hethan", "Nhiệm vụ đến hạn: /hethan, /hethan quý, /hethan 11/2024"),
    ("muc", "Xem nguyên văn một mục: /muc 55-CTr/TU phụ lục 3"),
    ("trangthai", "Tình trạng chỉ mục"),
    ("help", "Hướng dẫn"),
]

HELP = """Tôi trả lời câu hỏi về các văn bản chỉ đạo (nghị quyết, chương trình, kế hoạch, kết luận…) và \
trích <b>nguyên văn</b> đoạn văn bản làm căn cứ, kèm số hiệu, ngày ban hành, cơ quan ban hành và mục/dòng.

<b>Cách hỏi</b>
• Gõ câu hỏi, ví dụ: <i>Theo CTr 55-CTr/TU, ai chủ trì việc đổi mới, nâng cao chất lượng các phiên giải trình, \
chất vấn của HĐND?</i>
• Hỏi tiếp về nhiệm vụ vừa trả lời: <i>còn phối hợp thì sao?</i>, <i>thời hạn?</i>
• Hỏi danh sách: <i>Sở Y tế có những nhiệm vụ gì?</i>, <i>việc nào đến hạn trong quý IV/2021?</i>, \
<i>văn bản nào triển khai Nghị quyết 43?</i>
• Trong nhóm: nhắc tên {mention}, trả lời (reply) tin nhắn của tôi, hoặc dùng lệnh /hoi.

<b>Lệnh</b>
/hoi &lt;câu hỏi&gt; — đặt câu hỏi
/chutri &lt;nhiệm vụ&gt; — cơ quan nào chủ trì nhiệm vụ
/vanban — danh sách văn bản; /vanban &lt;số&gt; — thông tin một văn bản, văn bản nó thực hiện và văn bản triển khai nó
/nhiemvu &lt;cơ quan&gt; — các nhiệm vụ giao cho cơ quan, kèm bảng tính .xlsx, ví dụ /nhiemvu Sở Tư pháp
/hethan — nhiệm vụ đến hạn tháng này và tháng sau; /hethan quý, /hethan 11/2024, /hethan quý IV/2021
/muc &lt;số văn bản&gt; &lt;mục&gt; — nguyên văn một mục, ví dụ /muc 55-CTr/TU phụ lục 3 hoặc /muc 109-NQ/TU III.2
/trangthai — tình trạng chỉ mục"""

HELP_ADMIN = """

<b>Quản trị viên</b>
/reload — nạp lại văn bản (chỉ đọc lại các tệp mới hoặc đã sửa)
/xoa &lt;số hiệu&gt; — gỡ một văn bản khỏi chỉ mục, ví dụ /xoa 78/KH-UBND (tệp gốc được cất lại, không mất)
/thongke [7|30] — thống kê câu hỏi và đánh giá trong 7 (hoặc 30) ngày qua
Gửi tệp .txt, .docx hoặc .pdf (trong tin nhắn riêng) để thêm hoặc thay một văn bản."""

START = "Xin chào! "

USAGE_HOI = "Hãy viết câu hỏi sau lệnh, ví dụ: /hoi ai chủ trì xây dựng Đề án phát triển du lịch?"
USAGE_CHUTRI = (
    "Hãy viết nhiệm vụ sau lệnh, ví dụ: /chutri đổi mới, nâng cao chất lượng các phiên giải trình, chất vấn của HĐND"
)
USAGE_MUC = "Cách dùng: /muc &lt;số văn bản&gt; &lt;mục&gt;, ví dụ /muc 55-CTr/TU phụ lục 3 hoặc /muc 109-NQ/TU III.2"
USAGE_NHIEMVU = (
    "Cách dùng: /nhiemvu &lt;cơ quan&gt; [số văn bản], ví dụ /nhiemvu Sở Tư pháp, /nhiemvu so y te, "
    "/nhiemvu Ban Tuyên giáo 55-CTr/TU"
)
USAGE_HETHAN = (
    "Cách dùng: /hethan (tháng này và tháng sau), /hethan tháng, /hethan quý, /hethan 11/2024, /hethan quý IV/2021"
)
UNKNOWN_DOCUMENT = "Không có văn bản “{reference}” trong kho. Gõ /vanban để xem danh sách."
SPREADSHEET_COMING = "Đang tạo bảng tính…"
EMPTY_MENTION = "Tôi đây. Hãy viết câu hỏi sau tên tôi, hoặc gõ /help để xem hướng dẫn."
UNKNOWN_COMMAND = "Tôi không hiểu lệnh này. Gõ /help để xem các lệnh."

NOT_ALLOWED = "Xin lỗi, trợ lý chưa được mở cho cuộc trò chuyện này. Vui lòng liên hệ quản trị viên."
ADMIN_ONLY = "Xin lỗi, chỉ quản trị viên mới dùng được chức năng này."
UPLOAD_REFUSED = (
    "Cảm ơn bạn đã gửi tệp. Việc thêm văn bản vào kho chỉ dành cho quản trị viên; "
    "nếu văn bản cần được bổ sung, vui lòng gửi cho quản trị viên."
)
TOO_FAST = (
    "Bạn gửi quá nhanh, vui lòng chờ khoảng {seconds} giây rồi hỏi tiếp. "
    "Các câu hỏi gửi dồn trong lúc này sẽ không được trả lời."
)
NO_INDEX = "Chưa có chỉ mục văn bản. Quản trị viên hãy gửi /reload để nạp văn bản."
INDEX_DOWN = "Máy chủ chỉ mục tạm thời không trả lời, vui lòng thử lại sau ít phút."
ERROR = "Xin lỗi, đã có lỗi khi xử lý yêu cầu. Vui lòng thử lại sau ít phút."
BUTTON_EXPIRED = "Nút này đã hết hạn (trợ lý đã khởi động lại). Hãy hỏi lại câu hỏi."
UNDERSTOOD_AS = "<i>Hiểu câu hỏi là: {question}</i>"

RELOAD_STARTED = "Đang nạp lại văn bản…"
RELOAD_BUSY = "Đang nạp lại văn bản; vui lòng đợi lần nạp này xong."
RELOAD_FAILED = "Nạp lại thất bại do lỗi hệ thống; chỉ mục cũ vẫn đang được dùng. Chi tiết đã ghi vào nhật ký."
RELOAD_WAITING = "Đang đợi lần nạp lại hiện tại xong…"

USAGE_XOA = "Cách dùng: /xoa &lt;số hiệu văn bản&gt;, ví dụ /xoa 78/KH-UBND"
REMOVE_STARTED = "Đang gỡ văn bản {number}…"

UPLOAD_TOO_BIG = "Tệp quá lớn ({size} MB); giới hạn là {limit} MB."
UPLOAD_CHECKING = "Đang kiểm tra tệp {name}…"
UPLOAD_REJECTED = "Không nhận tệp {name}: {reason}\nKho văn bản không thay đổi."
UPLOAD_DOWNLOAD_FAILED = "Không tải được tệp từ Telegram. Vui lòng gửi lại."
UPLOAD_SAVED = "Đã lưu tệp {name}{replaced}. Đang nạp lại chỉ mục…"

FEEDBACK_UP = "👍"
FEEDBACK_DOWN = "👎"
FEEDBACK_THANKS = "Cảm ơn bạn đã đánh giá {vote}."
FEEDBACK_CHANGED = "Đã đổi đánh giá của bạn thành {vote}."
FEEDBACK_SAME = "Bạn đã đánh giá {vote} cho câu trả lời này rồi."
FEEDBACK_TOO_OLD = "Câu trả lời này đã quá cũ, không còn nhận đánh giá."
FEEDBACK_NOT_SAVED = "Xin lỗi, chưa ghi được đánh giá của bạn lúc này."
# the reply to this prompt is the reason; the bot finds the answer's number in the replied-to text
REASON_PROMPT = "Câu trả lời #{question_id} chưa đúng ở đâu? Nếu muốn, hãy trả lời tin nhắn này bằng một dòng."
REASON_PLACEHOLDER = "Ví dụ: trích sai mục, thiếu văn bản…"
REASON_SAVED = "Cảm ơn bạn, góp ý đã được ghi lại."

USAGE_THONGKE = "Cách dùng: /thongke [số ngày], ví dụ /thongke 7 hoặc /thongke 30."
STATS_PRIVATE_ONLY = "Thống kê chỉ xem được trong tin nhắn riêng với tôi."
LOG_OFF = "Nhật ký câu hỏi đang tắt (LOG_QUESTIONS=false): không có gì để thống kê."
