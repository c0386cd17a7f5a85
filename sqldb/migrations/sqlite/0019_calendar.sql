-- The working-day calendar (package calendar): the exceptions to the
-- Monday–Friday week, one row a day, each with its citation. A day is a
-- date in Vietnam written YYYY-MM-DD. Shipped: 2025, 2026 and 2027 (lunar
-- dates entered, not computed); an administrator edits them at
-- /settings/calendar. updated_at is NULL for a day shipped here.
CREATE TABLE calendar_days (
    id          INTEGER PRIMARY KEY,
    day         TEXT NOT NULL UNIQUE CHECK (length(day) = 10),
    kind        TEXT NOT NULL CHECK (kind IN ('holiday', 'day_off', 'work_day')),
    name        TEXT NOT NULL,
    legal_basis TEXT NOT NULL DEFAULT '',
    updated_by  INTEGER,
    updated_at  TIMESTAMP
);

INSERT INTO calendar_days (day, kind, name, legal_basis) VALUES
    ('2025-01-01', 'holiday', 'Tết Dương lịch', 'Bộ luật Lao động 2019, Điều 112 khoản 1 điểm a'),
    ('2025-01-27', 'holiday', 'Tết Nguyên đán Ất Tỵ (28 tháng Chạp)', 'Bộ luật Lao động 2019, Điều 112 khoản 1 điểm b, khoản 3; Văn bản 8726/VPCP-KGVX ngày 26/11/2024 truyền đạt ý kiến của Thủ tướng về nghỉ Tết Âm lịch và một số dịp nghỉ lễ năm 2025: nghỉ từ 25/01 đến hết 02/02/2025'),
    ('2025-01-28', 'holiday', 'Tết Nguyên đán Ất Tỵ (29 tháng Chạp)', 'Bộ luật Lao động 2019, Điều 112 khoản 1 điểm b, khoản 3; Văn bản 8726/VPCP-KGVX ngày 26/11/2024 truyền đạt ý kiến của Thủ tướng về nghỉ Tết Âm lịch và một số dịp nghỉ lễ năm 2025: nghỉ từ 25/01 đến hết 02/02/2025'),
    ('2025-01-29', 'holiday', 'Tết Nguyên đán Ất Tỵ (mùng 1 Tết)', 'Bộ luật Lao động 2019, Điều 112 khoản 1 điểm b, khoản 3; Văn bản 8726/VPCP-KGVX ngày 26/11/2024 truyền đạt ý kiến của Thủ tướng về nghỉ Tết Âm lịch và một số dịp nghỉ lễ năm 2025: nghỉ từ 25/01 đến hết 02/02/2025'),
    ('2025-01-30', 'holiday', 'Tết Nguyên đán Ất Tỵ (mùng 2 Tết)', 'Bộ luật Lao động 2019, Điều 112 khoản 1 điểm b, khoản 3; Văn bản 8726/VPCP-KGVX ngày 26/11/2024 truyền đạt ý kiến của Thủ tướng về nghỉ Tết Âm lịch và một số dịp nghỉ lễ năm 2025: nghỉ từ 25/01 đến hết 02/02/2025'),
    ('2025-01-31', 'holiday', 'Tết Nguyên đán Ất Tỵ (mùng 3 Tết)', 'Bộ luật Lao động 2019, Điều 112 khoản 1 điểm b, khoản 3; Văn bản 8726/VPCP-KGVX ngày 26/11/2024 truyền đạt ý kiến của Thủ tướng về nghỉ Tết Âm lịch và một số dịp nghỉ lễ năm 2025: nghỉ từ 25/01 đến hết 02/02/2025'),
    ('2025-04-07', 'holiday', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', 'Bộ luật Lao động 2019, Điều 112 khoản 1 điểm e'),
    ('2025-04-26', 'work_day', 'Làm việc bù cho thứ Sáu 02/5/2025', 'Văn bản 8726/VPCP-KGVX ngày 26/11/2024 truyền đạt ý kiến của Thủ tướng về nghỉ Tết Âm lịch và một số dịp nghỉ lễ năm 2025: hoán đổi ngày làm việc thứ Sáu 02/5/2025 sang thứ Bảy 26/4/2025'),
    ('2025-04-30', 'holiday', 'Ngày Chiến thắng (30/4)', 'Bộ luật Lao động 2019, Điều 112 khoản 1 điểm c'),
    ('2025-05-01', 'holiday', 'Ngày Quốc tế lao động (1/5)', 'Bộ luật Lao động 2019, Điều 112 khoản 1 điểm d'),
    ('2025-05-02', 'day_off', 'Nghỉ hoán đổi dịp 30/4 – 1/5 (làm bù thứ Bảy 26/4/2025)', 'Văn bản 8726/VPCP-KGVX ngày 26/11/2024 truyền đạt ý kiến của Thủ tướng về nghỉ Tết Âm lịch và một số dịp nghỉ lễ năm 2025: hoán đổi ngày làm việc thứ Sáu 02/5/2025 sang thứ Bảy 26/4/2025'),
    ('2025-09-01', 'holiday', 'Quốc khánh (ngày liền kề trước 2/9)', 'Bộ luật Lao động 2019, Điều 112 khoản 1 điểm đ, khoản 3; Văn bản 8726/VPCP-KGVX ngày 26/11/2024 truyền đạt ý kiến của Thủ tướng về nghỉ Tết Âm lịch và một số dịp nghỉ lễ năm 2025'),
    ('2025-09-02', 'holiday', 'Quốc khánh (2/9)', 'Bộ luật Lao động 2019, Điều 112 khoản 1 điểm đ'),
    ('2026-01-01', 'holiday', 'Tết Dương lịch', 'Bộ luật Lao động 2019, Điều 112 khoản 1 điểm a'),
    ('2026-01-02', 'day_off', 'Nghỉ hoán đổi dịp Tết Dương lịch (làm bù thứ Bảy 10/01/2026)', 'Văn bản 12729/VPCP-KGVX ngày 25/12/2025 truyền đạt ý kiến của Phó Thủ tướng Phạm Thị Thanh Trà về nghỉ Tết Dương lịch năm 2026: hoán đổi ngày làm việc thứ Sáu 02/01/2026 sang thứ Bảy 10/01/2026'),
    ('2026-01-10', 'work_day', 'Làm việc bù cho thứ Sáu 02/01/2026', 'Văn bản 12729/VPCP-KGVX ngày 25/12/2025 truyền đạt ý kiến của Phó Thủ tướng Phạm Thị Thanh Trà về nghỉ Tết Dương lịch năm 2026: hoán đổi ngày làm việc thứ Sáu 02/01/2026 sang thứ Bảy 10/01/2026'),
    ('2026-02-16', 'holiday', 'Tết Nguyên đán Bính Ngọ (29 tháng Chạp)', 'Bộ luật Lao động 2019, Điều 112 khoản 1 điểm b, khoản 3; văn bản của Văn phòng Chính phủ (tháng 10/2025) truyền đạt ý kiến của Thủ tướng về nghỉ Tết Âm lịch và Quốc khánh năm 2026 [cần kiểm tra số, ngày văn bản]: nghỉ từ 14/02 đến hết 22/02/2026'),
    ('2026-02-17', 'holiday', 'Tết Nguyên đán Bính Ngọ (mùng 1 Tết)', 'Bộ luật Lao động 2019, Điều 112 khoản 1 điểm b, khoản 3; văn bản của Văn phòng Chính phủ (tháng 10/2025) truyền đạt ý kiến của Thủ tướng về nghỉ Tết Âm lịch và Quốc khánh năm 2026 [cần kiểm tra số, ngày văn bản]: nghỉ từ 14/02 đến hết 22/02/2026'),
    ('2026-02-18', 'holiday', 'Tết Nguyên đán Bính Ngọ (mùng 2 Tết)', 'Bộ luật Lao động 2019, Điều 112 khoản 1 điểm b, khoản 3; văn bản của Văn phòng Chính phủ (tháng 10/2025) truyền đạt ý kiến của Thủ tướng về nghỉ Tết Âm lịch và Quốc khánh năm 2026 [cần kiểm tra số, ngày văn bản]: nghỉ từ 14/02 đến hết 22/02/2026'),
    ('2026-02-19', 'holiday', 'Tết Nguyên đán Bính Ngọ (mùng 3 Tết)', 'Bộ luật Lao động 2019, Điều 112 khoản 1 điểm b, khoản 3; văn bản của Văn phòng Chính phủ (tháng 10/2025) truyền đạt ý kiến của Thủ tướng về nghỉ Tết Âm lịch và Quốc khánh năm 2026 [cần kiểm tra số, ngày văn bản]: nghỉ từ 14/02 đến hết 22/02/2026'),
    ('2026-02-20', 'holiday', 'Tết Nguyên đán Bính Ngọ (mùng 4 Tết)', 'Bộ luật Lao động 2019, Điều 112 khoản 1 điểm b, khoản 3; văn bản của Văn phòng Chính phủ (tháng 10/2025) truyền đạt ý kiến của Thủ tướng về nghỉ Tết Âm lịch và Quốc khánh năm 2026 [cần kiểm tra số, ngày văn bản]: nghỉ từ 14/02 đến hết 22/02/2026'),
    ('2026-04-26', 'holiday', 'Giỗ Tổ Hùng Vương (10/3 âm lịch, trùng Chủ nhật)', 'Bộ luật Lao động 2019, Điều 112 khoản 1 điểm e'),
    ('2026-04-27', 'day_off', 'Nghỉ bù Giỗ Tổ Hùng Vương (trùng Chủ nhật 26/4/2026)', 'Bộ luật Lao động 2019, Điều 111 khoản 3: ngày nghỉ lễ trùng ngày nghỉ hằng tuần thì được nghỉ bù vào ngày làm việc kế tiếp'),
    ('2026-04-30', 'holiday', 'Ngày Chiến thắng (30/4)', 'Bộ luật Lao động 2019, Điều 112 khoản 1 điểm c'),
    ('2026-05-01', 'holiday', 'Ngày Quốc tế lao động (1/5)', 'Bộ luật Lao động 2019, Điều 112 khoản 1 điểm d'),
    ('2026-08-22', 'work_day', 'Làm việc bù cho thứ Hai 31/8/2026', 'văn bản của Văn phòng Chính phủ (tháng 10/2025) truyền đạt ý kiến của Thủ tướng về nghỉ Tết Âm lịch và Quốc khánh năm 2026 [cần kiểm tra số, ngày văn bản]: hoán đổi ngày làm việc thứ Hai 31/8/2026 sang thứ Bảy 22/8/2026'),
    ('2026-08-31', 'day_off', 'Nghỉ hoán đổi dịp Quốc khánh (làm bù thứ Bảy 22/8/2026)', 'văn bản của Văn phòng Chính phủ (tháng 10/2025) truyền đạt ý kiến của Thủ tướng về nghỉ Tết Âm lịch và Quốc khánh năm 2026 [cần kiểm tra số, ngày văn bản]: hoán đổi ngày làm việc thứ Hai 31/8/2026 sang thứ Bảy 22/8/2026'),
    ('2026-09-01', 'holiday', 'Quốc khánh (ngày liền kề trước 2/9)', 'Bộ luật Lao động 2019, Điều 112 khoản 1 điểm đ, khoản 3; văn bản của Văn phòng Chính phủ (tháng 10/2025) truyền đạt ý kiến của Thủ tướng về nghỉ Tết Âm lịch và Quốc khánh năm 2026 [cần kiểm tra số, ngày văn bản]: nghỉ từ 29/8 đến hết 02/9/2026'),
    ('2026-09-02', 'holiday', 'Quốc khánh (2/9)', 'Bộ luật Lao động 2019, Điều 112 khoản 1 điểm đ'),
    ('2027-01-01', 'holiday', 'Tết Dương lịch', 'Bộ luật Lao động 2019, Điều 112 khoản 1 điểm a'),
    ('2027-02-04', 'holiday', 'Tết Nguyên đán Đinh Mùi (28 tháng Chạp), dự kiến', 'Bộ luật Lao động 2019, Điều 112 khoản 1 điểm b và khoản 3 (Thủ tướng quyết định cụ thể ngày nghỉ Tết Âm lịch) [cần kiểm tra: chưa tìm được quyết định của Thủ tướng cho năm 2027; ngày dự kiến theo cách bố trí Tết Giáp Thìn 2024, khi mùng 1 Tết cũng là thứ Bảy: nghỉ 2 ngày làm việc trước và 3 ngày làm việc sau mùng 1, tức từ 04/02 đến hết 10/02/2027]'),
    ('2027-02-05', 'holiday', 'Tết Nguyên đán Đinh Mùi (29 tháng Chạp), dự kiến', 'Bộ luật Lao động 2019, Điều 112 khoản 1 điểm b và khoản 3 (Thủ tướng quyết định cụ thể ngày nghỉ Tết Âm lịch) [cần kiểm tra: chưa tìm được quyết định của Thủ tướng cho năm 2027; ngày dự kiến theo cách bố trí Tết Giáp Thìn 2024, khi mùng 1 Tết cũng là thứ Bảy: nghỉ 2 ngày làm việc trước và 3 ngày làm việc sau mùng 1, tức từ 04/02 đến hết 10/02/2027]'),
    ('2027-02-08', 'holiday', 'Tết Nguyên đán Đinh Mùi (mùng 3 Tết), dự kiến', 'Bộ luật Lao động 2019, Điều 112 khoản 1 điểm b và khoản 3 (Thủ tướng quyết định cụ thể ngày nghỉ Tết Âm lịch) [cần kiểm tra: chưa tìm được quyết định của Thủ tướng cho năm 2027; ngày dự kiến theo cách bố trí Tết Giáp Thìn 2024, khi mùng 1 Tết cũng là thứ Bảy: nghỉ 2 ngày làm việc trước và 3 ngày làm việc sau mùng 1, tức từ 04/02 đến hết 10/02/2027]'),
    ('2027-02-09', 'holiday', 'Tết Nguyên đán Đinh Mùi (mùng 4 Tết), dự kiến', 'Bộ luật Lao động 2019, Điều 112 khoản 1 điểm b và khoản 3 (Thủ tướng quyết định cụ thể ngày nghỉ Tết Âm lịch) [cần kiểm tra: chưa tìm được quyết định của Thủ tướng cho năm 2027; ngày dự kiến theo cách bố trí Tết Giáp Thìn 2024, khi mùng 1 Tết cũng là thứ Bảy: nghỉ 2 ngày làm việc trước và 3 ngày làm việc sau mùng 1, tức từ 04/02 đến hết 10/02/2027]'),
    ('2027-02-10', 'holiday', 'Tết Nguyên đán Đinh Mùi (mùng 5 Tết), dự kiến', 'Bộ luật Lao động 2019, Điều 112 khoản 1 điểm b và khoản 3 (Thủ tướng quyết định cụ thể ngày nghỉ Tết Âm lịch) [cần kiểm tra: chưa tìm được quyết định của Thủ tướng cho năm 2027; ngày dự kiến theo cách bố trí Tết Giáp Thìn 2024, khi mùng 1 Tết cũng là thứ Bảy: nghỉ 2 ngày làm việc trước và 3 ngày làm việc sau mùng 1, tức từ 04/02 đến hết 10/02/2027]'),
    ('2027-04-16', 'holiday', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', 'Bộ luật Lao động 2019, Điều 112 khoản 1 điểm e [cần kiểm tra: ngày dương lịch 16/4/2027 tính theo lịch âm múi giờ UTC+7, chưa đối chiếu lịch do Nhà nước công bố]'),
    ('2027-04-30', 'holiday', 'Ngày Chiến thắng (30/4)', 'Bộ luật Lao động 2019, Điều 112 khoản 1 điểm c'),
    ('2027-05-01', 'holiday', 'Ngày Quốc tế lao động (1/5, trùng thứ Bảy)', 'Bộ luật Lao động 2019, Điều 112 khoản 1 điểm d'),
    ('2027-05-03', 'day_off', 'Nghỉ bù Ngày Quốc tế lao động (trùng thứ Bảy 1/5/2027)', 'Bộ luật Lao động 2019, Điều 111 khoản 3: ngày nghỉ lễ trùng ngày nghỉ hằng tuần thì được nghỉ bù vào ngày làm việc kế tiếp'),
    ('2027-09-02', 'holiday', 'Quốc khánh (2/9)', 'Bộ luật Lao động 2019, Điều 112 khoản 1 điểm đ'),
    ('2027-09-03', 'holiday', 'Quốc khánh (ngày liền kề sau 2/9), dự kiến', 'Bộ luật Lao động 2019, Điều 112 khoản 1 điểm đ, khoản 3 [cần kiểm tra: Thủ tướng quyết định ngày liền kề trước hoặc sau; chưa tìm được quyết định cho năm 2027]');
