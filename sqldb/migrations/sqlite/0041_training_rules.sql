-- Training obligations (issue 14): the rule sets the product ships
-- (training.DefaultRuleSets; a test checks storage holds exactly them).
-- Decree 101/2017/NĐ-CP as amended by Decree 89/2021/NĐ-CP: the yearly
-- minimum of compulsory training, unverified (see the note).
INSERT INTO training_rule_sets (code, basis, valid_from, valid_to, min_hours, note, verified, created_at) VALUES
('101/2017',
 'Nghị định số 101/2017/NĐ-CP ngày 01/9/2017 của Chính phủ về đào tạo, bồi dưỡng cán bộ, công chức, viên chức, sửa đổi, bổ sung bởi Nghị định số 89/2021/NĐ-CP: cán bộ, công chức, viên chức có nghĩa vụ tham gia chương trình bồi dưỡng bắt buộc tối thiểu hằng năm.',
 '2017-10-15', NULL, 40,
 'Mức tối thiểu ghi ở đây là 01 tuần/năm, tính 40 tiết (mỗi tiết được tính như một giờ), cho kiến thức, kỹ năng chuyên ngành bắt buộc hằng năm — cần xác minh: con số, cách quy đổi tiết ra giờ, điều khoản, ngày hiệu lực của Nghị định 101/2017 và của Nghị định 89/2021, và việc các nghị định này đã được thay thế từ năm 2025 hay chưa (nếu đã thay thế, quản trị viên thêm quy định mới kèm ngày áp dụng).',
 FALSE, CURRENT_TIMESTAMP);

-- An official's year also counts their assignments with a quiz, so that
-- "passed every quiz of the year" (training.YearPassed) is read from the row.
ALTER TABLE training_official_years ADD COLUMN quizzes INTEGER NOT NULL DEFAULT 0;
