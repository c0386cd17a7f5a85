-- Who may own an inspection, by kind, level of the owning unit and dates:
-- dated rule data with its citation, read by the date of the act. Rules
-- are never edited: an administrator adds one that takes effect from its
-- date. Seeded with inspection.DefaultRules (a test checks they agree).
CREATE TABLE inspection_rules (
    id INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    levels      TEXT NOT NULL DEFAULT '', -- comma-separated unit kinds; empty: any level
    valid_from  DATE,                     -- NULL: always
    valid_until DATE,                     -- NULL: still in force
    basis       TEXT NOT NULL,
    verified    BOOLEAN NOT NULL DEFAULT FALSE,
    created_by  INTEGER,
    created_at  TIMESTAMP                 -- NULL: seeded with the product
);
CREATE INDEX inspection_rules_kind ON inspection_rules(kind, valid_from);
INSERT INTO inspection_rules (kind, levels, valid_from, valid_until, basis, verified) VALUES
('inspection', 'nation,province', '2025-07-01', NULL,
 'Luật Thanh tra số 84/2025/QH15 (hiệu lực 01/07/2025): hệ thống thanh tra hai cấp — Thanh tra Chính phủ và Thanh tra tỉnh, thành phố trực thuộc trung ương; bỏ thanh tra sở và thanh tra huyện', TRUE),
('inspection', 'nation,province,department,district', NULL, '2025-06-30',
 'Luật Thanh tra số 11/2022/QH15 (đến 30/06/2025): thanh tra bộ, tỉnh, sở và huyện (cần đối chiếu văn bản)', FALSE),
('check', '', NULL, NULL,
 'Quyết định 1847/QĐ-TTg ngày 27/12/2018 phê duyệt Đề án văn hóa công vụ: người đứng đầu và cơ quan nội vụ kiểm tra việc thực hiện văn hóa công vụ ở mọi cấp (cần đối chiếu điều khoản)', FALSE);
